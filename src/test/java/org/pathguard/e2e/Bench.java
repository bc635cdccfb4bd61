package org.pathguard.e2e;

import org.pathguard.Api;
import org.pathguard.bench.SyntheticMessages.Request;
import org.pathguard.catalogue.CatalogueFile;
import org.pathguard.lab.Analyte;
import org.pathguard.lab.Catalogue;
import org.pathguard.lab.ReferenceRange;
import org.pathguard.lab.Sex;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Map;

/**
 * A lab's bench, as the lab's middleware drives it through the API with a machine credential (scopes reception and
 * results): it receives a requester's tubes by their barcodes and records unremarkable results for them, the middle of
 * each analyte's adult reference range, so autoverification releases the report without a person.
 */
public final class Bench {

    private static final Catalogue CATALOGUE = CatalogueFile.loadShipped();

    private final LabProcess lab;
    private final String credential;

    public Bench(LabProcess lab, String credential) {
        this.lab = lab;
        this.credential = credential;
    }

    /** The same credential on another process of the lab (restarted or restored: the credential is an event, and came back). */
    public Bench on(LabProcess other) {
        return new Bench(other, credential);
    }

    /** Receives every tube of the order and records an unremarkable result for each of its tests. */
    public void result(HapiRequester.Order order) {
        Api machine = lab.machine(credential);
        for (Request tube : order.tests()) {
            LabStaff.expect(lab, machine.post("/api/specimens/" + tube.barcode() + "/receipt", Map.of()), 200,
                    "receive tube " + tube.barcode());
            List<Map<String, String>> results = CATALOGUE.test(tube.testCode()).analytes().stream()
                    .map(code -> unremarkable(CATALOGUE.analyte(code))).toList();
            LabStaff.expect(lab, machine.post("/api/results", Map.of("barcode", tube.barcode(), "results", results)), 201,
                    "record " + tube.testCode() + " for tube " + tube.barcode());
        }
    }

    private static Map<String, String> unremarkable(Analyte analyte) {
        ReferenceRange range = analyte.rangeFor(Sex.FEMALE, 56).orElseThrow(() -> new IllegalArgumentException(
                analyte.code() + " has no reference range for an adult: the bench records numbers only"));
        BigDecimal low = range.low() == null ? BigDecimal.ZERO : range.low();
        BigDecimal middle = low.add(range.high()).divide(BigDecimal.TWO, analyte.decimals() == null ? 1 : analyte.decimals(),
                RoundingMode.HALF_UP);
        return Map.of("analyte", analyte.code(), "value", middle.toPlainString(), "unit", analyte.unit());
    }
}
