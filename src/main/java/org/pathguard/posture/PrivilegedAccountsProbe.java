package org.pathguard.posture;

import org.pathguard.access.AccountCensus;
import org.pathguard.access.Actor;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * B2.c: the accounts that manage accounts, audit access, run the lab or the network, each named, counted by role,
 * and each with a second factor. Invited ones not yet enrolled cannot sign in and are listed apart.
 */
@Component
class PrivilegedAccountsProbe implements Probe {

    static final Indicator INDICATOR = new Indicator("b2c-privileged-second-factor", CafOutcome.B2_C,
            "Every privileged account has a second factor", Indicator.Kind.AUTOMATED);

    private final AccountCensus census;

    PrivilegedAccountsProbe(AccountCensus census) {
        this.census = census;
    }

    @Override
    public Indicator indicator() {
        return INDICATOR;
    }

    @Override
    public Reading take(Instant now) {
        List<AccountCensus.Person> privileged = census.people().stream().filter(AccountCensus.Person::privileged).toList();
        List<AccountCensus.Person> canSignIn = privileged.stream().filter(AccountCensus.Person::canSignIn).toList();
        List<String> without = canSignIn.stream().filter(p -> p.secondFactor() == AccountCensus.SecondFactor.NONE)
                .map(AccountCensus.Person::username).toList();
        Rating rating = AccountRatings.everyoneHasASecondFactor(canSignIn.size(), canSignIn.size() - without.size());
        Map<Actor.Role, List<String>> byRole = canSignIn.stream().collect(Collectors.groupingBy(AccountCensus.Person::role,
                TreeMap::new, Collectors.mapping(AccountCensus.Person::username, Collectors.toList())));
        List<Evidence> evidence = new ArrayList<>();
        evidence.add(new Evidence("privileged accounts that can sign in", Integer.toString(canSignIn.size())));
        byRole.forEach((role, names) -> evidence.add(new Evidence(role.name(), names.size() + ": " + AccountRatings.names(names))));
        evidence.add(new Evidence("without a second factor", AccountRatings.names(without)));
        evidence.add(new Evidence("invited, not yet enrolled", AccountRatings.names(privileged.stream()
                .filter(p -> !p.canSignIn()).map(AccountCensus.Person::username).toList())));
        String finding = without.isEmpty() ? "All " + canSignIn.size() + " privileged accounts have a second factor"
                : without.size() + " privileged accounts can sign in with a password alone";
        return new Reading(INDICATOR, rating, finding, evidence, now);
    }
}
