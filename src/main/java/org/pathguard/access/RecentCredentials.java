package org.pathguard.access;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * Machine credentials found valid in the last few seconds, so that a partner's steady stream of requests is not one
 * database read (and one blind index per key) each. Only credentials found valid are remembered, under the SHA-256 of
 * the token, never the token. A revocation in this server forgets them all once it has committed; one made anywhere
 * else (by hand in the database) takes effect within {@code lifetime}.
 */
final class RecentCredentials {

    private record Found(Accounts.Credential credential, long until) {
    }

    private final Map<String, Found> found = new HashMap<>();
    private final long lifetimeNanos;
    private final LongSupplier nanoTime;
    /** Counts revocations: a look-up that began before one must not remember what it read. */
    private long revocations;

    RecentCredentials(Duration lifetime, LongSupplier nanoTime) {
        this.lifetimeNanos = lifetime.toNanos();
        this.nanoTime = nanoTime;
    }

    Optional<Accounts.Credential> find(String token, Function<String, Optional<Accounts.Credential>> lookUp) {
        if (lifetimeNanos <= 0) {
            return lookUp.apply(token);
        }
        String key = sha256(token);
        long began;
        synchronized (this) {
            Found known = found.get(key);
            if (known != null && nanoTime.getAsLong() - known.until() < 0) {
                return Optional.of(known.credential());
            }
            began = revocations;
        }
        Optional<Accounts.Credential> read = lookUp.apply(token);
        read.ifPresent(credential -> {
            synchronized (this) {
                if (revocations == began) {
                    found.put(key, new Found(credential, nanoTime.getAsLong() + lifetimeNanos));
                }
            }
        });
        return read;
    }

    /** After a revocation's commit: every credential is read again on its next use. */
    synchronized void revoked() {
        revocations++;
        found.clear();
    }

    private static String sha256(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime has SHA-256", e);
        }
    }
}
