package org.pathguard.web;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The security headers {@link SecurityConfiguration} puts on every response, as a reader of a response sees them:
 * for the security posture when no server runs in its process. SecurityHeadersTest keeps this equal to a real
 * response of the server.
 */
public final class SecurityHeaders {

    static final Duration STRICT_TRANSPORT_SECURITY = Duration.ofDays(365);

    private SecurityHeaders() {
    }

    public static Map<String, String> declared() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Security-Policy", SecurityConfiguration.CONTENT_SECURITY_POLICY);
        headers.put("Strict-Transport-Security", "max-age=" + STRICT_TRANSPORT_SECURITY.toSeconds() + " ; includeSubDomains");
        headers.put("X-Content-Type-Options", "nosniff");
        headers.put("X-Frame-Options", "DENY");
        headers.put("Referrer-Policy", "no-referrer");
        headers.put("Cache-Control", "no-cache, no-store, max-age=0, must-revalidate");
        return headers;
    }
}
