package org.pathguard.posture;

import org.pathguard.lab.LabRuleViolation;

import java.util.List;
import java.util.stream.Collectors;

/** An attestation not recorded, with every problem named by its field so a screen can put each beside its field. */
public final class AttestationRefused extends LabRuleViolation {

    private final List<AttestationRules.Problem> problems;

    AttestationRefused(List<AttestationRules.Problem> problems) {
        super(problems.getFirst().code(), problems.stream().map(p -> p.field() + ": " + p.message()).collect(Collectors.joining("; ")));
        this.problems = List.copyOf(problems);
    }

    public List<AttestationRules.Problem> problems() {
        return problems;
    }
}
