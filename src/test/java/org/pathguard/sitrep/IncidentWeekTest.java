package org.pathguard.sitrep;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.pathguard.StandaloneLab;
import org.pathguard.bench.SteppedClock;
import org.pathguard.access.Actor;
import org.pathguard.audit.Checkpoints;
import org.pathguard.backup.BackupStatus;
import org.pathguard.cli.PathGuardCommand;
import org.pathguard.eventlog.EventLog;
import org.pathguard.incident.Incident;
import org.pathguard.incident.IncidentFigure;
import org.pathguard.lab.Catalogue;
import org.pathguard.lab.LabTest;
import org.pathguard.lab.LabTime;
import org.pathguard.tracking.SampleAccount;
import org.pathguard.writeonce.WriteOnceStore;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The simulated incident week ({@link IncidentWeek}: four ordinary weeks and an incident week through the real
 * services on a stepped clock) makes sitreps whose every figure equals an independent recount from the raw events
 * ({@link Recount}), weekday baseline included; and the lab, destroyed and restored from its backups, makes the same
 * sitrep for the incident week as before its loss.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class IncidentWeekTest {

    private static final Actor MANAGER = new Actor("lm.reader", Actor.Role.LAB_MANAGER);
    private static final Duration PHONE_WITHIN = Duration.ofMinutes(30);
    private static final SitrepPeriod INCIDENT_WEEK = new SitrepPeriod(SitrepPeriod.Length.WEEK, IncidentWeek.INCIDENT_MONDAY);

    @TempDir
    static Path root;

    private StandaloneLab lab;
    private Incident incident;
    private Sitrep weeklyBeforeTheLoss;

    @BeforeAll
    void simulateFiveWeeks() throws Exception {
        Path recoveryKey = root.resolve("offline-recovery-key");
        assertThat(PathGuardCommand.run("backup", "recovery-key", "--out", recoveryKey.toString())).isZero();
        SteppedClock clock = new SteppedClock(IncidentWeek.start());
        lab = StandaloneLab.start(root.resolve("lab"), clock, "--pathguard.checkpoint.enabled=true",
                "--pathguard.checkpoint.interval=PT0.5S", "--pathguard.backup.repository=" + root.resolve("backups"),
                "--pathguard.backup.snapshot-every=5000", "--pathguard.backup.key-escrow=" + root.resolve("key-escrow"),
                "--pathguard.backup.recovery-public-key=" + recoveryKey.resolve("recovery-public.json"),
                "--pathguard.critical.phone-within=" + PHONE_WITHIN);
        incident = new IncidentWeek(lab, clock, 17).run();
    }

    @AfterAll
    void stop() {
        if (lab != null) {
            lab.close();
        }
    }

    @Test
    @Order(1)
    void theIncidentWeeksSitrepEqualsTheRecountFromTheRawEventsFigureByFigure() {
        Sitrep sitrep = make(lab, INCIDENT_WEEK);
        weeklyBeforeTheLoss = sitrep;
        Recount recount = recount(lab);

        assertThat(sitrep.incident()).as("the incident in force").isNotNull();
        assertThat(sitrep.incident().id()).isEqualTo(incident.id());
        assertThat(sitrep.incident().confirmed()).isTrue();
        assertSameFigures(sitrep, recount, IncidentWeek.INCIDENT_MONDAY);

        // The simulation did what it says, so the equality above is about real figures, not empty tables.
        List<CapacityDay> capacity = sitrep.capacity();
        assertThat(capacity.getFirst().percentOfNormal()).as("Monday of the incident, at a tenth of its hands").isLessThan(40);
        assertThat(capacity.getFirst().normal().signum()).isPositive();
        assertThat(sitrep.referredOut()).as("work referred to the partner").isNotEmpty();
        assertThat(recount.refusedReferrals()).as("some referrals refused by the partner").isPositive();
        assertThat(recount.testsAddedLongAfterReceipt()).as("tests added the next day to orders already waiting").isPositive();
        assertThat(sitrep.activity().stream().mapToInt(Activity::rejected).sum()).as("tubes rejected, tests cancelled").isPositive();
        assertThat(sitrep.criticals().raised()).isPositive();
        assertThat(sitrep.criticals().phonedWithinDeadline()).as("some phoned fast").isPositive();
        assertThat(sitrep.criticals().phoned()).as("and some slowly").isGreaterThan(sitrep.criticals().phonedWithinDeadline());
        assertThat(sitrep.turnaround()).extracting(TurnaroundFigure::setting).as("every setting, and the unrecorded one")
                .containsExactlyInAnyOrder(org.pathguard.lab.RequesterSetting.ED, org.pathguard.lab.RequesterSetting.WARD,
                        org.pathguard.lab.RequesterSetting.OUTPATIENTS, org.pathguard.lab.RequesterSetting.GP, null);
        assertThat(sitrep.reported()).as("the incident cell's figures, the corrected one once").hasSize(7 * 2 * 3);
        assertThat(sitrep.backlog()).extracting(BacklogPoint::receivedNotReported).anyMatch(n -> n > 0);
    }

    @Test
    @Order(2)
    void dailySitrepsInTheIncidentAndBeforeItEqualTheRecount() {
        Recount recount = recount(lab);
        LocalDate wednesday = IncidentWeek.INCIDENT_MONDAY.plusDays(2);
        Sitrep daily = make(lab, new SitrepPeriod(SitrepPeriod.Length.DAY, wednesday));
        assertThat(daily.incident().id()).isEqualTo(incident.id());
        assertSameFigures(daily, recount, IncidentWeek.INCIDENT_MONDAY);

        // A day before the incident: normal is the same weekday of the four weeks before that day.
        LocalDate ordinary = IncidentWeek.INCIDENT_MONDAY.minusDays(5);
        Sitrep before = make(lab, new SitrepPeriod(SitrepPeriod.Length.DAY, ordinary));
        assertThat(before.incident()).isNull();
        assertSameFigures(before, recount, ordinary);
    }

    @Test
    @Order(3)
    void theSampleAccountOfAnIncidentDayHoldsTheTubesStillInTheLabFromTheDaysBefore() {
        // Wednesday of the incident: work placed on Monday and Tuesday and not reported by Wednesday's start is in the
        // lab (or on its way) that day, and must be on the list the lab phones from, not only Wednesday's own orders.
        LocalDate wednesday = IncidentWeek.INCIDENT_MONDAY.plusDays(2);
        Instant wednesdayStart = wednesday.atStartOfDay(LabTime.ZONE).toInstant();
        SampleAccount accounts = lab.bean(SampleAccount.class);
        Actor scientist = new Actor("bms.phoning", Actor.Role.SCIENTIST, "PGLAB", null);
        SampleAccount.Days days = new SampleAccount.Days(wednesday, wednesday, "the incident's Wednesday");
        List<SampleAccount.OrderLine> held = accounts.requesters(scientist, days).stream()
                .flatMap(r -> accounts.account(scientist, r.ods(), days).orders().stream()).toList();
        assertThat(held).as("Wednesday's own orders").anyMatch(o -> !o.placedAt().isBefore(wednesdayStart));
        assertThat(held).as("orders from before Wednesday still outstanding when it began")
                .anyMatch(o -> o.placedAt().isBefore(wednesdayStart));
    }

    @Test
    @Order(4)
    void aLabDestroyedAndRestoredFromItsBackupsMakesTheSameSitrepForTheIncidentWeek() throws Exception {
        Sitrep before = weeklyBeforeTheLoss != null ? weeklyBeforeTheLoss : make(lab, INCIDENT_WEEK);
        long events = waitUntilShipped(lab, root.resolve("backups"));
        lab.close();
        lab = null;
        deleteTree(root.resolve("lab"));

        Path restored = root.resolve("restored");
        assertThat(PathGuardCommand.run("restore", "--from", root.resolve("backups").toString(), "--key-escrow",
                root.resolve("key-escrow").toString(), "--data-dir", restored.toString(), "--recovery-key",
                root.resolve("offline-recovery-key").resolve("recovery-private.json").toString())).isZero();
        lab = StandaloneLab.start(restored);
        assertThat(lab.bean(EventLog.class).lastSequence()).isEqualTo(events);
        Sitrep after = make(lab, INCIDENT_WEEK);
        assertThat(withoutMadeAt(after)).isEqualTo(withoutMadeAt(before));
        assertThat(after.madeAt()).as("made now, by the restored lab").isAfter(before.madeAt());
    }

    private static Sitrep make(StandaloneLab lab, SitrepPeriod period) {
        SitrepSource source = lab.bean(SitrepSource.class);
        Sitrep.Subject subject = source.subjects(MANAGER).getFirst();
        return source.make(MANAGER, subject, period);
    }

    private static Recount recount(StandaloneLab lab) {
        Map<String, String> tubes = lab.bean(Catalogue.class).tests().stream()
                .collect(Collectors.toMap(LabTest::code, LabTest::specimenType));
        return Recount.of(lab.bean(EventLog.class), tubes);
    }

    private static Sitrep withoutMadeAt(Sitrep s) {
        return new Sitrep(s.subject(), s.period(), null, s.incident(), s.activity(), s.referredOut(), s.capacity(), s.turnaround(),
                s.backlog(), s.referredByAge(), s.criticals(), s.reported(), s.method());
    }

    /** Every figure of the sitrep against the recount, each with a message naming the figure, day and cell. */
    private static void assertSameFigures(Sitrep sitrep, Recount recount, LocalDate baselineEnd) {
        SitrepPeriod period = sitrep.period();
        String name = period.length() + " of " + period.firstDay();

        Map<Recount.Cell, int[]> expected = recount.activity(period);
        Map<Recount.Cell, int[]> actual = new HashMap<>();
        for (Activity row : sitrep.activity()) {
            assertThat(row.deferred()).as("%s: deferred is not known at a lab, %s", name, row).isNull();
            int[] counts = {row.requested(), row.performed(), row.referredOut(), row.rejected()};
            Recount.Cell cell = new Recount.Cell(row.day(), row.priority(), row.setting());
            assertThat(actual.put(cell, counts)).as("%s: one activity row per day, priority and setting: %s", name, cell).isNull();
        }
        Set<Recount.Cell> cells = new TreeSet<>(Comparator.comparing(Recount.Cell::day).thenComparing(Recount.Cell::priority)
                .thenComparing(Recount.Cell::setting, Comparator.nullsLast(Comparator.naturalOrder())));
        cells.addAll(expected.keySet());
        cells.addAll(actual.keySet());
        String[] figures = {"requested", "performed", "referredOut", "rejected"};
        for (Recount.Cell cell : cells) {
            int[] want = expected.getOrDefault(cell, new int[4]);
            int[] got = actual.getOrDefault(cell, new int[4]);
            for (int i = 0; i < figures.length; i++) {
                assertThat(got[i]).as("%s: %s on %s, %s, setting %s", name, figures[i], cell.day(), cell.priority(), cell.setting())
                        .isEqualTo(want[i]);
            }
        }

        assertThat(sitrep.referredOut().stream().filter(r -> r.tests() > 0)
                .sorted(Comparator.comparing(ReferredOut::day).thenComparing(ReferredOut::partnerOds)).toList())
                .as("%s: referred out per partner and day", name).isEqualTo(recount.referredOut(period));

        List<CapacityDay> capacity = recount.capacity(period, baselineEnd);
        assertThat(sitrep.capacity()).as("%s: capacity days", name).hasSize(capacity.size());
        for (int i = 0; i < capacity.size(); i++) {
            CapacityDay want = capacity.get(i);
            CapacityDay got = sitrep.capacity().get(i);
            assertThat(got.day()).isEqualTo(want.day());
            assertThat(got.performed()).as("%s: performed on %s", name, want.day()).isEqualTo(want.performed());
            assertThat(got.normal()).as("%s: normal for %s (same weekday, 4 weeks before %s)", name, want.day(), baselineEnd)
                    .isEqualByComparingTo(want.normal());
            assertThat(got.percentOfNormal()).as("%s: percent of normal on %s", name, want.day()).isEqualTo(want.percentOfNormal());
        }

        List<TurnaroundFigure> turnaround = recount.turnaround(period);
        assertThat(sitrep.turnaround().stream().filter(t -> t.reported() > 0).toList()).as("%s: turnaround per setting", name)
                .usingRecursiveFieldByFieldElementComparator().containsExactlyInAnyOrderElementsOf(turnaround);

        List<Instant> points = new ArrayList<>();
        if (period.length() == SitrepPeriod.Length.WEEK) {
            period.days().forEach(day -> points.add(Recount.startOf(day.plusDays(1))));
        } else {
            for (int hour = 6; hour <= 24; hour += 6) {
                points.add(period.firstDay().atStartOfDay(LabTime.ZONE).toInstant().plus(Duration.ofHours(hour)));
            }
        }
        assertThat(sitrep.backlog()).extracting(BacklogPoint::at).as("%s: backlog points", name).isEqualTo(points);
        for (BacklogPoint point : sitrep.backlog()) {
            assertThat(point.deferred()).as("%s: deferred is not known at a lab", name).isNull();
            assertThat(point.receivedNotReported()).as("%s: received but not reported at %s", name, point.at())
                    .isEqualTo(recount.receivedNotReported(point.at()));
        }

        Instant end = Recount.startOf(period.lastDay().plusDays(1));
        Map<ReferredAge.AgeBand, Integer> ages = new HashMap<>();
        sitrep.referredByAge().stream().filter(a -> a.tests() > 0).forEach(a -> ages.put(a.band(), a.tests()));
        assertThat(ages).as("%s: referred work awaiting results by age at %s", name, end).isEqualTo(recount.referredByAge(end));

        assertThat(sitrep.criticals()).as("%s: critical results phoned", name).isEqualTo(recount.criticals(period, PHONE_WITHIN));

        List<IncidentFigure> reported = sitrep.incident() == null ? List.of() : recount.reported(sitrep.incident().id().toString(), period);
        Comparator<IncidentFigure> byKey = Comparator.comparing(IncidentFigure::organisationOds).thenComparing(IncidentFigure::day)
                .thenComparing(IncidentFigure::kind);
        assertThat(sitrep.reported().stream().sorted(byKey).toList()).as("%s: the incident cell's figures", name)
                .usingRecursiveFieldByFieldElementComparatorIgnoringFields("enteredAt")
                .isEqualTo(reported.stream().sorted(byKey).toList());
        for (Sitrep.Section section : Sitrep.Section.values()) {
            assertThat(sitrep.method().get(section)).as("%s: the method line of %s", name, section).isNotBlank();
        }
    }

    /** Waits until the repository holds every committed event: shipping follows each checkpoint within seconds. */
    private static long waitUntilShipped(StandaloneLab lab, Path repository) throws InterruptedException {
        EventLog log = lab.bean(EventLog.class);
        Checkpoints checkpoints = lab.bean(Checkpoints.class);
        Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
        try (WriteOnceStore store = WriteOnceStore.open(repository.toString())) {
            while (Instant.now().isBefore(deadline)) {
                long committed = log.lastSequence();
                if (BackupStatus.of(store, "pathguard/PGLAB/event-log", checkpoints.key()).lastSequence() == committed) {
                    return committed;
                }
                Thread.sleep(200);
            }
        }
        throw new AssertionError("The repository did not catch up with the log within 120 s");
    }

    private static void deleteTree(Path directory) throws Exception {
        try (Stream<Path> walk = Files.walk(directory)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
