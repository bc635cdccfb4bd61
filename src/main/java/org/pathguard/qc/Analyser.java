package org.pathguard.qc;

import org.pathguard.lab.LabRuleViolation;

import java.util.List;

/**
 * An analyser the lab knows: its code (what it sends in OBX-18, or as the HL7 sending application), its name, its
 * department, and the catalogue analytes it measures. A result naming an analyser that is not registered, or for an
 * analyte it does not measure, is refused.
 */
public record Analyser(String code, String name, String department, List<String> analytes) {

    public Analyser {
        analytes = analytes == null ? List.of() : List.copyOf(analytes);
    }

    public boolean measures(String analyteCode) {
        return analytes.contains(analyteCode);
    }

    /** This analyser, when it measures the analyte; otherwise refuses, naming what it does measure. */
    public Analyser requireMeasures(String analyteCode) {
        if (!measures(analyteCode)) {
            throw new LabRuleViolation("analyser-does-not-measure", "Analyser " + code + " is not registered to measure "
                    + analyteCode + " (it measures " + String.join(", ", analytes) + ")");
        }
        return this;
    }
}
