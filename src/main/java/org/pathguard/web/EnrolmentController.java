package org.pathguard.web;

import jakarta.servlet.http.HttpServletRequest;
import org.pathguard.access.Accounts;
import org.pathguard.access.QrCode;
import org.pathguard.access.SecondFactor;
import org.pathguard.access.SignInRefused;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/**
 * First sign-in through the one-time link: the server picks an authenticator secret and shows it as
 * a QR code; the person chooses a password and proves the authenticator with a current code; only
 * then does the account become active, and its recovery codes are shown, once.
 */
@RestController
@ConditionalOnWebApplication
@RequestMapping("/api/enrolment/{token}")
class EnrolmentController {

    private static final String SECRET = "pathguard.enrolment-secret";

    private final Accounts accounts;
    private final RateLimits limits;

    EnrolmentController(Accounts accounts, RateLimits limits) {
        this.accounts = accounts;
        this.limits = limits;
    }

    record Authenticator(String otpauthUri, String secret, String qrCodeSvg) {
    }

    record Completion(String password, String code) {
    }

    record Enrolled(String username, List<String> recoveryCodes, String next) {
    }

    @GetMapping
    Accounts.Enrolment enrolment(@PathVariable String token, HttpServletRequest request) {
        limits.signIn(request.getRemoteAddr(), "enrolment:" + Integer.toHexString(token.hashCode()));
        return accounts.enrolment(token);
    }

    /** The authenticator secret for this enrolment, kept in the session until the code proves it. */
    @PostMapping("/authenticator")
    Authenticator authenticator(@PathVariable String token, HttpServletRequest request) {
        Accounts.Enrolment enrolment = enrolment(token, request);
        byte[] secret = Accounts.newTotpSecret();
        request.getSession().setAttribute(SECRET, new PendingSecret(token, secret));
        String uri = SecondFactor.otpauthUri(Accounts.ISSUER, enrolment.username(), secret);
        return new Authenticator(uri, SecondFactor.base32(secret), QrCode.svg(uri));
    }

    @PostMapping
    Enrolled complete(@PathVariable String token, @RequestBody Completion completion, HttpServletRequest request) {
        Accounts.Enrolment enrolment = enrolment(token, request);
        var session = request.getSession(false);
        if (session == null || !(session.getAttribute(SECRET) instanceof PendingSecret pending) || !pending.token().equals(token)) {
            throw new SignInRefused("Ask for the authenticator QR code first (POST .../authenticator), in the same session");
        }
        List<String> codes = accounts.enrol(token, completion.password(), pending.secret(), completion.code());
        session.removeAttribute(SECRET);
        return new Enrolled(enrolment.username(), codes, "Keep these recovery codes somewhere safe; each works once. Now sign in.");
    }

    private record PendingSecret(String token, byte[] secret) implements java.io.Serializable {
    }
}
