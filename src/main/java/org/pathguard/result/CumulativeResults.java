package org.pathguard.result;

import org.pathguard.lab.Catalogue;
import org.pathguard.lab.Flag;
import org.pathguard.order.OrderDesk;
import org.pathguard.specimen.SpecimenReception;
import org.springframework.stereotype.Service;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A patient's reportable results per analyte, in the order the specimens were taken: the cumulative
 * view. Recording time says when an analyser or a scientist got to the tube, not when the patient's
 * blood was like that, so a sample run late must still sit before a later sample. Callers pass the
 * read gate first.
 */
@Service
public class CumulativeResults {

    private final Results results;
    private final OrderDesk orders;
    private final Catalogue catalogue;
    private final SpecimenReception specimens;

    CumulativeResults(Results results, OrderDesk orders, Catalogue catalogue, SpecimenReception specimens) {
        this.results = results;
        this.orders = orders;
        this.catalogue = catalogue;
        this.specimens = specimens;
    }

    /**
     * One result, at its specimen's collection time (the time it describes) and the time it was recorded;
     * {@code performedBy} the partner laboratory that did a referred test, null for this lab's own.
     */
    public record Point(Instant collectedAt, Instant recordedAt, String value, BigDecimal numeric, Flag flag, ResultStatus status,
                        String accession, BigDecimal rangeLow, BigDecimal rangeHigh, PerformingLab performedBy) {
    }

    public record Series(String analyte, String name, String loinc, String unit, List<Point> points) {
    }

    public List<Series> forPatient(UUID patientId) {
        Map<UUID, String> accessions = new LinkedHashMap<>();
        Map<UUID, Instant> collected = new HashMap<>();
        Map<String, List<Point>> byAnalyte = new LinkedHashMap<>();
        for (LabResult r : results.reportableForPatient(patientId)) {
            String accession = accessions.computeIfAbsent(r.orderId(), o -> orders.byId(o).accession());
            Instant collectedAt = collected.computeIfAbsent(r.specimenId(), s -> specimens.byId(s).collectedAt());
            Measurement m = r.measurement();
            byAnalyte.computeIfAbsent(r.analyteCode(), a -> new ArrayList<>()).add(new Point(
                    collectedAt, r.recordedAt(), m.value(), m.numeric(), m.flag(), r.status(), accession, m.rangeLow(), m.rangeHigh(),
                    r.performedBy()));
        }
        Comparator<Point> taken = Comparator.comparing(Point::collectedAt).thenComparing(Point::recordedAt);
        return byAnalyte.entrySet().stream().map(e -> {
            var analyte = catalogue.analyte(e.getKey());
            return new Series(analyte.code(), analyte.name(), analyte.loinc(), analyte.unit(),
                    e.getValue().stream().sorted(taken).toList());
        }).toList();
    }
}
