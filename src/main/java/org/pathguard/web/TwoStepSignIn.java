package org.pathguard.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.pathguard.access.Accounts;
import org.pathguard.access.Actor;
import org.pathguard.access.SignInRefused;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.security.web.csrf.CsrfTokenRepository;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Signing in, in two steps, for the API and the sign-in page alike: the password alone only earns
 * the right to give the second factor (within five minutes); only both together make a session,
 * under a new session id and a new CSRF token.
 */
@Component
@ConditionalOnWebApplication
class TwoStepSignIn {

    static final String SIGNED_IN_AT = "pathguard.signed-in-at";
    private static final String AWAITING_SECOND_FACTOR = "pathguard.awaiting-second-factor";
    private static final Duration SECOND_FACTOR_WITHIN = Duration.ofMinutes(5);

    private final Accounts accounts;
    private final RateLimits limits;
    private final SecurityContextRepository contexts;
    private final CsrfTokenRepository csrf;

    TwoStepSignIn(Accounts accounts, RateLimits limits, SecurityContextRepository contexts, CsrfTokenRepository csrf) {
        this.accounts = accounts;
        this.limits = limits;
        this.contexts = contexts;
        this.csrf = csrf;
    }

    private record Awaiting(UUID accountId, String username, Instant since) implements java.io.Serializable {
    }

    void password(String username, String password, HttpServletRequest request) {
        limits.signIn(request.getRemoteAddr(), username);
        UUID account = accounts.checkPassword(username, password, Instant.now());
        request.getSession().setAttribute(AWAITING_SECOND_FACTOR, new Awaiting(account, username, Instant.now()));
    }

    boolean awaitingSecondFactor(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        return session != null && session.getAttribute(AWAITING_SECOND_FACTOR) != null;
    }

    Actor secondFactor(String code, HttpServletRequest request, HttpServletResponse response) {
        HttpSession session = request.getSession(false);
        if (session == null || !(session.getAttribute(AWAITING_SECOND_FACTOR) instanceof Awaiting awaiting)
                || awaiting.since().plus(SECOND_FACTOR_WITHIN).isBefore(Instant.now())) {
            throw new SignInRefused("Give your username and password first; the code must follow within five minutes");
        }
        limits.signIn(request.getRemoteAddr(), awaiting.username());
        Actor actor = accounts.checkSecondFactor(awaiting.accountId(), code, Instant.now());
        session.removeAttribute(AWAITING_SECOND_FACTOR);
        signIn(actor, request, response, contexts, csrf);
        return actor;
    }

    static void signOut(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        if (session != null) {
            session.invalidate();
        }
        SecurityContextHolder.clearContext();
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
