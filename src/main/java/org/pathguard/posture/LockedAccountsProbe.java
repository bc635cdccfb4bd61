package org.pathguard.posture;

import org.pathguard.access.AccountCensus;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.List;

/**
 * B2.d: accounts locked now by failed sign-ins. A lock lasts minutes and one or two are forgotten passwords; more
 * than pathguard.posture.most-locked-accounts at once looks like guessing, which the access alerts then explain.
 */
@Component
class LockedAccountsProbe implements Probe {

    static final Indicator INDICATOR = new Indicator("b2d-locked-accounts", CafOutcome.B2_D,
            "Failed sign-ins lock no more than a few accounts at once", Indicator.Kind.AUTOMATED);

    private final AccountCensus census;
    private final int most;

    LockedAccountsProbe(AccountCensus census, @Value("${pathguard.posture.most-locked-accounts:3}") int most) {
        this.census = census;
        this.most = most;
    }

    @Override
    public Indicator indicator() {
        return INDICATOR;
    }

    @Override
    public Reading take(Instant now) {
        List<String> locked = census.people().stream().filter(p -> p.locked(now)).map(AccountCensus.Person::username).toList();
        Rating rating = AccountRatings.lockedAccounts(locked.size(), most);
        String finding = locked.isEmpty() ? "No account is locked" : locked.size() + " accounts are locked by failed sign-ins";
        return new Reading(INDICATOR, rating, finding, List.of(
                new Evidence("locked now", AccountRatings.names(locked)),
                new Evidence("more than this at once is partial", Integer.toString(most))), now);
    }
}
