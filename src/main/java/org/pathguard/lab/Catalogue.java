package org.pathguard.lab;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The lab's test catalogue: specimen types, analytes and orderable tests, checked for consistency. */
public final class Catalogue {

    private final Map<String, SpecimenType> specimenTypes = new LinkedHashMap<>();
    private final Map<String, Analyte> analytes = new LinkedHashMap<>();
    private final Map<String, LabTest> tests = new LinkedHashMap<>();
    private final Map<String, StabilityLimit> stability = new LinkedHashMap<>();

    /** {@code stability}: at most one limit per analyte and specimen type, each naming known ones. */
    public Catalogue(List<SpecimenType> specimenTypes, List<Analyte> analytes, List<LabTest> tests, List<StabilityLimit> stability) {
        specimenTypes.forEach(s -> this.specimenTypes.put(s.code(), s));
        analytes.forEach(a -> this.analytes.put(a.code(), a));
        for (StabilityLimit limit : stability) {
            if (!this.analytes.containsKey(limit.analyte()) || !this.specimenTypes.containsKey(limit.specimenType())) {
                throw new IllegalArgumentException("A stability limit names unknown analyte " + limit.analyte()
                        + " or specimen type " + limit.specimenType());
            }
            if (this.stability.put(limit.analyte() + "/" + limit.specimenType(), limit) != null) {
                throw new IllegalArgumentException("Two stability limits for " + limit.analyte() + " in " + limit.specimenType());
            }
        }
        for (LabTest t : tests) {
            if (!this.specimenTypes.containsKey(t.specimenType())) {
                throw new IllegalArgumentException("Test " + t.code() + " needs unknown specimen type " + t.specimenType());
            }
            for (String a : t.analytes()) {
                if (!this.analytes.containsKey(a)) {
                    throw new IllegalArgumentException("Test " + t.code() + " lists unknown analyte " + a);
                }
            }
            for (Priority p : Priority.values()) {
                if (!t.turnaroundMinutes().containsKey(p)) {
                    throw new IllegalArgumentException("Test " + t.code() + " has no turnaround target for " + p);
                }
            }
            this.tests.put(t.code(), t);
        }
    }

    public LabTest test(String code) {
        LabTest test = tests.get(code);
        if (test == null) {
            throw new LabRuleViolation("unknown-test-code", "Unknown test code '" + code
                    + "'; the catalogue lists " + String.join(", ", tests.keySet()));
        }
        return test;
    }

    public Analyte analyte(String code) {
        Analyte analyte = analytes.get(code);
        if (analyte == null) {
            throw new LabRuleViolation("unknown-analyte-code", "Unknown analyte code '" + code + "'");
        }
        return analyte;
    }

    public SpecimenType specimenType(String code) {
        SpecimenType type = specimenTypes.get(code);
        if (type == null) {
            throw new LabRuleViolation("unknown-specimen-type", "Unknown specimen type '" + code
                    + "'; known types are " + String.join(", ", specimenTypes.keySet()));
        }
        return type;
    }

    public Optional<Analyte> findAnalyte(String code) {
        return Optional.ofNullable(analytes.get(code));
    }

    /** The analyte a LOINC code names, for results coded in LOINC by analysers and middleware. */
    public Optional<Analyte> findAnalyteByLoinc(String loinc) {
        return analytes.values().stream().filter(a -> a.loinc().equals(loinc)).findFirst();
    }

    /** How long after collection the analyte can be measured in this specimen type; empty when the catalogue gives no limit. */
    public Optional<StabilityLimit> stability(String analyteCode, String specimenTypeCode) {
        return Optional.ofNullable(stability.get(analyteCode + "/" + specimenTypeCode));
    }

    public Collection<StabilityLimit> stabilityLimits() {
        return stability.values();
    }

    public Collection<LabTest> tests() {
        return tests.values();
    }

    public Collection<Analyte> analytes() {
        return analytes.values();
    }
}
