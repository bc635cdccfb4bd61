package org.pathguard.posture;

import org.pathguard.access.DormantAccounts;
import org.pathguard.access.Dormancy;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * B2.d: no account stays enabled unused. Dormant ones (pathguard.accounts.dormant-after) are partial: the lab manager
 * can ask the person before PathGuard disables them; any still enabled past pathguard.accounts.disable-dormant-after
 * means the disabling round is not running.
 */
@Component
class DormantAccountsProbe implements Probe {

    static final Indicator INDICATOR = new Indicator("b2d-dormant-accounts", CafOutcome.B2_D,
            "No account stays enabled without being used", Indicator.Kind.AUTOMATED);

    private final DormantAccounts accounts;

    DormantAccountsProbe(DormantAccounts accounts) {
        this.accounts = accounts;
    }

    @Override
    public Indicator indicator() {
        return INDICATOR;
    }

    @Override
    public Reading take(Instant now) {
        List<DormantAccounts.Dormant> dormant = accounts.dormant(now);
        long pastDisabling = dormant.stream().filter(d -> d.standing() == Dormancy.Standing.TO_DISABLE).count();
        Rating rating = AccountRatings.dormantAccounts(dormant.size(), pastDisabling);
        Dormancy rule = accounts.rule();
        String finding = dormant.isEmpty() ? "Every enabled account was used in the last " + rule.reportAfter().toDays() + " days"
                : pastDisabling > 0 ? pastDisabling + " accounts unused for over " + rule.disableAfter().toDays()
                        + " days are still enabled: the round that disables them is not running"
                : dormant.size() + " accounts have not been used for " + rule.reportAfter().toDays() + " days; PathGuard disables them at "
                        + rule.disableAfter().toDays();
        return new Reading(INDICATOR, rating, finding, List.of(
                new Evidence("dormant after", rule.reportAfter().toDays() + " days"),
                new Evidence("disabled after", rule.disableAfter().toDays() + " days"),
                new Evidence("dormant accounts", AccountRatings.names(dormant.stream()
                        .map(d -> d.username() + " (" + d.role() + ", " + Duration.between(d.lastActive(), now).toDays() + " days)").toList()))),
                now);
    }
}
