package org.pathguard.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.pathguard.access.Actor;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Signing in through the API: password, then second factor ({@link TwoStepSignIn}). */
@RestController
@ConditionalOnWebApplication
@RequestMapping("/api/session")
class SessionController {

    private final TwoStepSignIn signIn;

    SessionController(TwoStepSignIn signIn) {
        this.signIn = signIn;
    }

    record Password(String username, String password) {
    }

    record Code(String code) {
    }

    record Session(boolean signedIn, String next, String username, Actor.Role role, String organisation,
                   String csrfHeader, String csrfToken) {
    }

    /** Who is signed in, and the CSRF token every later POST, PUT or DELETE must send. */
    @GetMapping
    Session current(HttpServletRequest request) {
        CsrfToken token = (CsrfToken) request.getAttribute(CsrfToken.class.getName());
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth != null && auth.getPrincipal() instanceof Actor actor) {
            return new Session(true, null, actor.name(), actor.role(), actor.organisation(), token.getHeaderName(), token.getToken());
        }
        String next = signIn.awaitingSecondFactor(request) ? "second-factor" : "password";
        return new Session(false, next, null, null, null, token.getHeaderName(), token.getToken());
    }

    @PostMapping("/password")
    Session password(@RequestBody Password given, HttpServletRequest request) {
        signIn.password(given.username(), given.password(), request);
        return current(request);
    }

    @PostMapping("/second-factor")
    Session secondFactor(@RequestBody Code code, HttpServletRequest request, HttpServletResponse response) {
        signIn.secondFactor(code.code(), request, response);
        return current(request);
    }

    @DeleteMapping
    Session signOut(HttpServletRequest request) {
        TwoStepSignIn.signOut(request);
        return new Session(false, "password", null, null, null, null, null);
    }
}
