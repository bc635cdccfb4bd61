package org.pathguard.web;

import jakarta.servlet.http.HttpServletRequest;
import org.pathguard.access.Accounts;
import org.pathguard.access.QrCode;
import org.pathguard.access.SecondFactor;
import org.pathguard.access.SignInRefused;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * First sign-in through the one-time link, for the API and the enrolment page alike: the server
 * picks an authenticator secret and shows it as a QR code; the person chooses a password and proves
 * the authenticator with a current code; only then does the account become active, and its recovery
 * codes are shown, once.
 */
@Component
@ConditionalOnWebApplication
class Enrolments {

    private static final String SECRET = "pathguard.enrolment-secret";

    private final Accounts accounts;
    private final RateLimits limits;

    Enrolments(Accounts accounts, RateLimits limits) {
        this.accounts = accounts;
        this.limits = limits;
    }

    record Authenticator(String otpauthUri, String secret, String qrCodeSvg) {
    }

    /** An enrolment link looked up once per request: the rate-limited step every other one starts from. */
    record Opened(String token, Accounts.Enrolment enrolment) {
    }

    Opened open(String token, HttpServletRequest request) {
        limits.signIn(request.getRemoteAddr(), "enrolment:" + Integer.toHexString(token.hashCode()));
        return new Opened(token, accounts.enrolment(token));
    }

    /** A new authenticator secret for this enrolment, kept in the session until a code proves it. */
    Authenticator authenticator(Opened opened, HttpServletRequest request) {
        byte[] secret = Accounts.newTotpSecret();
        request.getSession().setAttribute(SECRET, new PendingSecret(opened.token(), secret));
        return authenticator(opened.enrolment(), secret);
    }

    /** The secret already shown in this session, if any: a page reloaded or a mistyped code keeps the QR code scanned. */
    Authenticator currentAuthenticator(Opened opened, HttpServletRequest request) {
        var session = request.getSession(false);
        if (session != null && session.getAttribute(SECRET) instanceof PendingSecret pending && pending.token().equals(opened.token())) {
            return authenticator(opened.enrolment(), pending.secret());
        }
        return authenticator(opened, request);
    }

    private static Authenticator authenticator(Accounts.Enrolment enrolment, byte[] secret) {
        String uri = SecondFactor.otpauthUri(Accounts.ISSUER, enrolment.username(), secret);
        return new Authenticator(uri, SecondFactor.base32(secret), QrCode.svg(uri));
    }

    /** Activates the account; answers its recovery codes. */
    List<String> complete(Opened opened, String password, String code, HttpServletRequest request) {
        var session = request.getSession(false);
        if (session == null || !(session.getAttribute(SECRET) instanceof PendingSecret pending) || !pending.token().equals(opened.token())) {
            throw new SignInRefused("Ask for the authenticator QR code first, in the same session");
        }
        List<String> codes = accounts.enrol(opened.token(), password, pending.secret(), code);
        session.removeAttribute(SECRET);
        return codes;
    }

    private record PendingSecret(String token, byte[] secret) implements java.io.Serializable {
    }
}
