package org.pathguard.access;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** A credential found valid is read once per lifetime; a revocation, and a miss, are never served from memory. */
class RecentCredentialsTest {

    private static final Accounts.Credential ANALYSER = new Accounts.Credential("analyser.one", "RXX", List.of("results"));

    private final AtomicLong now = new AtomicLong();
    private final AtomicInteger reads = new AtomicInteger();
    private final RecentCredentials recent = new RecentCredentials(Duration.ofSeconds(5), now::get);

    private Optional<Accounts.Credential> valid(String token) {
        reads.incrementAndGet();
        return Optional.of(ANALYSER);
    }

    @Test
    void aValidCredentialIsReadOnceWithinItsLifetimeAndAgainAfter() {
        assertThat(recent.find("pgc_a", this::valid)).contains(ANALYSER);
        now.addAndGet(Duration.ofSeconds(5).minusNanos(1).toNanos());
        assertThat(recent.find("pgc_a", this::valid)).contains(ANALYSER);
        assertThat(reads).hasValue(1);
        now.addAndGet(1);
        assertThat(recent.find("pgc_a", this::valid)).contains(ANALYSER);
        assertThat(reads).hasValue(2);
    }

    @Test
    void aRevocationMakesEveryCredentialBeReadAgain() {
        recent.find("pgc_a", this::valid);
        recent.revoked();
        assertThat(recent.find("pgc_a", token -> Optional.empty())).as("revoked: read, and refused").isEmpty();
        assertThat(recent.find("pgc_a", token -> Optional.empty())).as("a refusal is not remembered as valid").isEmpty();
    }

    @Test
    void aLookUpBegunBeforeARevocationIsNotRemembered() {
        recent.find("pgc_a", token -> {
            recent.revoked(); // committed while this request was reading the credential as still valid
            return Optional.of(ANALYSER);
        });
        assertThat(recent.find("pgc_a", token -> Optional.empty())).isEmpty();
    }

    @Test
    void anUnknownTokenIsReadEveryTime() {
        recent.find("pgc_wrong", token -> {
            reads.incrementAndGet();
            return Optional.empty();
        });
        recent.find("pgc_wrong", this::valid);
        assertThat(reads).hasValue(2);
    }

    @Test
    void aLifetimeOfZeroReadsEveryTime() {
        RecentCredentials never = new RecentCredentials(Duration.ZERO, now::get);
        never.find("pgc_a", this::valid);
        never.find("pgc_a", this::valid);
        assertThat(reads).hasValue(2);
    }
}
