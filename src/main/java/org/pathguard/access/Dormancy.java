package org.pathguard.access;

import java.time.Duration;
import java.time.Instant;

/**
 * When an account counts as dormant: no sign-in for {@code reportAfter} (counted from its invitation, its last
 * re-enabling or authenticator reset when it has not signed in since), and disabled by PathGuard itself after
 * {@code disableAfter}. A person back from leave asks an administrator to enable the account again: the ordinary
 * lifecycle, with a second administrator when the account is flagged.
 */
public record Dormancy(Duration reportAfter, Duration disableAfter) {

    public enum Standing {
        IN_USE, DORMANT, TO_DISABLE
    }

    public Dormancy {
        if (reportAfter.isNegative() || reportAfter.isZero()) {
            throw new IllegalArgumentException("pathguard.accounts.dormant-after must be positive, not " + reportAfter);
        }
        if (disableAfter.compareTo(reportAfter) < 0) {
            throw new IllegalArgumentException("pathguard.accounts.disable-dormant-after (" + disableAfter
                    + ") must be at least pathguard.accounts.dormant-after (" + reportAfter + "): an account is reported before it is disabled");
        }
    }

    public Standing of(Instant lastActive, Instant now) {
        Duration idle = Duration.between(lastActive, now);
        if (idle.compareTo(disableAfter) >= 0) {
            return Standing.TO_DISABLE;
        }
        return idle.compareTo(reportAfter) >= 0 ? Standing.DORMANT : Standing.IN_USE;
    }
}
