package org.pathguard.lab;

import java.util.List;
import java.util.Optional;

/** Something measured: its codes, unit, how it is reported and judged. */
public record Analyte(String code, String name, String loinc, String unit, boolean numeric, Integer decimals,
                      List<ReferenceRange> ranges, CriticalLimits critical, DeltaLimit delta) {

    public Analyte {
        ranges = List.copyOf(ranges);
    }

    /** The range for this patient; a sex-specific band wins over an any-sex band. */
    public Optional<ReferenceRange> rangeFor(Sex sex, int ageYears) {
        return ranges.stream()
                .filter(r -> r.appliesTo(sex, ageYears))
                .min((a, b) -> Boolean.compare(a.sex() == null, b.sex() == null));
    }
}
