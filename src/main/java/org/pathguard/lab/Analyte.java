package org.pathguard.lab;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Something measured: its codes, unit, how it is reported and judged. A numeric analyte has the range
 * possible in a patient ({@code possible}); a coded one (a blood group) takes only the answers on its
 * list ({@code codes}, empty for numeric and free-text analytes).
 */
public record Analyte(String code, String name, String loinc, String unit, boolean numeric, Integer decimals,
                      List<ReferenceRange> ranges, CriticalLimits critical, DeltaLimit delta, PossibleRange possible,
                      List<CodedValue> codes) {

    public Analyte {
        ranges = List.copyOf(ranges);
        codes = codes == null ? List.of() : List.copyOf(codes);
    }

    /** The range for this patient; a sex-specific band wins over an any-sex band. */
    public Optional<ReferenceRange> rangeFor(Sex sex, int ageYears) {
        return ranges.stream()
                .filter(r -> r.appliesTo(sex, ageYears))
                .min((a, b) -> Boolean.compare(a.sex() == null, b.sex() == null));
    }

    public boolean coded() {
        return !codes.isEmpty();
    }

    /** The answer on this analyte's list that the value names; anything else is refused, naming the list. */
    public CodedValue answer(String value) {
        return codes.stream().filter(c -> value != null && c.isNamedBy(value)).findFirst()
                .orElseThrow(() -> new LabRuleViolation("not-in-code-list", name + " must be one of: "
                        + codes.stream().map(CodedValue::words).collect(Collectors.joining(", "))));
    }

    /** Refuses a number no patient can have, saying the possible range; the value itself is not repeated. */
    public void requirePossible(BigDecimal value) {
        if (possible != null && !possible.contains(value)) {
            throw new LabRuleViolation("impossible-value", name + " must be between " + possible.low().toPlainString()
                    + " and " + possible.high().toPlainString() + (unit == null ? "" : " " + unit)
                    + ", the range possible in a patient; check the value for a typing error");
        }
    }
}
