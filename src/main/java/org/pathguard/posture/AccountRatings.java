package org.pathguard.posture;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Set;

/**
 * The identity and monitoring indicators' thresholds (B2.a, B2.c, B2.d, C1.c) as plain rules, apart from the probes
 * that gather their counts, so each can be tested both ways without a lab.
 */
final class AccountRatings {

    /**
     * RFC 8176 methods that prove one thing the person knows or a circumstance, never a second factor on their own:
     * a single sign-on that accepts any of these as its proof would let a password alone in.
     */
    static final Set<String> NOT_A_SECOND_FACTOR = Set.of("pwd", "pin", "kba", "geo", "wia", "rba", "tel", "user");

    private AccountRatings() {
    }

    /** B2.a, B2.c: every account that can sign in has a second factor, or some can sign in with a password alone. */
    static Rating everyoneHasASecondFactor(long canSignIn, long withSecondFactor) {
        return withSecondFactor >= canSignIn ? Rating.ACHIEVED : Rating.NOT_ACHIEVED;
    }

    /** B2.a: single sign-on off (PathGuard's own two factors), or on and accepting only second-factor methods. */
    static Rating singleSignOnDemandsASecondFactor(boolean on, Collection<String> acceptedMethods) {
        if (!on) {
            return Rating.ACHIEVED;
        }
        boolean weak = acceptedMethods.isEmpty() || acceptedMethods.stream().anyMatch(NOT_A_SECOND_FACTOR::contains);
        return weak ? Rating.NOT_ACHIEVED : Rating.ACHIEVED;
    }

    /**
     * B2.d: dormant accounts still enabled are a gap to close (partial); one still enabled past the limit for disabling
     * means the lab's own rule is not running (not achieved).
     */
    static Rating dormantAccounts(long dormant, long pastDisabling) {
        if (pastDisabling > 0) {
            return Rating.NOT_ACHIEVED;
        }
        return dormant > 0 ? Rating.PARTIALLY_ACHIEVED : Rating.ACHIEVED;
    }

    /** B2.d: a lock or two is a forgotten password; more at once is someone guessing. */
    static Rating lockedAccounts(long locked, int most) {
        return locked > most ? Rating.PARTIALLY_ACHIEVED : Rating.ACHIEVED;
    }

    /** B2.d: machine credentials are not disabled for being old, but one older than the lab's limit is due for renewal. */
    static Rating machineCredentials(Collection<Instant> issued, Instant now, Duration maxAge) {
        boolean stale = issued.stream().anyMatch(at -> Duration.between(at, now).compareTo(maxAge) > 0);
        return stale ? Rating.PARTIALLY_ACHIEVED : Rating.ACHIEVED;
    }

    /** C1.c: break-glass reads or access alerts left unreviewed past the time allowed. */
    static Rating reviewedInTime(long overdue) {
        return overdue > 0 ? Rating.PARTIALLY_ACHIEVED : Rating.ACHIEVED;
    }

    /** "a.smith, b.jones and 3 more": staff names for the evidence, kept to a readable length. */
    static String names(Collection<String> names) {
        int shown = 20;
        String listed = String.join(", ", names.stream().limit(shown).toList());
        return names.isEmpty() ? "none" : names.size() > shown ? listed + " and " + (names.size() - shown) + " more" : listed;
    }
}
