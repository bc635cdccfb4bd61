package org.pathguard.posture;

import java.util.List;
import java.util.Optional;

/**
 * What a CAF reviewer asks that PathGuard cannot see for itself, each attested by a named person with a link to the
 * evidence. Short on purpose: a list nobody renews lapses into a page of red, and a red page teaches people to ignore it.
 */
public final class ManualIndicators {

    public static final List<Indicator> ALL = List.of(
            new Indicator("a4a-hosting-supplier-assured", CafOutcome.A4_A,
                    "The hosting supplier's security assurance (DSPT status, ISO 27001 or Cyber Essentials Plus) has been checked",
                    Indicator.Kind.MANUAL),
            new Indicator("b4b-analysers-segmented", CafOutcome.B4_B,
                    "Analysers sit on a network segment of their own that only PathGuard's interfaces reach", Indicator.Kind.MANUAL),
            new Indicator("b5a-outage-recovery-plan", CafOutcome.B5_A,
                    "A recovery plan for a lab outage exists and is agreed with the partner labs that would take the work",
                    Indicator.Kind.MANUAL),
            new Indicator("b6b-break-glass-training", CafOutcome.B6_B,
                    "Staff who may break glass have been trained on the break-glass policy", Indicator.Kind.MANUAL),
            new Indicator("d1c-exercised-with-partner-labs", CafOutcome.D1_C,
                    "The incident response plan has been exercised with the partner labs", Indicator.Kind.MANUAL));

    private ManualIndicators() {
    }

    public static Optional<Indicator> byId(String id) {
        return ALL.stream().filter(i -> i.id().equals(id)).findFirst();
    }
}
