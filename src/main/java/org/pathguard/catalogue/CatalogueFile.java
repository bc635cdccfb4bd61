package org.pathguard.catalogue;

import org.pathguard.lab.Analyte;
import org.pathguard.lab.Catalogue;
import org.pathguard.lab.CodedValue;
import org.pathguard.lab.CriticalLimits;
import org.pathguard.lab.DeltaLimit;
import org.pathguard.lab.LabTest;
import org.pathguard.lab.OdsCode;
import org.pathguard.lab.PossibleRange;
import org.pathguard.lab.Priority;
import org.pathguard.lab.ReferenceRange;
import org.pathguard.lab.Sex;
import org.pathguard.lab.SpecimenType;
import org.pathguard.lab.StabilityLimit;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** Reads the test catalogue shipped as data (classpath {@code catalogue/catalogue.json}). */
public final class CatalogueFile {

    /** Used where a test gives no target: critical/ED 1 h, urgent/ward 4 h, routine/GP 24 h. */
    static final Map<Priority, Integer> DEFAULT_TURNAROUND_MINUTES =
            Map.of(Priority.CRITICAL, 60, Priority.URGENT, 240, Priority.ROUTINE, 1440);

    private CatalogueFile() {
    }

    record File(List<SpecimenType> specimenTypes, List<AnalyteEntry> analytes, List<TestEntry> tests) {
    }

    record AnalyteEntry(String code, String name, String loinc, String unit, String kind, Integer decimals,
                        List<RangeEntry> ranges, CriticalLimits critical, DeltaEntry delta, PossibleEntry possible,
                        List<CodedValue> codes, List<StabilityEntry> stability) {
    }

    /** How long after collection the analyte can be measured in a tube of {@code specimenType}, kept so, and who says so. */
    record StabilityEntry(String specimenType, int hours, String condition, String source) {
    }

    record PossibleEntry(BigDecimal low, BigDecimal high) {
    }

    record RangeEntry(String sex, int fromAgeYears, Integer toAgeYears, BigDecimal low, BigDecimal high) {
    }

    record DeltaEntry(String type, BigDecimal limit) {
    }

    record TestEntry(String code, String name, String department, String entry, String specimenType, List<String> analytes,
                     Map<Priority, Integer> turnaroundMinutes, Integer minimumRetestDays, String referredTo) {
    }

    public static Catalogue loadShipped() {
        try (InputStream in = CatalogueFile.class.getResourceAsStream("/catalogue/catalogue.json")) {
            if (in == null) {
                throw new IllegalStateException("catalogue/catalogue.json is missing from the application");
            }
            return read(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Catalogue read(InputStream in) {
        File file = JsonMapper.builder().build().readValue(in, File.class);
        List<Analyte> analytes = file.analytes().stream().map(CatalogueFile::analyte).toList();
        List<LabTest> tests = file.tests().stream().map(t -> {
            Map<Priority, Integer> targets = new EnumMap<>(DEFAULT_TURNAROUND_MINUTES);
            if (t.turnaroundMinutes() != null) {
                targets.putAll(t.turnaroundMinutes());
            }
            if (t.department() == null || t.department().isBlank()) {
                throw new IllegalStateException("Catalogue test " + t.code() + " names no department");
            }
            return new LabTest(t.code(), t.name(), t.department(), "MANUAL".equals(t.entry()), t.specimenType(), t.analytes(), targets,
                    t.minimumRetestDays() == null ? 0 : t.minimumRetestDays(),
                    t.referredTo() == null || t.referredTo().isBlank() ? null : OdsCode.parse(t.referredTo()).value());
        }).toList();
        List<StabilityLimit> stability = file.analytes().stream()
                .flatMap(a -> (a.stability() == null ? List.<StabilityEntry>of() : a.stability()).stream()
                        .map(e -> new StabilityLimit(a.code(), e.specimenType(), Duration.ofHours(e.hours()), e.condition(), e.source())))
                .toList();
        Catalogue catalogue = new Catalogue(file.specimenTypes(), analytes, tests, stability);
        // A test analyte without a limit would never be flagged for a re-bleed however old its tube: refused, like a number without its possible range.
        for (LabTest test : catalogue.tests()) {
            for (String analyte : test.analytes()) {
                if (catalogue.stability(analyte, test.specimenType()).isEmpty()) {
                    throw new IllegalStateException("Catalogue analyte " + analyte + " of test " + test.code()
                            + " gives no stability in " + test.specimenType() + " (time from collection, condition and source)");
                }
            }
        }
        return catalogue;
    }

    private static Analyte analyte(AnalyteEntry a) {
        List<ReferenceRange> ranges = a.ranges() == null ? List.of() : a.ranges().stream()
                .map(r -> new ReferenceRange(sex(r.sex()), r.fromAgeYears(), r.toAgeYears(), r.low(), r.high()))
                .toList();
        DeltaLimit delta = a.delta() == null ? null
                : new DeltaLimit(DeltaLimit.Kind.valueOf(a.delta().type()), a.delta().limit());
        boolean numeric = "NUMERIC".equals(a.kind());
        // Every number has the range possible in a patient, and every coded result its list: a typing error is refused, not reported.
        if (numeric && a.possible() == null) {
            throw new IllegalStateException("Catalogue analyte " + a.code() + " is numeric but gives no possible range");
        }
        if ("CODED".equals(a.kind()) && (a.codes() == null || a.codes().isEmpty())) {
            throw new IllegalStateException("Catalogue analyte " + a.code() + " is coded but lists no codes");
        }
        PossibleRange possible = a.possible() == null ? null : new PossibleRange(a.possible().low(), a.possible().high());
        return new Analyte(a.code(), a.name(), a.loinc(), a.unit(), numeric, a.decimals(),
                ranges, a.critical(), delta, possible, "CODED".equals(a.kind()) ? a.codes() : List.of());
    }

    private static Sex sex(String code) {
        return switch (code) {
            case "M" -> Sex.MALE;
            case "F" -> Sex.FEMALE;
            case "ANY" -> null;
            default -> throw new IllegalArgumentException("Unknown sex '" + code + "' in a reference range");
        };
    }
}
