package org.pathguard.lab;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which analytes of a tube are past their stability at a moment: measured now, they would not read the patient's blood.
 * The limit runs from collection; a tube exactly at its limit is still in time. An analyte the catalogue gives no limit
 * for in this specimen type is never past (the catalogue refuses to load a test analyte without one).
 */
public final class Stability {

    private Stability() {
    }

    /** One analyte of a tube past its stability: the limit it broke and the moment it did. */
    public record Lapse(String analyte, String analyteName, StabilityLimit limit, Instant pastSince) {

        /** "Potassium (4 h on unspun clotted blood at room temperature)". */
        public String words() {
            return analyteName + " (" + limit.withinWords() + " " + limit.condition() + ")";
        }
    }

    /** The analytes of {@code analytes} in a tube of {@code specimenType} taken at {@code collectedAt} that are past stability {@code at}. */
    public static List<Lapse> pastAt(Catalogue catalogue, String specimenType, Collection<String> analytes, Instant collectedAt,
                                     Instant at) {
        Duration age = Duration.between(collectedAt, at);
        return analytes.stream().distinct()
                .flatMap(code -> catalogue.stability(code, specimenType).stream())
                .filter(limit -> age.compareTo(limit.within()) > 0)
                .map(limit -> new Lapse(limit.analyte(), catalogue.analyte(limit.analyte()).name(), limit,
                        collectedAt.plus(limit.within())))
                .toList();
    }

    /** The analytes a tube of this type is for: those of the order's (not cancelled) tests that use this specimen type. */
    public static Set<String> analytesOf(Catalogue catalogue, Collection<String> testCodes, String specimenType) {
        return testCodes.stream().map(catalogue::test).filter(t -> t.specimenType().equals(specimenType))
                .flatMap(t -> t.analytes().stream()).collect(Collectors.toCollection(LinkedHashSet::new));
    }

    /** "Potassium (4 h on unspun clotted blood at room temperature), Glucose (...)": for reception and the validation queue. */
    public static String words(List<Lapse> lapses) {
        return lapses.stream().map(Lapse::words).collect(Collectors.joining(", "));
    }

    /** What reception says of a late tube (REST and screen): received so it is accounted for, and a re-bleed is needed; null when in time. */
    public static String rebleed(List<Lapse> late) {
        return late.isEmpty() ? null : "Received so the tube is accounted for, but it is past its stability for "
                + words(late) + ": ask the requester for a re-bleed. A result measured on this tube for "
                + (late.size() == 1 ? "it" : "them") + " is held for an authoriser, never released by itself.";
    }
}
