package org.pathguard.bench;

import org.pathguard.access.Actor;
import org.pathguard.demo.DemoDay;
import org.pathguard.eventlog.EventLog;
import org.pathguard.eventlog.NewEvent;
import org.pathguard.incident.FigureEntry;
import org.pathguard.incident.FigureKind;
import org.pathguard.incident.Incident;
import org.pathguard.incident.Incidents;
import org.pathguard.lab.Analyte;
import org.pathguard.lab.Catalogue;
import org.pathguard.lab.LabTest;
import org.pathguard.lab.LabTime;
import org.pathguard.lab.Priority;
import org.pathguard.lab.RequesterSetting;
import org.pathguard.lab.Sex;
import org.pathguard.network.Agreement;
import org.pathguard.network.Agreements;
import org.pathguard.patient.PatientRegistry;
import org.pathguard.patient.Registration;
import org.pathguard.report.Report;
import org.pathguard.result.CriticalResults;
import org.pathguard.result.Measurement;
import org.pathguard.result.PerformingLab;
import org.pathguard.sitrep.Activity;
import org.pathguard.sitrep.Sitrep;
import org.pathguard.sitrep.SitrepFiles;
import org.pathguard.sitrep.SitrepPdf;
import org.pathguard.sitrep.SitrepPeriod;
import org.pathguard.sitrep.SitrepSource;
import org.springframework.context.ApplicationContext;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The time to make a weekly sitrep for a network-sized lab. The lab's log is laid down first: baseline weeks and an
 * incident week at {@code testsPerDay} requested tests every day, on a {@link SteppedClock}, every event a real one
 * (the stored format of each feature's event record, appended through {@link EventLog} with its projections). The
 * lab's set-up (requester directory with settings, patients, the partner's agreement, the incident and the incident
 * cell's figures) goes through the real services; the orders' own events are appended in batches of a ten-minute
 * slot each, because through the services one at a time a week at 100,000 tests a day would take hours. Then the
 * weekly sitrep is made, and written as JSON and CSV, several times; each figure is checked against what was laid down.
 */
public final class SitrepBenchmark {

    private static final int LARGEST_APPEND = 4_000;
    private static final double[] CAPACITY = {0.10, 0.25, 0.45, 0.54, 0.60, 0.70, 0.80};
    private static final List<String> TESTS = List.of("UE", "LFT", "CRP", "TFT", "TROP", "FBC", "HBA1C", "COAG", "GLU");
    /** Partners at the most an agreement allows (10,000 tests a day per priority): a hub lab's week of referrals needs several. */
    private static final List<String> PARTNERS = List.of("RPT01", "RPT02", "RPT03", "RPT04");
    private static final Actor SET_UP = new Actor("bench.set-up", Actor.Role.LAB_MANAGER);
    private static final Actor SECOND = new Actor("bench.second", Actor.Role.LAB_MANAGER);
    private static final Actor READER = new Actor("bench.reader", Actor.Role.LAB_MANAGER);
    private static final Actor ORDER_COMMS = new Actor("order-comms", Actor.Role.REQUESTER);
    private static final String RECEPTION = "mla.reception";
    private static final String ANALYSER = "analyser.cobas-1";
    private static final String BMS = "bms.duty";
    private static final String RELEASE = "pathguard";
    /** Within a slot, whose events go first: an order's events in one slot only ever depend on an earlier actor's here. */
    private static final List<String> ACTOR_ORDER = List.of("order-comms", RECEPTION, BMS, ANALYSER, RELEASE);

    // The stored format of each feature's events: the record's simple name is the event type, its fields the JSON.
    record OrderPlaced(UUID orderId, String accession, UUID patientId, String requesterOds, String clinician, String priority,
                       String clinicalDetails, String placerOrderNumber, List<String> tests, Instant placedAt, int targetMinutes) {
    }

    record SpecimenCollected(UUID specimenId, UUID orderId, String barcode, String specimenType, String container, Instant collectedAt) {
    }

    record SpecimenReceived(UUID specimenId, UUID orderId, Instant receivedAt) {
    }

    record SpecimenRejected(UUID specimenId, UUID orderId, String reason, String comment, Instant rejectedAt) {
    }

    record TestCancelled(UUID orderId, String testCode, String cancelledBy, String reason, Instant cancelledAt) {
    }

    /** As the lab writes a tube's results since ADR 0056: one event for the lot. */
    record ResultsRecorded(UUID orderId, UUID specimenId, UUID patientId, PerformingLab performedBy, String analyser,
                           List<Result> results) {
        record Result(UUID resultId, int version, String testCode, String analyteCode, Measurement measurement, boolean critical,
                      List<String> holdReasons, String status) {
        }
    }

    record CriticalAlertRaised(UUID alertId, UUID resultId, UUID orderId) {
    }

    record CriticalResultPhoned(UUID alertId, UUID resultId, String toldWhom, Instant toldAt, boolean readBack, String toldName,
                                String toldRole) {
    }

    record ReportReleased(UUID orderId, int version, boolean amended, Report.Content content) {
    }

    record ReferralRequested(UUID referralId, UUID orderId, String accession, String testCode, String partnerOds, String priority,
                             String way, String capacityOverride, Instant dueBy) {
    }

    private record Requester(String ods, RequesterSetting setting, int share) {
    }

    private static final List<Requester> REQUESTERS = List.of(new Requester("RJ122", RequesterSetting.ED, 14),
            new Requester("RJ1A1", RequesterSetting.ED, 6), new Requester("RJ224", RequesterSetting.WARD, 14),
            new Requester("RJ225", RequesterSetting.WARD, 10), new Requester("RJ231", RequesterSetting.OUTPATIENTS, 12),
            new Requester("G85001", RequesterSetting.GP, 12), new Requester("G85013", RequesterSetting.GP, 12),
            new Requester("G85038", RequesterSetting.GP, 12), new Requester("G85026", null, 8));

    /** One event due in a slot, with the stream it belongs to. */
    private record Due(String stream, Record payload, String actor) {
    }

    /** What was laid down per day, to check the sitrep's figures against. */
    private static final class Laid {
        final Map<LocalDate, int[]> byDay = new HashMap<>();

        void add(LocalDate day, int column, int tests) {
            byDay.computeIfAbsent(day, d -> new int[4])[column] += tests;
        }

        int get(LocalDate day, int column) {
            return byDay.getOrDefault(day, new int[4])[column];
        }
    }

    /** The clock steps a slot at a time, and each slot's events are appended together (a few appends, one per actor). */
    private final Duration slotLength;
    private final ApplicationContext lab;
    private final SteppedClock clock;
    private final PrintStream out;
    private final Random random = new Random(2026);
    private final Map<Integer, List<Due>> due = new HashMap<>();
    private final Laid laid = new Laid();
    private final Catalogue catalogue;
    private final String labOds;
    private final String labName;
    private List<UUID> patients;
    private long accessions;
    private long referrals;
    private long events;

    /** {@code slot} divides a day: ten minutes in a measured run, an hour where only the figures matter (a test). */
    public SitrepBenchmark(ApplicationContext lab, SteppedClock clock, Duration slot, PrintStream out) {
        if (slot.isZero() || slot.isNegative() || Duration.ofDays(1).toMinutes() % slot.toMinutes() != 0 || slot.toMinutes() > 60) {
            throw new IllegalArgumentException("The slot must be whole minutes that divide a day, at most an hour");
        }
        this.slotLength = slot;
        this.lab = lab;
        this.clock = clock;
        this.out = out;
        this.catalogue = lab.getBean(Catalogue.class);
        this.labOds = lab.getEnvironment().getProperty("pathguard.lab.ods-code", "PGLAB");
        this.labName = lab.getEnvironment().getProperty("pathguard.lab.name", "PathGuard demonstration laboratory");
    }

    /** When the lab's log starts, for a benchmark whose incident week starts on {@code incidentMonday}. */
    public static Instant start(LocalDate incidentMonday, int baselineWeeks) {
        return incidentMonday.minusWeeks(baselineWeeks).minusDays(1).atTime(18, 0).atZone(LabTime.ZONE).toInstant();
    }

    /**
     * Lays down the weeks, then makes the incident week's sitrep {@code repetitions} times; returns the number of
     * errors (a figure that differs from what was laid down, or a failure), 0 when all is well.
     */
    public int run(LocalDate incidentMonday, int baselineWeeks, int testsPerDay, int repetitions) {
        out.printf("PathGuard sitrep benchmark: %d baseline weeks and an incident week at %,d tests a day; %d processors, %s%n",
                baselineWeeks, testsPerDay, Runtime.getRuntime().availableProcessors(), Runtime.version());
        long started = System.nanoTime();
        setUp(testsPerDay);
        Incident incident = null;
        out.printf("set up through the services (directory, %,d patients, agreement): %.1f s%n", patients.size(),
                (System.nanoTime() - started) / 1e9);
        started = System.nanoTime();
        LocalDate first = incidentMonday.minusWeeks(baselineWeeks);
        Instant from = first.atStartOfDay(LabTime.ZONE).toInstant();
        Instant until = incidentMonday.plusWeeks(1).atStartOfDay(LabTime.ZONE).toInstant();
        EventLog log = lab.getBean(EventLog.class);
        LocalDate figuresEntered = null;
        int placedToday = 0;
        for (int slot = 0; from.plus(slotLength.multipliedBy(slot)).isBefore(until); slot++) {
            Instant at = from.plus(slotLength.multipliedBy(slot));
            clock.moveTo(at);
            LocalDate day = LocalDate.ofInstant(at, LabTime.ZONE);
            LocalTime time = LocalTime.ofInstant(at, LabTime.ZONE);
            long d = day.toEpochDay() - incidentMonday.toEpochDay();
            if (d == 0 && incident == null && !time.isBefore(LocalTime.of(7, 30))) {
                incident = declare();
            }
            if (incident != null && !day.equals(figuresEntered) && !time.isBefore(LocalTime.of(16, 0))) {
                enterFigures(incident, day, (int) d);
                figuresEntered = day;
            }
            if (time.equals(LocalTime.MIDNIGHT)) {
                placedToday = 0;
            }
            long minutesIn = Duration.between(day.atStartOfDay(LabTime.ZONE), at.atZone(LabTime.ZONE)).toMinutes();
            long target = Math.min(testsPerDay, testsPerDay * (minutesIn + slotLength.toMinutes()) / Duration.ofDays(1).toMinutes());
            while (placedToday < target) {
                placedToday += order(slot, at, d < 0 ? -1 : (int) d);
            }
            append(log, due.remove(slot));
            if (!LocalDate.ofInstant(at.plus(slotLength), LabTime.ZONE).equals(day)) {
                out.printf("  %s laid down: %,d events so far, %.0f s%n", day, events, (System.nanoTime() - started) / 1e9);
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        out.printf("laid down %,d events (%,d tests requested) in %.1f s: %,.0f events/s; the log holds %,d events%n", events,
                laid.byDay.values().stream().mapToInt(c -> c[0]).sum(), seconds, events / seconds, log.lastSequence());
        clock.moveTo(until.plus(Duration.ofHours(9)));
        return measure(new SitrepPeriod(SitrepPeriod.Length.WEEK, incidentMonday), repetitions);
    }

    private void setUp(int testsPerDay) {
        CriticalResults directory = lab.getBean(CriticalResults.class);
        for (Requester r : REQUESTERS) {
            if (r.setting() != null) {
                directory.setContact(SET_UP, r.ods(), "Nurse in charge", "020 7188 0000", null, r.setting());
            }
        }
        Map<Priority, Integer> most = Map.of(Priority.CRITICAL, 10_000, Priority.URGENT, 10_000, Priority.ROUTINE, 10_000);
        for (String partner : PARTNERS) {
            lab.getBean(Agreements.class).set(SET_UP, new Agreement(partner, "Partner Pathology " + partner.substring(3),
                    new Agreement.Endpoint("127.0.0.1", 2575, "LIS", partner, false),
                    TESTS.stream().map(t -> new Agreement.ReferredTest(t, t, null, null)).toList(), most, Agreement.Hours.ALWAYS,
                    Map.of(Priority.CRITICAL, 120, Priority.URGENT, 360, Priority.ROUTINE, 1440), 60,
                    new Agreement.Contact("Duty biochemist", "020 7188 7188")));
        }
        PatientRegistry registry = lab.getBean(PatientRegistry.class);
        int count = Math.clamp(testsPerDay / 50, 20, 2_000);
        patients = new ArrayList<>();
        for (DemoDay.SyntheticPatient p : DemoDay.syntheticPatients(count, 2026)) {
            patients.add(registry.register(ORDER_COMMS, new Registration(p.nhsNumber(), p.hospitalNumber(), p.familyName(),
                    p.givenName(), p.dateOfBirth(), random.nextBoolean() ? Sex.FEMALE : Sex.MALE, p.postcode())).id());
        }
    }

    private Incident declare() {
        Incidents incidents = lab.getBean(Incidents.class);
        Incident declared = incidents.declare(SET_UP, "Ransomware on the LIS servers: analysers offline, work referred");
        return incidents.confirm(SECOND, declared.id());
    }

    private void enterFigures(Incident incident, LocalDate day, int d) {
        Incidents incidents = lab.getBean(Incidents.class);
        incidents.enterFigure(SET_UP, incident.id(), new FigureEntry("RJ1", "Guy's and St Thomas' NHS Foundation Trust", day,
                FigureKind.ELECTIVE_PROCEDURES_POSTPONED, BigDecimal.valueOf(100 + 20L * d), "Trust bed meeting 08:00"));
        incidents.enterFigure(SET_UP, incident.id(), new FigureEntry("RJ1", "Guy's and St Thomas' NHS Foundation Trust", day,
                FigureKind.O_NEGATIVE_STOCK_DAYS, new BigDecimal("3.5"), "Blood bank stock count"));
    }

    /** Places one order in {@code slot} and lays down what becomes of it; returns how many tests it has. */
    private int order(int slot, Instant at, int incidentDay) {
        Requester requester = requester();
        RequesterSetting setting = requester.setting() == null ? RequesterSetting.GP : requester.setting();
        Priority priority = setting == RequesterSetting.ED ? (random.nextDouble() < 0.3 ? Priority.CRITICAL : Priority.URGENT)
                : setting == RequesterSetting.WARD && random.nextDouble() < 0.4 ? Priority.URGENT : Priority.ROUTINE;
        List<String> tests = new ArrayList<>();
        int wanted = 1 + random.nextInt(4);
        while (tests.size() < wanted) {
            String test = TESTS.get(random.nextInt(TESTS.size()));
            if (!tests.contains(test)) {
                tests.add(test);
            }
        }
        UUID orderId = UUID.randomUUID();
        UUID patientId = patients.get(random.nextInt(patients.size()));
        String accession = "SB%09d".formatted(++accessions);
        String stream = orderId.toString();
        List<Due> now = due.computeIfAbsent(slot, s -> new ArrayList<>());
        now.add(new Due(stream, new OrderPlaced(orderId, accession, patientId, requester.ods(), "Dr A Clinician", priority.name(), null,
                null, List.copyOf(tests), at, 240), ORDER_COMMS.logName()));
        laid.add(LocalDate.ofInstant(at, LabTime.ZONE), 0, tests.size());
        Map<String, List<String>> byTube = new HashMap<>();
        tests.forEach(t -> byTube.computeIfAbsent(catalogue.test(t).specimenType(), x -> new ArrayList<>()).add(t));
        int transit = slots(switch (setting) {
            case ED -> 10 + random.nextInt(20);
            case WARD -> 10 + random.nextInt(50);
            case OUTPATIENTS -> 20 + random.nextInt(100);
            case GP -> 60 + random.nextInt(300);
        });
        boolean emergency = setting == RequesterSetting.ED;
        double fate = random.nextDouble();
        int analysedAfter = slots((priority == Priority.ROUTINE ? 30 + random.nextInt(270) : 10 + random.nextInt(80))
                * (incidentDay >= 0 ? 2 : 1));
        boolean performed = incidentDay < 0 || emergency || fate < CAPACITY[incidentDay];
        // A third of what the lab cannot do goes to a partner (within what the partners agreed to take), the rest waits.
        boolean referred = !performed && fate < CAPACITY[incidentDay] + (1 - CAPACITY[incidentDay]) / 3;
        if (!performed && !referred) {
            analysedAfter = slots(24 * 60 + random.nextInt(72 * 60));
            performed = random.nextBoolean();
        }
        int reportSlot = -1;
        int resulted = 0;
        List<Report.Line> lines = new ArrayList<>();
        boolean complete = true;
        for (Map.Entry<String, List<String>> tube : byTube.entrySet()) {
            UUID specimenId = UUID.randomUUID();
            String type = tube.getKey();
            now.add(new Due(stream, new SpecimenCollected(specimenId, orderId, accession + "-" + type, type,
                    catalogue.specimenType(type).container(), at), ORDER_COMMS.logName()));
            int arrives = slot + transit;
            Instant arrivesAt = at.plus(slotLength.multipliedBy(transit));
            if (random.nextDouble() < (incidentDay >= 0 ? 0.04 : 0.015)) {
                later(arrives, new Due(stream, new SpecimenRejected(specimenId, orderId, "HAEMOLYSED", "Repeat requested", arrivesAt),
                        RECEPTION));
                laid.add(LocalDate.ofInstant(arrivesAt, LabTime.ZONE), 3, tube.getValue().size());
                complete = false;
                continue;
            }
            later(arrives, new Due(stream, new SpecimenReceived(specimenId, orderId, arrivesAt), RECEPTION));
            List<String> onTube = new ArrayList<>(tube.getValue());
            if (onTube.size() > 1 && random.nextDouble() < (incidentDay >= 0 ? 0.03 : 0.01)) {
                String cancelled = onTube.removeLast();
                Instant cancelledAt = arrivesAt.plus(slotLength);
                later(arrives + 1, new Due(stream, new TestCancelled(orderId, cancelled, BMS, "Requested in error", cancelledAt), BMS));
                laid.add(LocalDate.ofInstant(cancelledAt, LabTime.ZONE), 3, 1);
            }
            if (referred) {
                int after = slots(30);
                Instant referredAt = arrivesAt.plus(slotLength.multipliedBy(after));
                for (String test : onTube) {
                    String partner = PARTNERS.get((int) (referrals++ % PARTNERS.size()));
                    later(arrives + after, new Due("referral:" + UUID.randomUUID(), new ReferralRequested(UUID.randomUUID(), orderId,
                            accession, test, partner, priority.name(), "PERSON", null, referredAt.plus(Duration.ofHours(24))), BMS));
                    laid.add(LocalDate.ofInstant(referredAt, LabTime.ZONE), 2, 1);
                }
                complete = false;
                continue;
            }
            if (!performed) {
                complete = false;
                continue;
            }
            int resultSlot = arrives + 1 + analysedAfter;
            Instant resultAt = at.plus(slotLength.multipliedBy(transit + 1L + analysedAfter));
            reportSlot = Math.max(reportSlot, resultSlot);
            List<ResultsRecorded.Result> measured = new ArrayList<>();
            List<Due> alerts = new ArrayList<>();
            for (String test : onTube) {
                LabTest labTest = catalogue.test(test);
                Analyte analyte = catalogue.analyte(labTest.analytes().getFirst());
                boolean critical = analyte.critical() != null && analyte.critical().high() != null && random.nextDouble() < 0.005;
                BigDecimal value = critical ? analyte.critical().high().multiply(new BigDecimal("1.1"))
                        : analyte.ranges().getFirst().low() == null ? BigDecimal.ONE : analyte.ranges().getFirst().low().add(BigDecimal.ONE);
                Measurement measurement = new Measurement(value.toPlainString(), value, analyte.unit(), null, null, null, List.of(), null, null);
                UUID resultId = UUID.randomUUID();
                measured.add(new ResultsRecorded.Result(resultId, 1, test, analyte.code(), measurement, critical, List.of(), "FINAL"));
                laid.add(LocalDate.ofInstant(resultAt, LabTime.ZONE), 1, 1);
                resulted++;
                lines.add(new Report.Line(test, analyte.code(), analyte.name(), analyte.loinc(), value.toPlainString(), analyte.unit(),
                        null, null, null, org.pathguard.result.ResultStatus.FINAL, 1, null));
                if (critical) {
                    UUID alertId = UUID.randomUUID();
                    alerts.add(new Due(stream, new CriticalAlertRaised(alertId, resultId, orderId), ANALYSER));
                    if (random.nextDouble() < 0.9) {
                        int after = slots(5 + random.nextInt(115));
                        later(resultSlot + after, new Due(stream, new CriticalResultPhoned(alertId, resultId, "Nurse in charge, Staff nurse",
                                resultAt.plus(slotLength.multipliedBy(after)), true, "Nurse in charge", "Staff nurse"), BMS));
                    }
                }
            }
            later(resultSlot, new Due(stream, new ResultsRecorded(orderId, specimenId, patientId, null, null, measured), ANALYSER));
            alerts.forEach(alert -> later(resultSlot, alert));
        }
        if (complete && resulted > 0) {
            later(reportSlot, new Due(stream, new ReportReleased(orderId, 1, false, new Report.Content(accession, patientId,
                    requester.ods(), "Dr A Clinician", priority, lines, new PerformingLab(labOds, labName))), RELEASE));
        }
        return tests.size();
    }

    /** Whole slots for a wait of {@code minutes}, at least one (what happens later is never in the same batch). */
    private int slots(int minutes) {
        return (int) Math.max(1, (minutes + slotLength.toMinutes() - 1) / slotLength.toMinutes());
    }

    private Requester requester() {
        int total = REQUESTERS.stream().mapToInt(Requester::share).sum();
        int pick = random.nextInt(total);
        for (Requester r : REQUESTERS) {
            pick -= r.share();
            if (pick < 0) {
                return r;
            }
        }
        throw new IllegalStateException("unreachable");
    }

    private void later(int slot, Due event) {
        due.computeIfAbsent(slot, s -> new ArrayList<>()).add(event);
    }

    /** A slot's events, actor by actor, a few thousand to an append (one transaction each, projections included). */
    private void append(EventLog log, List<Due> due) {
        if (due == null) {
            return;
        }
        List<Due> slot = due.stream().sorted(java.util.Comparator.comparingInt(d -> ACTOR_ORDER.indexOf(d.actor()))).toList();
        List<NewEvent> batch = new ArrayList<>(Math.min(slot.size(), LARGEST_APPEND));
        String actor = null;
        for (Due d : slot) {
            if (batch.size() == LARGEST_APPEND || (actor != null && !actor.equals(d.actor()))) {
                log.append(actor, batch);
                batch = new ArrayList<>();
            }
            actor = d.actor();
            batch.add(NewEvent.of(d.stream(), d.payload()));
            events++;
        }
        log.append(actor, batch);
    }

    /** Makes the sitrep and its files {@code repetitions} times after one warm-up; checks each figure once. */
    private int measure(SitrepPeriod period, int repetitions) {
        SitrepSource source = lab.getBean(SitrepSource.class);
        Sitrep.Subject subject = source.subjects(READER).getFirst();
        Sitrep sitrep = source.make(READER, subject, period);
        int errors = check(sitrep);
        List<Double> make = new ArrayList<>();
        List<Double> json = new ArrayList<>();
        List<Double> csv = new ArrayList<>();
        List<Double> pdf = new ArrayList<>();
        for (int i = 0; i < repetitions; i++) {
            Sitrep[] made = new Sitrep[1];
            make.add(time(() -> made[0] = source.make(READER, subject, period)));
            json.add(time(() -> SitrepFiles.json(made[0])));
            csv.add(time(() -> SitrepFiles.csv(made[0])));
            pdf.add(time(() -> {
                ByteArrayOutputStream file = new ByteArrayOutputStream();
                SitrepPdf.write(made[0], file);
                return file;
            }));
        }
        out.printf("%nweekly sitrep of %s to %s (%d repetitions after one warm-up), seconds:%n", period.firstDay(), period.lastDay(),
                repetitions);
        out.printf("| step | median | min | max |%n|---|---:|---:|---:|%n");
        row("make (every figure from the projections' SQL)", make);
        row("JSON file", json);
        row("CSV file", csv);
        row("PDF file", pdf);
        out.printf("%nerrors: %d%n", errors);
        return errors;
    }

    private static double time(Supplier<Object> work) {
        long started = System.nanoTime();
        work.get();
        return (System.nanoTime() - started) / 1e9;
    }

    private void row(String step, List<Double> seconds) {
        List<Double> sorted = seconds.stream().sorted().toList();
        out.printf("| %s | %.3f | %.3f | %.3f |%n", step, sorted.get(sorted.size() / 2), sorted.getFirst(), sorted.getLast());
    }

    /** Each day's requested, performed, referred-out and rejected tests as laid down; and the incident in force. */
    private int check(Sitrep sitrep) {
        int errors = 0;
        String[] names = {"requested", "performed", "referred out", "rejected"};
        for (LocalDate day : sitrep.period().days()) {
            int[] counted = new int[4];
            for (Activity a : sitrep.activity()) {
                if (a.day().equals(day)) {
                    counted[0] += a.requested();
                    counted[1] += a.performed();
                    counted[2] += a.referredOut();
                    counted[3] += a.rejected();
                }
            }
            for (int i = 0; i < 4; i++) {
                if (counted[i] != laid.get(day, i)) {
                    out.printf("ERROR: %s %s: the sitrep says %,d, %,d were laid down%n", day, names[i], counted[i], laid.get(day, i));
                    errors++;
                }
            }
            out.printf("  %s: requested %,d, performed %,d, referred out %,d, rejected %,d%n", day, counted[0], counted[1], counted[2],
                    counted[3]);
        }
        if (sitrep.incident() == null) {
            out.println("ERROR: the sitrep names no incident");
            errors++;
        }
        return errors;
    }
}
