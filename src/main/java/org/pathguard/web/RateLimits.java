package org.pathguard.web;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Token buckets (Bucket4j) that slow guessing and scraping: sign-in attempts per client address and
 * per username, and API calls per principal. Buckets live in memory, a bounded number of them.
 */
@Component
public class RateLimits {

    private static final int MOST_BUCKETS = 100_000;

    private final int signInsPerAddress;
    private final int signInsPerUsername;
    private final int callsPerPrincipal;
    private final Map<String, Bucket> buckets = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Bucket> eldest) {
            return size() > MOST_BUCKETS;
        }
    };

    RateLimits(@Value("${pathguard.rate-limit.sign-ins-per-address-per-minute}") int signInsPerAddress,
               @Value("${pathguard.rate-limit.sign-ins-per-username-per-minute}") int signInsPerUsername,
               @Value("${pathguard.rate-limit.calls-per-principal-per-minute}") int callsPerPrincipal) {
        this.signInsPerAddress = signInsPerAddress;
        this.signInsPerUsername = signInsPerUsername;
        this.callsPerPrincipal = callsPerPrincipal;
    }

    public void signIn(String address, String username) {
        take("address:" + address, signInsPerAddress, "sign-in attempts from this address");
        take("username:" + (username == null ? "" : username.toLowerCase()), signInsPerUsername, "sign-in attempts for this username");
    }

    void call(String principal) {
        take("principal:" + principal, callsPerPrincipal, "requests from your account");
    }

    private void take(String key, int perMinute, String what) {
        Bucket bucket;
        synchronized (buckets) {
            bucket = buckets.computeIfAbsent(key, k -> Bucket.builder()
                    .addLimit(Bandwidth.builder().capacity(perMinute).refillGreedy(perMinute, Duration.ofMinutes(1)).build())
                    .build());
        }
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
        if (!probe.isConsumed()) {
            long seconds = Math.max(1, Duration.ofNanos(probe.getNanosToWaitForRefill()).toSeconds() + 1);
            throw new TooManyRequests("Too many " + what + " (at most " + perMinute + " a minute); wait " + seconds + " s", seconds);
        }
    }
}
