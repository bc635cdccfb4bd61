package org.pathguard.result;

import org.pathguard.lab.Catalogue;
import org.pathguard.lab.Flag;
import org.pathguard.order.OrderDesk;
import org.springframework.stereotype.Service;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** A patient's reportable results per analyte, oldest first: the cumulative view. Callers pass the read gate first. */
@Service
public class CumulativeResults {

    private final Results results;
    private final OrderDesk orders;
    private final Catalogue catalogue;

    CumulativeResults(Results results, OrderDesk orders, Catalogue catalogue) {
        this.results = results;
        this.orders = orders;
        this.catalogue = catalogue;
    }

    public record Point(Instant recordedAt, String value, BigDecimal numeric, Flag flag, ResultStatus status,
                        String accession, BigDecimal rangeLow, BigDecimal rangeHigh) {
    }

    public record Series(String analyte, String name, String loinc, String unit, List<Point> points) {
    }

    public List<Series> forPatient(UUID patientId) {
        Map<UUID, String> accessions = new LinkedHashMap<>();
        Map<String, List<Point>> byAnalyte = new LinkedHashMap<>();
        for (LabResult r : results.reportableForPatient(patientId)) {
            String accession = accessions.computeIfAbsent(r.orderId(), o -> orders.byId(o).accession());
            Measurement m = r.measurement();
            byAnalyte.computeIfAbsent(r.analyteCode(), a -> new ArrayList<>()).add(new Point(
                    r.recordedAt(), m.value(), m.numeric(), m.flag(), r.status(), accession, m.rangeLow(), m.rangeHigh()));
        }
        return byAnalyte.entrySet().stream().map(e -> {
            var analyte = catalogue.analyte(e.getKey());
            return new Series(analyte.code(), analyte.name(), analyte.loinc(), analyte.unit(), e.getValue());
        }).toList();
    }
}
