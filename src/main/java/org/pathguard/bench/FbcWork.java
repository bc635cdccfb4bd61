package org.pathguard.bench;

import org.pathguard.access.Actor;
import org.pathguard.lab.Catalogue;
import org.pathguard.lab.NhsNumber;
import org.pathguard.lab.Priority;
import org.pathguard.lab.ReferenceRange;
import org.pathguard.lab.Sex;
import org.pathguard.order.LabOrder;
import org.pathguard.order.OrderDesk;
import org.pathguard.order.OrderRequest;
import org.pathguard.patient.Patient;
import org.pathguard.patient.PatientRegistry;
import org.pathguard.patient.Registration;
import org.pathguard.result.ResultSubmission;
import org.pathguard.specimen.SpecimenReception;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Benchmark work made through the lab's own services: patients (NHS numbers from the 999 test
 * range) with urgent FBC orders whose EDTA tubes are received, and analyser results for them.
 */
final class FbcWork {

    private static final Actor SETUP = new Actor("bench.setup", Actor.Role.SCIENTIST);

    private final PatientRegistry patients;
    private final OrderDesk orders;
    private final SpecimenReception reception;
    private final Catalogue catalogue;
    private final AtomicInteger patientNumber = new AtomicInteger();
    private final List<UUID> patientsWithOrders = Collections.synchronizedList(new ArrayList<>());

    FbcWork(PatientRegistry patients, OrderDesk orders, SpecimenReception reception, Catalogue catalogue) {
        this.patients = patients;
        this.orders = orders;
        this.reception = reception;
        this.catalogue = catalogue;
    }

    int resultsPerSpecimen() {
        return catalogue.test("FBC").analytes().size();
    }

    /** Patients with FBC orders whose EDTA specimens are received; returns their barcodes. */
    List<String> receivedSpecimens(int count) throws Exception {
        List<String> barcodes = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(16)) {
            List<Future<String>> made = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                made.add(pool.submit(() -> {
                    int n = patientNumber.incrementAndGet();
                    Patient p = patients.register(SETUP, new Registration(nhsNumber(n), null, "Bench", "Patient",
                            LocalDate.of(1970, 1, 1).plusDays(n % 10000), n % 2 == 0 ? Sex.FEMALE : Sex.MALE, null));
                    String barcode = "BENCH%07d".formatted(n);
                    LabOrder o = orders.place(SETUP, new OrderRequest(p.id(), null, null, null, "RJ122", "Dr Bench", Priority.URGENT,
                            null, null, null, List.of("FBC"), List.of(new OrderRequest.SpecimenLabel(barcode, "EDTA", null))));
                    reception.receive(SETUP, barcode, null);
                    patientsWithOrders.add(o.patientId());
                    return barcode;
                }));
            }
            for (Future<String> f : made) {
                barcodes.add(f.get());
            }
        }
        return barcodes;
    }

    /**
     * A distinct test-range NHS number for each n below 100,000: 999, n in five digits, then the
     * first ninth digit whose check digit is valid (a check digit of 10 is not).
     */
    static String nhsNumber(int n) {
        if (n >= 100_000) {
            throw new IllegalStateException("The benchmark makes at most 99,999 patients (1.3 million FBC results)");
        }
        for (int digit = 0; digit < 10; digit++) {
            Optional<NhsNumber> valid = NhsNumber.withCheckDigit("999%05d%d".formatted(n, digit));
            if (valid.isPresent()) {
                return valid.get().value();
            }
        }
        throw new IllegalStateException("No valid NHS number for " + n);
    }

    List<UUID> patientsWithOrders(int atMost) {
        synchronized (patientsWithOrders) {
            return List.copyOf(patientsWithOrders.subList(0, Math.min(atMost, patientsWithOrders.size())));
        }
    }

    /** Mid-range values for every FBC analyte: autoverified, as most analyser results are. */
    ResultSubmission results(String barcode) {
        List<ResultSubmission.Item> items = new ArrayList<>();
        for (String code : catalogue.test("FBC").analytes()) {
            var analyte = catalogue.analyte(code);
            ReferenceRange range = analyte.ranges().getFirst();
            BigDecimal low = range.low() == null ? BigDecimal.ZERO : range.low();
            BigDecimal high = range.high() == null ? low.add(BigDecimal.TEN) : range.high();
            BigDecimal mid = low.add(high).divide(BigDecimal.TWO, analyte.decimals() == null ? 2 : analyte.decimals(), RoundingMode.HALF_UP);
            items.add(new ResultSubmission.Item(code, mid.toPlainString(), analyte.unit(), null));
        }
        return new ResultSubmission(barcode, List.of(), items);
    }
}
