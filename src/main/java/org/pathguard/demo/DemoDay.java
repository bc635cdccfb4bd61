package org.pathguard.demo;

import net.datafaker.Faker;
import org.pathguard.access.Actor;
import org.pathguard.lab.Analyte;
import org.pathguard.lab.Catalogue;
import org.pathguard.lab.HoldReason;
import org.pathguard.lab.LabTest;
import org.pathguard.lab.NhsNumber;
import org.pathguard.lab.Priority;
import org.pathguard.lab.RejectionReason;
import org.pathguard.lab.ReferenceRange;
import org.pathguard.lab.Sex;
import org.pathguard.order.LabOrder;
import org.pathguard.order.OrderDesk;
import org.pathguard.order.OrderRequest;
import org.pathguard.patient.Patient;
import org.pathguard.patient.PatientRegistry;
import org.pathguard.patient.Registration;
import org.pathguard.result.CriticalResults;
import org.pathguard.result.LabResult;
import org.pathguard.result.ResultDesk;
import org.pathguard.result.ResultStatus;
import org.pathguard.result.ResultSubmission;
import org.pathguard.result.Validation;
import org.pathguard.specimen.SpecimenReception;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A synthetic day in a hub lab, sent through the same services the API uses: requests from wards,
 * the emergency department and GP practices, specimen reception, analyser results with
 * autoverification, validation by scientists and the phoning of critical results.
 */
@Service
public class DemoDay {

    /** Requesters: ODS-style codes of hospital sites (ED, wards) and GP practices; all synthetic. */
    private static final List<String> HOSPITAL_SITES = List.of("RJZ01", "RJ122", "RJ224", "RJ231");
    private static final List<String> GP_PRACTICES = List.of("G85001", "G85013", "G85026", "G85038", "G85055", "G85711");
    /** Every requester of the demo day: what the demo's HL7 sender on loopback may order for. */
    public static final List<String> REQUESTERS = java.util.stream.Stream.concat(HOSPITAL_SITES.stream(), GP_PRACTICES.stream()).toList();
    // Clinician surnames are kept out of patient names so tests can search for patient names alone.
    private static final List<String> CLINICIAN_SURNAMES = List.of("Okonkwo", "Haldane", "Ferreira", "Nakamura",
            "Abernethy", "Castellanos", "Rahmani", "Lindqvist");
    private static final List<String> BLOOD_GROUPS = List.of("O RhD positive", "A RhD positive", "B RhD positive",
            "O RhD negative", "A RhD negative", "AB RhD positive");
    // Letters a postcode's inward code may use (C, I, K, M, O and V never appear there).
    private static final String INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ";
    private static final Actor RECEPTION = new Actor("mla.reception", Actor.Role.SCIENTIST);
    private static final Actor ANALYSER = new Actor("analyser.cobas-1", Actor.Role.INTERFACE);
    private static final Actor HAEM_ANALYSER = new Actor("analyser.sysmex-1", Actor.Role.INTERFACE);
    private static final Actor AUTHORISER = new Actor("cs.authoriser", Actor.Role.AUTHORISER);
    private static final Actor BMS = new Actor("bms.duty", Actor.Role.SCIENTIST);
    private static final Actor CLINICIAN = new Actor("order-comms", Actor.Role.REQUESTER);

    private final PatientRegistry patients;
    private final OrderDesk orders;
    private final SpecimenReception reception;
    private final ResultDesk resultDesk;
    private final Validation validation;
    private final CriticalResults criticals;
    private final Catalogue catalogue;
    private final JdbcClient db;
    private final DemoQc qc;

    DemoDay(PatientRegistry patients, OrderDesk orders, SpecimenReception reception, ResultDesk resultDesk,
            Validation validation, CriticalResults criticals, Catalogue catalogue, JdbcClient db, DemoQc qc) {
        this.qc = qc;
        this.patients = patients;
        this.orders = orders;
        this.reception = reception;
        this.resultDesk = resultDesk;
        this.validation = validation;
        this.criticals = criticals;
        this.catalogue = catalogue;
        this.db = db;
    }

    /** The people and numbers a demo created, so tests can look for them. */
    public record SyntheticPatient(String nhsNumber, String hospitalNumber, String familyName, String givenName,
                                   LocalDate dateOfBirth, String postcode) {
    }

    public boolean alreadySeeded() {
        return db.sql("select count(*) from event_log").query(Long.class).single() > 0;
    }

    /**
     * Seeds a day with the given number of patients, using several threads as real traffic would. The first time, the
     * analysers' QC history comes first, and potassium goes out of control on the chemistry analyser after the first
     * few patients: their released potassium results make its look-back, the later ones are held for QC.
     */
    public List<SyntheticPatient> seed(int patientCount, long seed, int threads) throws Exception {
        AtomicLong barcodes = new AtomicLong(seed % 1000 * 1_000_000L);
        List<SyntheticPatient> people = syntheticPatients(patientCount, seed);
        boolean firstDay = !qc.registered();
        if (firstDay) {
            qc.history(seed, Instant.now().minus(Duration.ofMinutes(90)));
        }
        int beforeShift = firstDay ? Math.max(1, Math.min(8, people.size() / 10)) : 0;
        process(people, 0, Math.min(beforeShift, people.size()), seed, threads, barcodes);
        if (firstDay) {
            qc.potassiumShift();
        }
        process(people, Math.min(beforeShift, people.size()), people.size(), seed, threads, barcodes);
        return people;
    }

    private void process(List<SyntheticPatient> people, int from, int to, long seed, int threads, AtomicLong barcodes) throws Exception {
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            List<Future<?>> work = new ArrayList<>();
            for (int i = from; i < to; i++) {
                SyntheticPatient person = people.get(i);
                Random random = new Random(seed * 31 + i);
                work.add(pool.submit(() -> {
                    dayOf(person, random, barcodes);
                    return null;
                }));
            }
            for (Future<?> f : work) {
                f.get();
            }
        }
    }

    /** The demo's patients for a seed: NHS numbers 9990xxxxx(c), from the 999 test range. */
    public static List<SyntheticPatient> syntheticPatients(int count, long seed) {
        Faker faker = new Faker(Locale.UK, new Random(seed));
        Random random = new Random(seed);
        Map<String, SyntheticPatient> byNhs = new LinkedHashMap<>();
        while (byNhs.size() < count) {
            var nhs = NhsNumber.withCheckDigit("9990" + String.format("%05d", random.nextInt(100_000)));
            String family = faker.name().lastName();
            if (nhs.isEmpty() || byNhs.containsKey(nhs.get().value()) || CLINICIAN_SURNAMES.contains(family)) {
                continue;
            }
            int age = random.nextDouble() < 0.1 ? random.nextInt(18) : 18 + random.nextInt(78);
            LocalDate dob = LocalDate.now().minusYears(age).minusDays(random.nextInt(365));
            String postcode = "SE%d %d%c%c".formatted(1 + random.nextInt(28), random.nextInt(10),
                    INWARD_LETTERS.charAt(random.nextInt(INWARD_LETTERS.length())),
                    INWARD_LETTERS.charAt(random.nextInt(INWARD_LETTERS.length())));
            byNhs.put(nhs.get().value(), new SyntheticPatient(nhs.get().value(),
                    "K" + (1_000_000 + random.nextInt(9_000_000)), family, faker.name().firstName(), dob, postcode));
        }
        return List.copyOf(byNhs.values());
    }

    private void dayOf(SyntheticPatient person, Random random, AtomicLong barcodes) {
        Sex sex = random.nextBoolean() ? Sex.FEMALE : Sex.MALE;
        Patient patient = patients.register(CLINICIAN, new Registration(person.nhsNumber(), person.hospitalNumber(),
                person.familyName(), person.givenName(), person.dateOfBirth(), sex, person.postcode()));
        // A second order gives the patient's later results a delta baseline.
        int orderCount = random.nextDouble() < 0.35 ? 2 : 1;
        for (int n = 0; n < orderCount; n++) {
            placeAndProcess(patient, random, barcodes);
        }
    }

    private void placeAndProcess(Patient patient, Random random, AtomicLong barcodes) {
        double kind = random.nextDouble();
        Priority priority = kind < 0.12 ? Priority.CRITICAL : kind < 0.4 ? Priority.URGENT : Priority.ROUTINE;
        // Emergency work was taken minutes ago, ward work within hours, GP work through the day.
        int minutesAgo = switch (priority) {
            case CRITICAL -> 25 + random.nextInt(50);
            case URGENT -> 30 + random.nextInt(300);
            case ROUTINE -> 30 + random.nextInt(720);
        };
        Instant collected = Instant.now().minus(Duration.ofMinutes(minutesAgo));
        String requester = priority == Priority.ROUTINE && random.nextDouble() < 0.7
                ? GP_PRACTICES.get(random.nextInt(GP_PRACTICES.size()))
                : HOSPITAL_SITES.get(random.nextInt(HOSPITAL_SITES.size()));
        // A request comes first, then the blood is taken, then the lab receives it: emergency work within minutes,
        // a practice's phlebotomy clinic up to an hour after the GP asked.
        Instant ordered = collected.minus(Duration.ofMinutes(priority == Priority.CRITICAL ? 2 + random.nextInt(8)
                : GP_PRACTICES.contains(requester) ? 10 + random.nextInt(50) : 5 + random.nextInt(40)));
        List<String> tests = testsFor(priority, random);
        List<OrderRequest.SpecimenLabel> labels = tests.stream().map(t -> catalogue.test(t).specimenType()).distinct()
                .map(type -> new OrderRequest.SpecimenLabel("S%09d".formatted(barcodes.incrementAndGet()), type, collected))
                .toList();
        String clinician = "Dr " + (char) ('A' + random.nextInt(26)) + " "
                + CLINICIAN_SURNAMES.get(random.nextInt(CLINICIAN_SURNAMES.size()));
        LabOrder order = orders.place(CLINICIAN, new OrderRequest(patient.id(), null, null, null, requester, clinician, priority,
                clinicalDetails(priority, random), "PL" + Math.abs(random.nextLong() % 10_000_000_000L), null, tests, labels), ordered);
        for (OrderRequest.SpecimenLabel label : labels) {
            double fate = random.nextDouble();
            if (fate < 0.05) {
                continue; // still in transit
            }
            if (fate < 0.07) {
                reception.reject(RECEPTION, label.barcode(),
                        RejectionReason.values()[random.nextInt(RejectionReason.values().length)], "Repeat requested");
                continue;
            }
            Instant received = collected.plus(Duration.ofMinutes(priority == Priority.CRITICAL ? 5 + random.nextInt(15)
                    : 20 + random.nextInt(90)));
            reception.receive(RECEPTION, label.barcode(), received.isAfter(Instant.now()) ? Instant.now() : received);
            if (random.nextDouble() < 0.08) {
                continue; // on the analyser
            }
            analyse(order, label, random);
        }
    }

    private void analyse(LabOrder order, OrderRequest.SpecimenLabel label, Random random) {
        List<ResultSubmission.Item> items = new ArrayList<>();
        Set<String> done = new java.util.HashSet<>();
        for (String testCode : order.tests()) {
            LabTest test = catalogue.test(testCode);
            // Manual tests wait at the bench for a scientist to read and type in.
            if (!test.specimenType().equals(label.specimenType()) || test.manualEntry()) {
                continue;
            }
            for (String code : test.analytes()) {
                if (done.add(code)) {
                    items.add(new ResultSubmission.Item(code, value(catalogue.analyte(code), random), catalogue.analyte(code).unit(), null));
                }
            }
        }
        if (items.isEmpty()) {
            return;
        }
        List<String> runFlags = random.nextDouble() < 0.02 ? List.of("HAEMOLYSIS_INDEX_HIGH") : List.of();
        Actor analyser = "EDTA".equals(label.specimenType()) ? HAEM_ANALYSER : ANALYSER;
        // Each registered analyser sends what it measured; the rest of the tube's results come without an analyser.
        Map<String, List<ResultSubmission.Item>> byAnalyser = new LinkedHashMap<>();
        items.forEach(item -> byAnalyser.computeIfAbsent(qc.analyserOf(item.analyte()).orElse(""), a -> new ArrayList<>()).add(item));
        List<LabResult> recorded = new ArrayList<>();
        byAnalyser.forEach((code, measured) -> recorded.addAll(resultDesk.record(analyser,
                new ResultSubmission(label.barcode(), runFlags, measured, null, code.isEmpty() ? null : code))));
        for (LabResult r : recorded) {
            // A result held for QC waits for the analyser to be back in control and an authoriser to confirm it.
            if (r.status() != ResultStatus.PRELIMINARY || r.holdReasons().contains(HoldReason.QC)) {
                continue;
            }
            double decision = random.nextDouble();
            if (decision < 0.55) {
                validation.authorise(AUTHORISER, r.id(), "Clinically consistent");
            } else if (decision < 0.58) {
                validation.reject(BMS, r.id(), "Sample integrity doubtful; repeat on new sample");
            }
        }
        criticals.list(true).stream()
                .filter(a -> a.orderId().equals(order.id()) && random.nextDouble() < 0.6)
                .forEach(a -> criticals.recordCall(BMS, a.id(), "Nurse in charge",
                        "Staff nurse, " + order.requesterOds(), Instant.now(), true));
    }

    private String value(Analyte analyte, Random random) {
        if (analyte.coded()) {
            return BLOOD_GROUPS.get(random.nextInt(BLOOD_GROUPS.size()));
        }
        ReferenceRange range = analyte.ranges().getFirst();
        double low = range.low() == null ? 0 : range.low().doubleValue();
        double high = range.high() == null ? low * 2 + 1 : range.high().doubleValue();
        double width = Math.max(high - low, 0.01);
        double roll = random.nextDouble();
        double v;
        if (roll < 0.015 && analyte.critical() != null && analyte.critical().high() != null) {
            v = analyte.critical().high().doubleValue() * (1.05 + random.nextDouble() * 0.2);
        } else if (roll < 0.02 && analyte.critical() != null && analyte.critical().low() != null) {
            v = analyte.critical().low().doubleValue() * (0.6 + random.nextDouble() * 0.3);
        } else if (roll < 0.14) {
            v = random.nextBoolean() ? high + width * (0.05 + random.nextDouble() * 0.3) : Math.max(0, low - width * (0.05 + random.nextDouble() * 0.2));
        } else {
            v = low + width * (0.15 + random.nextDouble() * 0.7);
        }
        // A critical value, never one no patient could have (those are refused as typing errors).
        v = Math.clamp(v, analyte.possible().low().doubleValue(), analyte.possible().high().doubleValue());
        int decimals = analyte.decimals() == null ? 2 : analyte.decimals();
        return BigDecimal.valueOf(v).setScale(decimals, RoundingMode.HALF_UP).toPlainString();
    }

    static List<String> testsFor(Priority priority, Random random) {
        List<String> tests = new ArrayList<>();
        if (priority == Priority.CRITICAL) {
            tests.addAll(List.of("UE", "FBC"));
            if (random.nextDouble() < 0.5) tests.add("TROP");
            if (random.nextDouble() < 0.3) tests.add("COAG");
            if (random.nextDouble() < 0.15) tests.add("GRP");
            return tests;
        }
        String[] common = {"UE", "FBC", "CRP", "LFT", "BONE", "TFT", "HBA1C", "LIPID", "COAG"};
        double[] chance = {0.7, 0.6, 0.35, 0.35, 0.12, 0.2, 0.12, 0.1, 0.06};
        for (int i = 0; i < common.length; i++) {
            if (random.nextDouble() < chance[i]) {
                tests.add(common[i]);
            }
        }
        if (tests.isEmpty()) {
            tests.add("UE");
        }
        return tests;
    }

    private static String clinicalDetails(Priority priority, Random random) {
        List<String> details = switch (priority) {
            case CRITICAL -> List.of("Chest pain, query ACS", "Collapse, query sepsis", "GI bleed", "DKA");
            case URGENT -> List.of("AKI monitoring", "On ward, deteriorating", "Pre-operative", "Post-operative day 1");
            case ROUTINE -> List.of("Annual review, diabetes", "Tired all the time", "Medication monitoring", "Hypertension review");
        };
        return details.get(random.nextInt(details.size()));
    }
}
