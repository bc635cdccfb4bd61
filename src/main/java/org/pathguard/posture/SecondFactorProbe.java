package org.pathguard.posture;

import org.pathguard.access.AccountCensus;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.List;

/**
 * B2.a: every person who can sign in proves a second factor, PathGuard's authenticator or the identity provider's.
 * Enrolment cannot finish without one, so a gap here means the accounts table was changed outside PathGuard.
 */
@Component
class SecondFactorProbe implements Probe {

    static final Indicator INDICATOR = new Indicator("b2a-second-factor", CafOutcome.B2_A,
            "Every person's account has a second factor", Indicator.Kind.AUTOMATED);

    private final AccountCensus census;

    SecondFactorProbe(AccountCensus census) {
        this.census = census;
    }

    @Override
    public Indicator indicator() {
        return INDICATOR;
    }

    @Override
    public Reading take(Instant now) {
        List<AccountCensus.Person> people = census.people().stream().filter(AccountCensus.Person::canSignIn).toList();
        List<String> without = people.stream().filter(p -> p.secondFactor() == AccountCensus.SecondFactor.NONE)
                .map(AccountCensus.Person::username).toList();
        long authenticator = people.stream().filter(p -> p.secondFactor() == AccountCensus.SecondFactor.AUTHENTICATOR).count();
        long singleSignOn = people.stream().filter(p -> p.secondFactor() == AccountCensus.SecondFactor.SINGLE_SIGN_ON).count();
        long with = people.size() - without.size();
        Rating rating = AccountRatings.everyoneHasASecondFactor(people.size(), with);
        String finding = without.isEmpty() ? "All " + people.size() + " accounts that can sign in have a second factor"
                : without.size() + " of " + people.size() + " accounts can sign in with a password alone";
        return new Reading(INDICATOR, rating, finding, List.of(
                new Evidence("accounts with a second factor", with + " of " + people.size()),
                new Evidence("with PathGuard's authenticator", Long.toString(authenticator)),
                new Evidence("through single sign-on", Long.toString(singleSignOn)),
                new Evidence("without a second factor", AccountRatings.names(without))), now);
    }
}
