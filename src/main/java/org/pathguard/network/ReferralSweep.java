package org.pathguard.network;

import org.pathguard.background.Rounds;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

import java.time.Duration;

/**
 * PathGuard's own referral work, from what is recorded so nothing is lost across restarts: tests the catalogue
 * sends to a partner are referred as soon as they are on an order, and resulted referrals close once their
 * results are released here. Runs where the outbound interfaces run (serve, demo), never in a restore or rebuild.
 */
@Component
@ConditionalOnProperty(name = "pathguard.outbound.enabled", havingValue = "true")
class ReferralSweep extends Rounds {

    private static final Logger log = LoggerFactory.getLogger(ReferralSweep.class);

    private final Referrals referrals;

    ReferralSweep(Referrals referrals, @Value("${pathguard.referral.sweep-every:PT5S}") Duration poll) {
        super("referral-sweep", poll);
        this.referrals = referrals;
    }

    /** Returns how many referrals it made or closed. */
    @Override
    protected int round() {
        int done = 0;
        for (Referrals.Unreferred u : referrals.unreferredByRule()) {
            try {
                referrals.referByRule(u.orderId(), u.testCode(), partnerFor(u.testCode()));
                done++;
            } catch (RuntimeException e) {
                // Another round tries again; the order's test is still unreferred.
                log.warn("Referral by catalogue rule of a {} failed: {}", u.testCode(), e.getClass().getName());
            }
        }
        return done + referrals.closeReleased();
    }

    private String partnerFor(String testCode) {
        return referrals.catalogueTest(testCode).referredTo();
    }
}
