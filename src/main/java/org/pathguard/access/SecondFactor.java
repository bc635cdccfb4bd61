package org.pathguard.access;

import com.eatthepath.otp.TimeBasedOneTimePasswordGenerator;
import org.apache.commons.codec.binary.Base32;

import javax.crypto.spec.SecretKeySpec;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.OptionalLong;

/**
 * TOTP (RFC 6238: SHA-1, 30 s, 6 digits, what every authenticator app reads from a QR code). A code
 * is accepted for the current step or one either side, and only for a step later than the last one
 * used, so a code overheard once cannot be replayed.
 */
public final class SecondFactor {

    private static final TimeBasedOneTimePasswordGenerator TOTP = new TimeBasedOneTimePasswordGenerator();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final long STEP_SECONDS = TOTP.getTimeStep().toSeconds();

    private SecondFactor() {
    }

    public static byte[] newSecret() {
        byte[] secret = new byte[20];
        RANDOM.nextBytes(secret);
        return secret;
    }

    public static String base32(byte[] secret) {
        return new Base32().encodeToString(secret).replace("=", "");
    }

    public static byte[] fromBase32(String secret) {
        return new Base32().decode(secret.trim().toUpperCase());
    }

    /** The URI an authenticator app takes from the enrolment QR code. */
    public static String otpauthUri(String issuer, String username, byte[] secret) {
        String label = enc(issuer) + ":" + enc(username);
        return "otpauth://totp/" + label + "?secret=" + base32(secret) + "&issuer=" + enc(issuer)
                + "&algorithm=SHA1&digits=6&period=" + STEP_SECONDS;
    }

    public static String code(byte[] secret, Instant at) {
        try {
            return TOTP.generateOneTimePasswordString(key(secret), at);
        } catch (InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The time step the code belongs to, when it is valid now and newer than {@code lastUsedStep}. */
    public static OptionalLong verify(byte[] secret, String code, Instant now, long lastUsedStep) {
        if (code == null || !code.trim().matches("\\d{6}")) {
            return OptionalLong.empty();
        }
        long current = now.getEpochSecond() / STEP_SECONDS;
        for (long step = current - 1; step <= current + 1; step++) {
            if (step > lastUsedStep && code(secret, Instant.ofEpochSecond(step * STEP_SECONDS)).equals(code.trim())) {
                return OptionalLong.of(step);
            }
        }
        return OptionalLong.empty();
    }

    private static SecretKeySpec key(byte[] secret) {
        return new SecretKeySpec(secret, TOTP.getAlgorithm());
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
