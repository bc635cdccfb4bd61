package org.pathguard.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.pathguard.access.Accounts;
import org.pathguard.access.Actor;
import org.pathguard.access.SignInRefused;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.security.web.csrf.CsrfTokenRepository;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Signing in, in two steps: the password alone only earns the right to give the second factor
 * (within five minutes); only both together make a session, under a new session id and a new
 * CSRF token.
 */
@RestController
@ConditionalOnWebApplication
@RequestMapping("/api/session")
class SessionController {

    static final String SIGNED_IN_AT = "pathguard.signed-in-at";
    private static final String AWAITING_SECOND_FACTOR = "pathguard.awaiting-second-factor";
    private static final Duration SECOND_FACTOR_WITHIN = Duration.ofMinutes(5);

    private final Accounts accounts;
    private final RateLimits limits;
    private final SecurityContextRepository contexts;
    private final CsrfTokenRepository csrf;

    SessionController(Accounts accounts, RateLimits limits, SecurityContextRepository contexts, CsrfTokenRepository csrf) {
        this.accounts = accounts;
        this.limits = limits;
        this.contexts = contexts;
        this.csrf = csrf;
    }

    record Password(String username, String password) {
    }

    record Code(String code) {
    }

    record Session(boolean signedIn, String next, String username, Actor.Role role, String organisation,
                   String csrfHeader, String csrfToken) {
    }

    private record Awaiting(UUID accountId, String username, Instant since) {
    }

    /** Who is signed in, and the CSRF token every later POST, PUT or DELETE must send. */
    @GetMapping
    Session current(HttpServletRequest request) {
        CsrfToken token = (CsrfToken) request.getAttribute(CsrfToken.class.getName());
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth != null && auth.getPrincipal() instanceof Actor actor) {
            return new Session(true, null, actor.name(), actor.role(), actor.organisation(), token.getHeaderName(), token.getToken());
        }
        HttpSession session = request.getSession(false);
        boolean awaiting = session != null && session.getAttribute(AWAITING_SECOND_FACTOR) != null;
        return new Session(false, awaiting ? "second-factor" : "password", null, null, null, token.getHeaderName(), token.getToken());
    }

    @PostMapping("/password")
    Session password(@RequestBody Password given, HttpServletRequest request) {
        limits.signIn(request.getRemoteAddr(), given.username());
        UUID account = accounts.checkPassword(given.username(), given.password(), Instant.now());
        request.getSession().setAttribute(AWAITING_SECOND_FACTOR, new Awaiting(account, given.username(), Instant.now()));
        return current(request);
    }

    @PostMapping("/second-factor")
    Session secondFactor(@RequestBody Code code, HttpServletRequest request, HttpServletResponse response) {
        HttpSession session = request.getSession(false);
        if (session == null || !(session.getAttribute(AWAITING_SECOND_FACTOR) instanceof Awaiting awaiting)
                || awaiting.since().plus(SECOND_FACTOR_WITHIN).isBefore(Instant.now())) {
            throw new SignInRefused("Give your username and password first; the code must follow within five minutes");
        }
        limits.signIn(request.getRemoteAddr(), awaiting.username());
        Actor actor = accounts.checkSecondFactor(awaiting.accountId(), code.code(), Instant.now());
        session.removeAttribute(AWAITING_SECOND_FACTOR);
        signIn(actor, request, response, contexts, csrf);
        return current(request);
    }

    @DeleteMapping
    Session signOut(HttpServletRequest request, HttpServletResponse response) {
        HttpSession session = request.getSession(false);
        if (session != null) {
            session.invalidate();
        }
        SecurityContextHolder.clearContext();
        return new Session(false, "password", null, null, null, null, null);
    }

    /** Starts an authenticated session: a new id (no fixation), a new CSRF token, the sign-in time for the absolute timeout. */
    static void signIn(Actor actor, HttpServletRequest request, HttpServletResponse response,
                       SecurityContextRepository contexts, CsrfTokenRepository csrf) {
        request.getSession();
        request.changeSessionId();
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(SignedInActor.authentication(actor, List.of()));
        SecurityContextHolder.setContext(context);
        contexts.saveContext(context, request, response);
        request.getSession().setAttribute(SIGNED_IN_AT, Instant.now());
        CsrfToken fresh = csrf.generateToken(request);
        csrf.saveToken(fresh, request, response);
        request.setAttribute(CsrfToken.class.getName(), fresh);
    }
}
