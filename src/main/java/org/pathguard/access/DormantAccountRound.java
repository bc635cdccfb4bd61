package org.pathguard.access;

import org.pathguard.background.Rounds;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.InstantSource;

/**
 * Disables dormant accounts while the server runs (serve, demo), never in a restore or rebuild, which must not append
 * events. Hourly is plenty for a rule counted in months; a round that disabled some goes again at once and finds none.
 */
@Component
@ConditionalOnProperty(name = "pathguard.outbound.enabled", havingValue = "true")
class DormantAccountRound extends Rounds {

    private final DormantAccounts dormant;
    private final InstantSource clock;

    DormantAccountRound(DormantAccounts dormant, InstantSource clock,
                        @Value("${pathguard.accounts.dormant-check-every:PT1H}") Duration every) {
        super("dormant-accounts", every);
        this.dormant = dormant;
        this.clock = clock;
    }

    @Override
    protected int round() {
        return dormant.disableDormant(clock.instant());
    }
}
