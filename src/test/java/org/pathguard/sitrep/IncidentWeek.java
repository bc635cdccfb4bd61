package org.pathguard.sitrep;

import org.pathguard.StandaloneLab;
import org.pathguard.bench.SteppedClock;
import org.pathguard.access.Actor;
import org.pathguard.demo.DemoDay;
import org.pathguard.incident.FigureEntry;
import org.pathguard.incident.FigureKind;
import org.pathguard.incident.Incident;
import org.pathguard.incident.Incidents;
import org.pathguard.lab.Analyte;
import org.pathguard.lab.Catalogue;
import org.pathguard.lab.LabTest;
import org.pathguard.lab.LabTime;
import org.pathguard.lab.Priority;
import org.pathguard.lab.ReferenceRange;
import org.pathguard.lab.RejectionReason;
import org.pathguard.lab.RequesterSetting;
import org.pathguard.lab.Sex;
import org.pathguard.network.Agreement;
import org.pathguard.network.Agreements;
import org.pathguard.network.Referral;
import org.pathguard.network.ReferralState;
import org.pathguard.network.Referrals;
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

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

/**
 * A lab's five weeks through its real services on a stepped clock: four ordinary weeks (busy weekdays, quiet
 * weekends) and then the week of a cyber incident. In that week the incident is declared and confirmed on Monday
 * morning, the lab performs only part of the work it receives (a tenth on Monday, back to most of it by Sunday),
 * refers part of the rest to a partner laboratory and leaves the remainder waiting, rejects and cancels more than
 * usual, phones some critical results fast and some slowly, and the incident cell enters the figures only it knows.
 * Requesters of every setting order, and one whose setting the lab never recorded. Everything is seeded: the same
 * seed makes the same weeks.
 */
final class IncidentWeek {

    static final LocalDate FIRST_MONDAY = LocalDate.of(2026, 8, 31);
    static final LocalDate INCIDENT_MONDAY = FIRST_MONDAY.plusWeeks(4);
    /** When the simulation stops (and the sitreps are made): Monday morning after the incident week. */
    static final Instant END = INCIDENT_MONDAY.plusWeeks(1).atTime(9, 0).atZone(LabTime.ZONE).toInstant();
    static final String PARTNER = "RPT01";
    static final String PARTNER_NAME = "Partner Pathology Ltd";
    /** The incident's day-by-day share of received work the lab can still perform itself (emergency work aside). */
    private static final double[] CAPACITY = {0.10, 0.25, 0.45, 0.54, 0.60, 0.70, 0.80};

    private static final Actor ORDER_COMMS = new Actor("order-comms", Actor.Role.REQUESTER);
    private static final Actor RECEPTION = new Actor("mla.reception", Actor.Role.SCIENTIST);
    private static final Actor ANALYSER = new Actor("analyser.cobas-1", Actor.Role.INTERFACE);
    private static final Actor AUTHORISER = new Actor("cs.authoriser", Actor.Role.AUTHORISER);
    private static final Actor BMS = new Actor("bms.duty", Actor.Role.SCIENTIST);
    private static final Actor MANAGER = new Actor("lm.hughes", Actor.Role.LAB_MANAGER);
    private static final Actor SECOND_MANAGER = new Actor("lm.okafor", Actor.Role.LAB_MANAGER);
    private static final List<String> TESTS = List.of("UE", "FBC", "CRP", "LFT", "TFT", "TROP", "COAG", "HBA1C", "GLU");

    /** The requesters: one per setting, a second GP practice, and a practice whose setting was never recorded. */
    record Requester(String ods, RequesterSetting setting) {
    }

    static final Requester ED = new Requester("RJ122", RequesterSetting.ED);
    static final Requester WARD = new Requester("RJ224", RequesterSetting.WARD);
    static final Requester OUTPATIENTS = new Requester("RJ231", RequesterSetting.OUTPATIENTS);
    static final Requester GP = new Requester("G85001", RequesterSetting.GP);
    static final Requester SECOND_GP = new Requester("G85013", RequesterSetting.GP);
    static final Requester UNRECORDED = new Requester("G85026", null);

    private final StandaloneLab lab;
    private final SteppedClock clock;
    private final Random random;
    private final Catalogue catalogue;
    private final OrderDesk orders;
    private final SpecimenReception reception;
    private final ResultDesk results;
    private final Validation validation;
    private final CriticalResults criticals;
    private final Referrals referrals;
    private final PriorityQueue<Step> due = new PriorityQueue<>();
    private final List<Patient> patients = new ArrayList<>();
    private long steps;
    private long barcodes;
    private Incident incident;

    private record Step(Instant at, long order, Runnable action) implements Comparable<Step> {
        @Override
        public int compareTo(Step other) {
            int byTime = at.compareTo(other.at);
            return byTime != 0 ? byTime : Long.compare(order, other.order);
        }
    }

    IncidentWeek(StandaloneLab lab, SteppedClock clock, long seed) {
        this.lab = lab;
        this.clock = clock;
        this.random = new Random(seed);
        this.catalogue = lab.bean(Catalogue.class);
        this.orders = lab.bean(OrderDesk.class);
        this.reception = lab.bean(SpecimenReception.class);
        this.results = lab.bean(ResultDesk.class);
        this.validation = lab.bean(Validation.class);
        this.criticals = lab.bean(CriticalResults.class);
        this.referrals = lab.bean(Referrals.class);
    }

    /** When the lab's first record is stamped: the Sunday evening before the first week. */
    static Instant start() {
        return FIRST_MONDAY.minusDays(1).atTime(18, 0).atZone(LabTime.ZONE).toInstant();
    }

    /** Runs the five weeks; returns the incident declared in the last. */
    Incident run() {
        setUp();
        for (LocalDate day = FIRST_MONDAY; day.isBefore(INCIDENT_MONDAY.plusWeeks(1)); day = day.plusDays(1)) {
            orderDay(day);
        }
        schedule(at(INCIDENT_MONDAY, LocalTime.of(7, 30)), () -> incident = lab.bean(Incidents.class).declare(MANAGER,
                "Ransomware on the LIS servers: analysers offline, work referred to the partner lab and prioritised"));
        schedule(at(INCIDENT_MONDAY, LocalTime.of(7, 52)), () -> incident = lab.bean(Incidents.class).confirm(SECOND_MANAGER, incident.id()));
        for (int d = 0; d < 7; d++) {
            LocalDate day = INCIDENT_MONDAY.plusDays(d);
            schedule(at(day, LocalTime.of(16, 0)), () -> enterFigures(day, 0));
        }
        // A figure corrected later the same day: the sitrep takes the latest.
        schedule(at(INCIDENT_MONDAY.plusDays(2), LocalTime.of(18, 30)), () -> enterFigures(INCIDENT_MONDAY.plusDays(2), 7));
        while (!due.isEmpty() && due.peek().at().isBefore(END)) {
            Step step = due.poll();
            clock.moveTo(step.at());
            step.action().run();
        }
        clock.moveTo(END);
        return incident;
    }

    long steps() {
        return steps;
    }

    private void setUp() {
        Agreements agreements = lab.bean(Agreements.class);
        Map<Priority, Integer> plenty = Map.of(Priority.CRITICAL, 10_000, Priority.URGENT, 10_000, Priority.ROUTINE, 10_000);
        agreements.set(MANAGER, new Agreement(PARTNER, PARTNER_NAME, new Agreement.Endpoint("127.0.0.1", 2575, "LIS", PARTNER, false),
                TESTS.stream().map(t -> new Agreement.ReferredTest(t, t, null, null)).toList(), plenty, Agreement.Hours.ALWAYS,
                Map.of(Priority.CRITICAL, 120, Priority.URGENT, 360, Priority.ROUTINE, 1440), 60,
                new Agreement.Contact("Duty biochemist", "020 7188 7188")));
        for (Requester r : List.of(ED, WARD, OUTPATIENTS, GP, SECOND_GP)) {
            criticals.setContact(MANAGER, r.ods(), "Nurse in charge", "020 7188 0000", null, r.setting());
        }
        PatientRegistry registry = lab.bean(PatientRegistry.class);
        for (DemoDay.SyntheticPatient p : DemoDay.syntheticPatients(150, random.nextLong())) {
            patients.add(registry.register(ORDER_COMMS, new Registration(p.nhsNumber(), p.hospitalNumber(), p.familyName(),
                    p.givenName(), p.dateOfBirth(), random.nextBoolean() ? Sex.FEMALE : Sex.MALE, p.postcode())));
        }
    }

    /** A day's orders: the emergency department around the clock, wards by day, clinics and practices in working hours. */
    private void orderDay(LocalDate day) {
        boolean weekend = day.getDayOfWeek() == DayOfWeek.SATURDAY || day.getDayOfWeek() == DayOfWeek.SUNDAY;
        placeOver(day, ED, 18, 0, 24 * 60);
        placeOver(day, WARD, weekend ? 10 : 20, 6 * 60, 22 * 60);
        if (!weekend) {
            placeOver(day, OUTPATIENTS, 10, 9 * 60, 16 * 60 + 30);
            placeOver(day, GP, 12, 8 * 60, 16 * 60);
            placeOver(day, SECOND_GP, 10, 8 * 60, 16 * 60);
            placeOver(day, UNRECORDED, 6, 8 * 60, 16 * 60);
        } else if (day.getDayOfWeek() == DayOfWeek.SATURDAY) {
            placeOver(day, GP, 2, 9 * 60, 12 * 60);
        }
    }

    private void placeOver(LocalDate day, Requester requester, int around, int fromMinute, int toMinute) {
        int count = Math.max(0, around + random.nextInt(Math.max(1, around / 4) * 2 + 1) - Math.max(1, around / 4));
        for (int i = 0; i < count; i++) {
            Instant at = at(day, LocalTime.MIN).plus(Duration.ofMinutes(fromMinute + random.nextInt(toMinute - fromMinute)));
            long seed = random.nextLong();
            schedule(at, () -> place(requester, new Random(seed)));
        }
    }

    private void place(Requester requester, Random r) {
        Priority priority = requester == ED ? (r.nextDouble() < 0.3 ? Priority.CRITICAL : Priority.URGENT)
                : requester == WARD ? (r.nextDouble() < 0.4 ? Priority.URGENT : Priority.ROUTINE) : Priority.ROUTINE;
        List<String> tests = new ArrayList<>(new LinkedHashSet<>(List.of(TESTS.get(r.nextInt(TESTS.size())),
                TESTS.get(r.nextInt(TESTS.size())), r.nextBoolean() ? "UE" : TESTS.get(r.nextInt(TESTS.size())))));
        List<OrderRequest.SpecimenLabel> labels = tests.stream().map(t -> catalogue.test(t).specimenType()).distinct()
                .map(type -> new OrderRequest.SpecimenLabel("IW%08d".formatted(++barcodes), type, null)).toList();
        Patient patient = patients.get(r.nextInt(patients.size()));
        LabOrder order = orders.place(ORDER_COMMS, new OrderRequest(patient.id(), null, null, null, requester.ods(), "Dr A Clinician",
                priority, null, null, null, tests, labels));
        int transit = switch (requester.setting() == null ? RequesterSetting.GP : requester.setting()) {
            case ED -> 10 + r.nextInt(20);
            case WARD -> 20 + r.nextInt(70);
            case OUTPATIENTS -> 30 + r.nextInt(90);
            case GP -> 120 + r.nextInt(240);
        };
        for (OrderRequest.SpecimenLabel label : labels) {
            long seed = r.nextLong();
            schedule(now().plus(Duration.ofMinutes(transit + r.nextInt(5))), () -> arrive(order, label.barcode(), new Random(seed)));
        }
    }

    /** A tube reaches reception: rejected, or received and then cancelled, added to, performed, referred or left waiting. */
    private void arrive(LabOrder order, String barcode, Random r) {
        int incidentDay = incidentDay();
        if (r.nextDouble() < (incidentDay >= 0 ? 0.06 : 0.02)) {
            reception.reject(RECEPTION, barcode, RejectionReason.values()[r.nextInt(RejectionReason.values().length)],
                    "Repeat requested");
            return;
        }
        reception.receive(RECEPTION, barcode, null);
        if (r.nextDouble() < (incidentDay >= 0 ? 0.06 : 0.02)) {
            schedule(now().plus(Duration.ofMinutes(5)), () -> cancelOne(order, barcode));
        } else if (r.nextDouble() < 0.04) {
            // Some add-ons are phoned in the next day, after a backlog point the order was already waiting at.
            schedule(now().plus(r.nextBoolean() ? Duration.ofMinutes(8) : Duration.ofHours(10 + r.nextInt(20))), () -> addOne(order));
        }
        boolean emergency = order.priority() == Priority.CRITICAL || order.requesterOds().equals(ED.ods());
        int minutes = switch (order.priority()) {
            case CRITICAL -> 15 + r.nextInt(25);
            case URGENT -> 30 + r.nextInt(120);
            case ROUTINE -> 60 + r.nextInt(420);
        };
        long seed = r.nextLong();
        if (incidentDay < 0 || emergency || r.nextDouble() < CAPACITY[incidentDay]) {
            schedule(now().plus(Duration.ofMinutes(incidentDay < 0 ? minutes : minutes * 2L)), () -> analyse(order.id(), barcode, new Random(seed)));
        } else if (r.nextBoolean()) {
            schedule(now().plus(Duration.ofMinutes(45 + r.nextInt(60))), () -> refer(order.id(), barcode, new Random(seed)));
        } else if (r.nextBoolean()) {
            // The backlog: done once the lab has hands again, some of it only after the week's end.
            schedule(now().plus(Duration.ofHours(24 + r.nextInt(72))), () -> analyse(order.id(), barcode, new Random(seed)));
        }
    }

    private void cancelOne(LabOrder placed, String barcode) {
        LabOrder order = orders.byId(placed.id());
        String type = reception.byBarcode(barcode).specimenType();
        order.tests().stream().filter(t -> catalogue.test(t).specimenType().equals(type)).findFirst()
                .ifPresent(test -> orders.cancelTest(BMS, order.accession(), test, "Requested in error (ward phoned)"));
    }

    private void addOne(LabOrder placed) {
        LabOrder order = orders.byId(placed.id());
        orders.addableTests(order).stream().filter(t -> TESTS.contains(t.code())).findFirst()
                .ifPresent(test -> orders.addTest(BMS, order.accession(), test.code(), "Asked for by phone"));
    }

    /** The analyser measures the tube's tests still on the order; held results are authorised, criticals phoned. */
    private void analyse(UUID orderId, String barcode, Random r) {
        LabOrder order = orders.byId(orderId);
        String type = reception.byBarcode(barcode).specimenType();
        List<ResultSubmission.Item> items = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        boolean critical = r.nextDouble() < 0.04;
        for (String code : order.tests()) {
            LabTest test = catalogue.test(code);
            if (!test.specimenType().equals(type)) {
                continue;
            }
            for (String analyte : test.analytes()) {
                if (seen.add(analyte)) {
                    Analyte a = catalogue.analyte(analyte);
                    boolean thisOne = critical && a.critical() != null && a.critical().high() != null;
                    critical &= !thisOne;
                    items.add(new ResultSubmission.Item(analyte, value(a, thisOne), a.unit(), null));
                }
            }
        }
        if (items.isEmpty()) {
            return;
        }
        List<LabResult> recorded = results.record(ANALYSER, new ResultSubmission(barcode, List.of(), items));
        for (LabResult result : recorded) {
            if (result.status() == ResultStatus.PRELIMINARY) {
                schedule(now().plus(Duration.ofMinutes(20 + r.nextInt(100))), () -> authorise(result.id()));
            }
        }
        if (recorded.stream().anyMatch(LabResult::critical)) {
            double speed = r.nextDouble();
            if (speed < 0.9) {
                Duration after = speed < 0.65 ? Duration.ofMinutes(3 + r.nextInt(22)) : Duration.ofMinutes(35 + r.nextInt(150));
                schedule(now().plus(after), () -> phone(orderId));
            }
        }
    }

    private void authorise(UUID resultId) {
        LabResult held = lab.bean(org.pathguard.result.Results.class).byId(resultId);
        if (held.status() == ResultStatus.PRELIMINARY && validation.mayAuthorise(AUTHORISER, held)) {
            validation.authorise(AUTHORISER, resultId, "Clinically consistent");
        }
    }

    private void phone(UUID orderId) {
        criticals.list(true).stream().filter(a -> a.orderId().equals(orderId))
                .forEach(a -> criticals.recordCall(BMS, a.id(), "Nurse in charge", "Staff nurse", null, true));
    }

    /** Every test of the tube still on the order goes to the partner; most are sent, some refused, a few cancelled later. */
    private void refer(UUID orderId, String barcode, Random r) {
        LabOrder order = orders.byId(orderId);
        String type = reception.byBarcode(barcode).specimenType();
        for (String test : order.tests()) {
            if (!catalogue.test(test).specimenType().equals(type)) {
                continue;
            }
            Referral referral = referrals.refer(BMS, order.accession(), test, PARTNER, null);
            double fate = r.nextDouble();
            if (fate < 0.75) {
                schedule(now().plus(Duration.ofMinutes(10 + r.nextInt(20))),
                        () -> referrals.sent(Actor.SYSTEM, referral.id(), "PX" + referral.id().toString().substring(0, 8).toUpperCase()));
            } else if (fate < 0.8) {
                schedule(now().plus(Duration.ofMinutes(10 + r.nextInt(20))),
                        () -> referrals.refused(Actor.SYSTEM, referral.id(), "Partner's analyser down (ORL AR)"));
            } else if (fate < 0.9) {
                schedule(now().plus(Duration.ofHours(2 + r.nextInt(30))), () -> {
                    if (referrals.referral(MANAGER, referral.id()).state() == ReferralState.REQUESTED) {
                        referrals.cancel(BMS, referral.id(), "Done here after all once the analyser was back");
                    }
                });
            }
        }
    }

    private void enterFigures(LocalDate day, int correction) {
        Incidents incidents = lab.bean(Incidents.class);
        int d = (int) (day.toEpochDay() - INCIDENT_MONDAY.toEpochDay());
        for (String[] trust : new String[][]{{"RJ1", "Guy's and St Thomas' NHS Foundation Trust"}, {"RJZ", "King's College Hospital NHS Foundation Trust"}}) {
            incidents.enterFigure(MANAGER, incident.id(), new FigureEntry(trust[0], trust[1], day, FigureKind.ELECTIVE_PROCEDURES_POSTPONED,
                    BigDecimal.valueOf(40 + 11L * d + correction), "Trust bed meeting 08:00"));
            incidents.enterFigure(MANAGER, incident.id(), new FigureEntry(trust[0], trust[1], day, FigureKind.OUTPATIENT_APPOINTMENTS_POSTPONED,
                    BigDecimal.valueOf(120 + 30L * d), "Outpatient bookings office"));
            incidents.enterFigure(MANAGER, incident.id(), new FigureEntry(trust[0], trust[1], day, FigureKind.O_NEGATIVE_STOCK_DAYS,
                    new BigDecimal("3.5").subtract(BigDecimal.valueOf(d).movePointLeft(1)), "Blood bank stock count"));
        }
    }

    /** A value within the first reference range, or past the critical high limit when {@code critical}. */
    private String value(Analyte analyte, boolean critical) {
        if (analyte.coded()) {
            return analyte.codes().getFirst().code();
        }
        ReferenceRange range = analyte.ranges().getFirst();
        double low = range.low() == null ? 0 : range.low().doubleValue();
        double high = range.high() == null ? low * 2 + 1 : range.high().doubleValue();
        double v = critical ? analyte.critical().high().doubleValue() * 1.08 : low + (high - low) * (0.3 + random.nextDouble() * 0.4);
        v = Math.clamp(v, analyte.possible().low().doubleValue(), analyte.possible().high().doubleValue());
        int decimals = analyte.decimals() == null ? 2 : analyte.decimals();
        return BigDecimal.valueOf(v).setScale(decimals, RoundingMode.HALF_UP).toPlainString();
    }

    /** The day of the incident week the clock is in (0 = Monday), or -1 before it. */
    private int incidentDay() {
        long d = LocalDate.ofInstant(now(), LabTime.ZONE).toEpochDay() - INCIDENT_MONDAY.toEpochDay();
        return d < 0 ? -1 : (int) Math.min(d, 6);
    }

    private Instant now() {
        return clock.instant();
    }

    private void schedule(Instant at, Runnable action) {
        due.add(new Step(at, steps++, action));
    }

    static Instant at(LocalDate day, LocalTime time) {
        return day.atTime(time).atZone(LabTime.ZONE).toInstant();
    }

    static List<Requester> requesters() {
        return List.of(ED, WARD, OUTPATIENTS, GP, SECOND_GP, UNRECORDED);
    }
}
