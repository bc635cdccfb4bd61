package org.pathguard.posture;

import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * B2.a: single sign-on lets a person in only when the identity provider says (the ID token's {@code amr}) that they
 * used a second factor. Read from the configuration the server started with: the methods web.SingleSignOn accepts.
 */
@Component
class SingleSignOnProbe implements Probe {

    static final Indicator INDICATOR = new Indicator("b2a-single-sign-on-second-factor", CafOutcome.B2_A,
            "Single sign-on accepts only people who used a second factor", Indicator.Kind.AUTOMATED);
    /** web.SingleSignOn's default for pathguard.oidc.second-factor-amr; a test holds the two together. */
    static final String DEFAULT_METHODS = "mfa,otp,hwk,sc,swk";

    private final Environment environment;

    SingleSignOnProbe(Environment environment) {
        this.environment = environment;
    }

    @Override
    public Indicator indicator() {
        return INDICATOR;
    }

    @Override
    public Reading take(Instant now) {
        String issuer = environment.getProperty("pathguard.oidc.issuer-uri", "");
        boolean on = !issuer.isBlank();
        List<String> methods = Arrays.stream(environment.getProperty("pathguard.oidc.second-factor-amr", DEFAULT_METHODS).split(","))
                .map(String::trim).filter(m -> !m.isEmpty()).toList();
        Rating rating = AccountRatings.singleSignOnDemandsASecondFactor(on, methods);
        if (!on) {
            return new Reading(INDICATOR, rating, "Single sign-on is off: everyone signs in with PathGuard's password and authenticator",
                    List.of(new Evidence("single sign-on", "off")), now);
        }
        List<String> weak = methods.stream().filter(AccountRatings.NOT_A_SECOND_FACTOR::contains).toList();
        String finding = rating == Rating.ACHIEVED ? "Single sign-on requires the identity provider to confirm a second factor"
                : methods.isEmpty() ? "Single sign-on names no second-factor method: pathguard.oidc.second-factor-amr is empty"
                : "Single sign-on accepts " + String.join(", ", weak) + ", which is not a second factor";
        return new Reading(INDICATOR, rating, finding, List.of(
                new Evidence("identity provider", issuer),
                new Evidence("accepted methods (amr)", String.join(", ", methods))), now);
    }
}
