package org.pathguard.posture;

import org.pathguard.access.AccountCensus;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * B2.d: machine credentials (analysers, order communications, partner labs) with their scopes and ages. They are not
 * people and are never disabled for disuse: an analyser may send nothing for weeks. One older than
 * pathguard.posture.credential-max-age is due to be reissued.
 */
@Component
class MachineCredentialsProbe implements Probe {

    static final Indicator INDICATOR = new Indicator("b2d-machine-credentials", CafOutcome.B2_D,
            "Every machine credential was issued within the renewal period", Indicator.Kind.AUTOMATED);

    private final AccountCensus census;
    private final Duration maxAge;

    MachineCredentialsProbe(AccountCensus census, @Value("${pathguard.posture.credential-max-age:P365D}") Duration maxAge) {
        this.census = census;
        this.maxAge = maxAge;
    }

    @Override
    public Indicator indicator() {
        return INDICATOR;
    }

    @Override
    public Reading take(Instant now) {
        List<AccountCensus.Machine> machines = census.machines();
        Rating rating = AccountRatings.machineCredentials(machines.stream().map(AccountCensus.Machine::issuedAt).toList(), now, maxAge);
        long old = machines.stream().filter(m -> Duration.between(m.issuedAt(), now).compareTo(maxAge) > 0).count();
        String finding = old == 0 ? machines.size() + " machine credentials, none older than " + maxAge.toDays() + " days"
                : old + " of " + machines.size() + " machine credentials are older than " + maxAge.toDays() + " days and due to be reissued";
        return new Reading(INDICATOR, rating, finding, List.of(
                new Evidence("renewal period", maxAge.toDays() + " days"),
                new Evidence("credentials (scopes, age)", AccountRatings.names(machines.stream()
                        .map(m -> m.name() + " of " + m.organisation() + " (" + String.join("+", m.scopes()) + ", "
                                + Duration.between(m.issuedAt(), now).toDays() + " days)").toList()))), now);
    }
}
