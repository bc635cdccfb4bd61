package org.pathguard.router;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.pathguard.Api;
import org.pathguard.StandaloneLab;
import org.pathguard.access.Actor;
import org.pathguard.access.ForbiddenAction;
import org.pathguard.bench.SyntheticMessages;
import org.pathguard.incident.FigureEntry;
import org.pathguard.incident.FigureKind;
import org.pathguard.incident.Incident;
import org.pathguard.incident.IncidentFigure;
import org.pathguard.incident.Incidents;
import org.pathguard.interop.hl7.Hl7Sender;
import org.pathguard.interop.hl7.Mllp;
import org.pathguard.lab.LabRuleViolation;
import org.pathguard.lab.Priority;
import org.pathguard.lab.RequesterSetting;
import org.pathguard.sitrep.Activity;
import org.pathguard.sitrep.BacklogPoint;
import org.pathguard.sitrep.CapacityDay;
import org.pathguard.sitrep.ReferredAge;
import org.pathguard.sitrep.ReferredOut;
import org.pathguard.sitrep.Sitrep;
import org.pathguard.sitrep.SitrepFiles;
import org.pathguard.sitrep.SitrepPdf;
import org.pathguard.sitrep.SitrepPeriod;
import org.pathguard.sitrep.SitrepTables;
import org.pathguard.sitrep.SitrepSource;
import org.pathguard.sitrep.TurnaroundFigure;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The network's sitrep at a real router (router mode, its own PostgreSQL) whose clock the test steps through November
 * 2026 (UK time is UTC then): four weeks of a GP's routine orders passed to home lab A, then an incident week in which
 * A is declared down, an emergency department's urgent orders are routed to partner B, a routine order is held, a
 * critical one refused, B's result relayed, A declared back and the held order drained into it. A and B are MLLP
 * endpoints that answer AA, as a lab taking the order does. Every figure is compared with the count made by hand from
 * that story, and Monday's with the ledger.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NetworkSitrepsTest {

    private static final String A = "LABA";
    private static final String B = "LABB";
    private static final String GP = "G85001";
    private static final String ED = "RJ1ED";
    private static final Actor FIRST = new Actor("nm.one", Actor.Role.NETWORK_MANAGER, "PGNET", null);
    private static final Actor SECOND = new Actor("nm.two", Actor.Role.NETWORK_MANAGER, "PGNET", null);
    private static final Actor PRIVACY_OFFICER = new Actor("privacy", Actor.Role.AUDITOR, "PGNET", null);
    private static final Actor MANAGER_A = new Actor("manager.a", Actor.Role.LAB_MANAGER, A, null);
    private static final Actor MANAGER_ELSEWHERE = new Actor("manager.x", Actor.Role.LAB_MANAGER, "RXX", null);
    private static final LocalDate MONDAY = LocalDate.of(2026, 11, 23);

    /** The router's clock: what the test sets it to. */
    static final AtomicReference<Instant> NOW = new AtomicReference<>(Instant.parse("2026-10-01T00:00:00Z"));

    /** Given to the router as an extra source (not a scanned component), so only this test's router runs on it. */
    public static class SteppedClock {
        @Bean
        @Primary
        public InstantSource steppedClock() {
            return NOW::get;
        }
    }

    private final AtomicInteger sent = new AtomicInteger();
    private StandaloneLab router;
    private RouterNetworkTest.ResultsEndpoint labA;
    private RouterNetworkTest.ResultsEndpoint labB;
    private RouterNetworkTest.ResultsEndpoint requesters;
    private SitrepSource sitreps;
    private JdbcClient db;

    @BeforeAll
    void aNetworkWithFourWeeksOfOrders() throws Exception {
        labA = new RouterNetworkTest.ResultsEndpoint();
        labB = new RouterNetworkTest.ResultsEndpoint();
        requesters = new RouterNetworkTest.ResultsEndpoint();
        router = StandaloneLab.startTemporary("pathguard-router-sitrep-", "--pathguard.mode=router",
                "--spring.main.sources=" + SteppedClock.class.getName(), "--pathguard.router.poll=PT0.1S",
                "--pathguard.router.first-retry=PT0.2S", "--pathguard.router.longest-retry=PT0.5S");
        db = router.bean(JdbcClient.class);
        sitreps = router.bean(SitrepSource.class);
        NetworkDirectory directory = router.bean(NetworkDirectory.class);
        agree(directory.proposeLab(FIRST, new NetworkLab(A, "Lab A", "127.0.0.1", labA.port(), false, "PATHGUARD", A)));
        agree(directory.proposeLab(FIRST, new NetworkLab(B, "Lab B", "127.0.0.1", labB.port(), false, "PATHGUARD", B)));
        agree(directory.proposeRequester(FIRST, new NetworkRequester(GP, "Borough surgery", RequesterSetting.GP, A, "127.0.0.1",
                requesters.port(), false, null)));
        agree(directory.proposeRequester(FIRST, new NetworkRequester(ED, "Emergency department", RequesterSetting.ED, A, "127.0.0.1",
                requesters.port(), false, null)));
        // B takes U&E only: full blood counts have nowhere to go while A is down.
        agree(directory.proposeMutualAid(FIRST, new MutualAid(A, B, List.of("UE"), Map.of(Priority.CRITICAL, 5, Priority.URGENT, 5),
                Map.of(Priority.CRITICAL, 30, Priority.URGENT, 120), 10)));
        router.loopbackHl7Sender(GP, ED);

        // Five weeks before: outside the baseline. Then the four Mondays (2 tests each) and two Tuesdays (2 and 1).
        taken("2026-10-19T09:00:00Z", GP, "R", "UE", "FBC", "LFT");
        for (String monday : List.of("2026-10-26", "2026-11-02", "2026-11-09", "2026-11-16")) {
            taken(monday + "T09:00:00Z", GP, "R", "UE", "FBC");
        }
        taken("2026-11-10T09:00:00Z", GP, "R", "UE");
        taken("2026-11-17T09:00:00Z", GP, "R", "UE", "FBC");
    }

    @AfterAll
    void stop() throws Exception {
        if (router != null) {
            router.close();
        }
        for (RouterNetworkTest.ResultsEndpoint endpoint : List.of(labA, labB, requesters)) {
            endpoint.close();
        }
    }

    @Test
    @Order(1)
    void mondaysFiguresAreTheHandCountedOnesAndAgreeWithTheLedger() {
        String p1 = taken("2026-11-23T09:00:00Z", GP, "R", "UE", "FBC");
        at("2026-11-23T10:00:00Z");
        router.bean(LabStates.class).declareDown(FIRST, A, "ransomware: systems isolated at 09:50, no results until restored");
        Incidents incidents = router.bean(Incidents.class);
        Incident incident = incidents.declare(FIRST, "Ransomware at lab A: its requesters' work goes to partners or is held");
        incidents.confirm(SECOND, incident.id());
        at("2026-11-23T11:00:00Z");
        String e1 = order(ED, "A", "UE");
        waitFor("B takes the urgent order", () -> state(e1).equals("AT_PARTNER"));
        at("2026-11-23T11:30:00Z");
        String p2 = order(GP, "R", "UE", "FBC");
        at("2026-11-23T12:00:00Z");
        String e2 = order(ED, "S", "FBC");
        assertThat(List.of(state(p1), state(p2), state(e2))).containsExactly("AT_HOME_LAB", "DEFERRED", "REFUSED");
        at("2026-11-23T23:00:00Z");
        IncidentFigure postponed = incidents.enterFigure(FIRST, incident.id(), new FigureEntry("RJ1", "Guy's and St Thomas'", MONDAY,
                FigureKind.ELECTIVE_PROCEDURES_POSTPONED, new BigDecimal("12"), "trust bed meeting 18:00"));

        Sitrep day = sitreps.make(FIRST, network(), new SitrepPeriod(SitrepPeriod.Length.DAY, MONDAY));

        assertThat(day.activity()).containsExactly(
                new Activity(MONDAY, Priority.CRITICAL, RequesterSetting.ED, 1, 0, 0, 0, 1),
                new Activity(MONDAY, Priority.URGENT, RequesterSetting.ED, 1, 0, 1, 0, 0),
                new Activity(MONDAY, Priority.ROUTINE, RequesterSetting.GP, 4, 2, 0, 2, 0));
        assertThat(day.referredOut()).containsExactly(new ReferredOut(MONDAY, B, "Lab B", 1));
        assertThat(day.capacity()).containsExactly(new CapacityDay(MONDAY, 2, new BigDecimal("2.0"), 100));
        // 06:00, 12:00 and 18:00; midnight had not come when it was made. The critical order came and was refused at 12:00.
        assertThat(day.backlog()).containsExactly(
                new BacklogPoint(Instant.parse("2026-11-23T06:00:00Z"), 0, 0),
                new BacklogPoint(Instant.parse("2026-11-23T12:00:00Z"), 2, 1),
                new BacklogPoint(Instant.parse("2026-11-23T18:00:00Z"), 2, 1));
        assertThat(day.turnaround()).isEmpty();
        assertThat(day.referredByAge()).contains(new ReferredAge(ReferredAge.AgeBand.UNDER_A_DAY, 1));

        // The ledger, read at the same moment, places the same tests: home, partner, held, refused.
        Ledger.Account ledger = router.bean(Ledger.class).ledger(FIRST, A, Instant.parse("2026-11-23T00:00:00Z"),
                Instant.parse("2026-11-24T00:00:00Z"));
        Map<String, Integer> testsByWhere = new java.util.TreeMap<>();
        ledger.orders().forEach(o -> testsByWhere.merge(o.where(), o.tests().size(), Integer::sum));
        assertThat(testsByWhere).isEqualTo(Map.of("HOME_LAB", 2, "PARTNER:" + B, 1, "DEFERRED", 2, "REFUSED", 1));
        int requested = sum(day, Activity::requested);
        assertThat(requested).isEqualTo(6).isEqualTo(testsByWhere.values().stream().mapToInt(Integer::intValue).sum());
        assertThat(sum(day, Activity::performed)).isEqualTo(testsByWhere.get("HOME_LAB"));
        assertThat(sum(day, Activity::referredOut)).isEqualTo(testsByWhere.get("PARTNER:" + B));
        assertThat(sum(day, Activity::deferred)).isEqualTo(testsByWhere.get("DEFERRED"));
        assertThat(sum(day, Activity::rejected)).isEqualTo(testsByWhere.get("REFUSED"));
        assertThat(day.criticals()).isNull();
        assertThat(day.incident().id()).isEqualTo(incident.id());
        assertThat(day.reported()).containsExactly(postponed);
        assertThat(day.method()).containsKeys(Sitrep.Section.values());
        assertThat(day.method().get(Sitrep.Section.CRITICALS)).startsWith("Not known here");
    }

    @Test
    @Order(2)
    void theIncidentWeeksFiguresAreTheHandCountedOnes() throws Exception {
        at("2026-11-24T08:00:00Z");
        String e1 = placerOf(ED, 1);
        String answer = router.bean(RouterIntake.class).answer(partnerResult(e1), new Hl7Sender("lab.b", "labb.test", null, List.of(),
                List.of(), B, List.of()));
        assertThat(answer).contains("MSA|AA");
        waitFor("the result reaches the emergency department", () -> count("""
                select count(*) from router_outbound where kind = 'RESULT_TO_REQUESTER' and state = 'DELIVERED'""") == 1);
        at("2026-11-24T09:00:00Z");
        String e3 = order(ED, "A", "UE");
        waitFor("B takes the second urgent order", () -> state(e3).equals("AT_PARTNER"));
        at("2026-11-25T10:00:00Z");
        router.bean(LabStates.class).declareBack(FIRST, A, 100);
        String p2 = placerOf(GP, 2);
        waitFor("the held order drains into A", () -> state(p2).equals("AT_HOME_LAB"));
        at("2026-12-01T09:00:00Z");

        Sitrep week = sitreps.make(FIRST, network(), new SitrepPeriod(SitrepPeriod.Length.WEEK, MONDAY));

        LocalDate tuesday = MONDAY.plusDays(1);
        LocalDate wednesday = MONDAY.plusDays(2);
        assertThat(week.activity()).containsExactly(
                new Activity(MONDAY, Priority.CRITICAL, RequesterSetting.ED, 1, 0, 0, 0, 1),
                new Activity(MONDAY, Priority.URGENT, RequesterSetting.ED, 1, 0, 1, 0, 0),
                new Activity(MONDAY, Priority.ROUTINE, RequesterSetting.GP, 4, 2, 0, 2, 0),
                // B's result for Monday's order is performed on Tuesday; the second urgent order goes to B.
                new Activity(tuesday, Priority.URGENT, RequesterSetting.ED, 1, 1, 1, 0, 0),
                // The held order, released and taken by A.
                new Activity(wednesday, Priority.ROUTINE, RequesterSetting.GP, 0, 2, 0, 0, 0));
        assertThat(week.referredOut()).containsExactly(new ReferredOut(MONDAY, B, "Lab B", 1), new ReferredOut(tuesday, B, "Lab B", 1));
        assertThat(week.capacity()).hasSize(7).startsWith(
                new CapacityDay(MONDAY, 2, new BigDecimal("2.0"), 100),
                // Tuesdays 17 and 10 November: 2 + 1 tests over four weeks is 0.75 (0.8 shown); 1 / 0.75 is 133 %.
                new CapacityDay(tuesday, 1, new BigDecimal("0.8"), 133),
                new CapacityDay(wednesday, 2, new BigDecimal("0.0"), null));
        assertThat(week.capacity().subList(3, 7)).allSatisfy(c -> assertThat(c.performed()).isZero());
        // Received Monday 11:00, relayed Tuesday 08:00: 21 hours against the emergency department's 1 h target, 2 h limit.
        assertThat(week.turnaround()).containsExactly(new TurnaroundFigure(RequesterSetting.ED, 1, Duration.ofHours(21),
                Duration.ofHours(21), Duration.ofHours(21), 0, 1));
        assertThat(week.backlog()).containsExactly(
                new BacklogPoint(Instant.parse("2026-11-24T00:00:00Z"), 2, 1),
                new BacklogPoint(Instant.parse("2026-11-25T00:00:00Z"), 2, 1),
                new BacklogPoint(Instant.parse("2026-11-26T00:00:00Z"), 0, 1),
                new BacklogPoint(Instant.parse("2026-11-27T00:00:00Z"), 0, 1),
                new BacklogPoint(Instant.parse("2026-11-28T00:00:00Z"), 0, 1),
                new BacklogPoint(Instant.parse("2026-11-29T00:00:00Z"), 0, 1),
                new BacklogPoint(Instant.parse("2026-11-30T00:00:00Z"), 0, 1));
        // The second urgent order, with B since Tuesday 09:00 and no result by Monday 30 November.
        assertThat(week.referredByAge()).containsExactly(new ReferredAge(ReferredAge.AgeBand.UNDER_A_DAY, 0),
                new ReferredAge(ReferredAge.AgeBand.ONE_TO_TWO_DAYS, 0), new ReferredAge(ReferredAge.AgeBand.TWO_TO_THREE_DAYS, 0),
                new ReferredAge(ReferredAge.AgeBand.OVER_THREE_DAYS, 1));
        assertThat(week.criticals()).isNull();
        assertThat(week.reported()).extracting(IncidentFigure::kind, IncidentFigure::value)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(FigureKind.ELECTIVE_PROCEDURES_POSTPONED, new BigDecimal("12")));
        assertThat(week.method().get(Sitrep.Section.CAPACITY)).contains("four weeks before 2026-11-23 (the day the network's incident");
        // A week on, normal is still the four weeks before the incident (Tuesdays 17, 10 and 3 November and 27 October: 3
        // tests), not the four before the day (which would take in the incident week's Tuesday: 4 tests, 1.0).
        Sitrep tuesdayAWeekOn = sitreps.make(FIRST, network(), new SitrepPeriod(SitrepPeriod.Length.DAY, LocalDate.of(2026, 12, 1)));
        assertThat(tuesdayAWeekOn.capacity()).containsExactly(new CapacityDay(LocalDate.of(2026, 12, 1), 0, new BigDecimal("0.8"), 0));
        assertThat(week.madeAt()).isEqualTo(Instant.parse("2026-12-01T09:00:00Z"));

        // Lab A's sitrep is its requesters' orders: here every order. B has no requesters of its own.
        Sitrep a = sitreps.make(FIRST, new Sitrep.Subject(Sitrep.Subject.Kind.LAB, A, "Lab A"), week.period());
        assertThat(a.subject()).isEqualTo(new Sitrep.Subject(Sitrep.Subject.Kind.LAB, A, "Lab A"));
        assertThat(List.of(a.activity(), a.referredOut(), a.capacity(), a.turnaround(), a.backlog(), a.referredByAge()))
                .isEqualTo(List.of(week.activity(), week.referredOut(), week.capacity(), week.turnaround(), week.backlog(),
                        week.referredByAge()));
        Sitrep b = sitreps.make(FIRST, new Sitrep.Subject(Sitrep.Subject.Kind.LAB, B, "Lab B"), week.period());
        assertThat(b.activity()).isEmpty();
        assertThat(b.referredOut()).isEmpty();
        assertThat(b.turnaround()).isEmpty();
        assertThat(b.backlog()).allSatisfy(p -> assertThat(List.of(p.deferred(), p.receivedNotReported())).containsOnly(0));
        assertThat(b.capacity()).allSatisfy(c -> assertThat(c.performed()).isZero());

        // The files every mode writes: criticals read "not known here" (never 0); the router's deferred is a figure.
        List<SitrepTables.Table> tables = SitrepTables.of(week);
        assertThat(tables.stream().filter(t -> t.section() == Sitrep.Section.CRITICALS).findFirst().orElseThrow().rows())
                .allSatisfy(row -> assertThat(row.get(1)).isEqualTo(SitrepTables.NOT_KNOWN));
        assertThat(tables.get(0).rows()).contains(List.of("2026-11-23", "Routine", "GP practice", "4", "2", "0", "2", "0"));
        String csv = new String(SitrepFiles.csv(week), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(csv).contains("the pathology network (PGNET), week 2026-11-23 to 2026-11-29", "Lab B,1",
                "elective procedures postponed,12").doesNotContain("9434765919", "TESTPATIENT");
        assertThat(SitrepFiles.fromJson(SitrepFiles.json(week))).isEqualTo(week);
        assertThat(pdfText(week)).contains("the pathology network", "Lab B", SitrepTables.NOT_KNOWN, "elective procedures postponed")
                .doesNotContain("9434765919", "TESTPATIENT");
    }

    private static String pdfText(Sitrep sitrep) throws java.io.IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        SitrepPdf.write(sitrep, out);
        try (org.apache.pdfbox.pdmodel.PDDocument pdf = org.apache.pdfbox.Loader.loadPDF(out.toByteArray())) {
            return new org.apache.pdfbox.text.PDFTextStripper().getText(pdf);
        }
    }

    @Test
    @Order(3)
    void whoMayAskAndWhatIsRefused() {
        assertThat(sitreps.subjects(FIRST)).extracting(Sitrep.Subject::kind, Sitrep.Subject::ods).containsExactly(
                org.assertj.core.groups.Tuple.tuple(Sitrep.Subject.Kind.NETWORK, "PGNET"),
                org.assertj.core.groups.Tuple.tuple(Sitrep.Subject.Kind.LAB, A),
                org.assertj.core.groups.Tuple.tuple(Sitrep.Subject.Kind.LAB, B));
        assertThat(sitreps.subjects(PRIVACY_OFFICER)).hasSize(3);
        assertThat(sitreps.subjects(MANAGER_A)).containsExactly(new Sitrep.Subject(Sitrep.Subject.Kind.LAB, A, "Lab A"));
        SitrepPeriod week = new SitrepPeriod(SitrepPeriod.Length.WEEK, MONDAY);
        assertThat(sitreps.make(MANAGER_A, new Sitrep.Subject(Sitrep.Subject.Kind.LAB, A, "Lab A"), week).activity()).hasSize(5);
        assertThatThrownBy(() -> sitreps.make(MANAGER_A, network(), week)).isInstanceOf(ForbiddenAction.class);
        assertThatThrownBy(() -> sitreps.make(MANAGER_A, new Sitrep.Subject(Sitrep.Subject.Kind.LAB, B, "Lab B"), week))
                .isInstanceOf(ForbiddenAction.class);
        assertThatThrownBy(() -> sitreps.subjects(MANAGER_ELSEWHERE)).isInstanceOf(ForbiddenAction.class);
        for (Actor.Role role : List.of(Actor.Role.REQUESTER, Actor.Role.SCIENTIST, Actor.Role.AUTHORISER, Actor.Role.ADMINISTRATOR,
                Actor.Role.INTERFACE)) {
            Actor someone = new Actor("someone." + role, role, role == Actor.Role.REQUESTER ? GP : A, null);
            assertThatThrownBy(() -> sitreps.subjects(someone)).as(role.name()).isInstanceOf(ForbiddenAction.class);
            assertThatThrownBy(() -> sitreps.make(someone, network(), week)).as(role.name()).isInstanceOf(ForbiddenAction.class);
        }
        assertThatThrownBy(() -> sitreps.make(FIRST, new Sitrep.Subject(Sitrep.Subject.Kind.LAB, "RXX", "Nowhere"), week))
                .isInstanceOf(ForbiddenAction.class).hasMessageContaining("RXX");
        // Today is 1 December on the router's clock: the 2nd has not begun.
        assertThatThrownBy(() -> sitreps.make(FIRST, network(), new SitrepPeriod(SitrepPeriod.Length.DAY, LocalDate.of(2026, 12, 2))))
                .isInstanceOf(LabRuleViolation.class).hasMessageContaining("has not begun");
        assertThatThrownBy(() -> sitreps.make(FIRST, network(), new SitrepPeriod(null, MONDAY))).isInstanceOf(LabRuleViolation.class);
    }

    @Test
    @Order(4)
    void theSitrepApiAndScreenAtTheRouterAskThisSourceAndRefuseWhoeverMayNot() throws Exception {
        Api manager = person(Actor.Role.NETWORK_MANAGER, "PGNET");
        Api.Response subjects = manager.get("/api/sitrep/subjects");
        assertThat(subjects.status()).isEqualTo(200);
        assertThat(subjects.body()).contains("\"NETWORK\"", "\"PGNET\"", "\"" + A + "\"", "\"" + B + "\"");
        Sitrep direct = sitreps.make(FIRST, network(), new SitrepPeriod(SitrepPeriod.Length.WEEK, MONDAY));
        // The router's clock stands still here, so the API's sitrep is the very one made directly.
        Api.Response json = manager.get("/api/sitrep?period=week&from=2026-11-23&subject=network");
        assertThat(json.status()).as(json.body()).isEqualTo(200);
        assertThat(SitrepFiles.fromJson(json.body().getBytes(java.nio.charset.StandardCharsets.UTF_8))).isEqualTo(direct);
        Api.Response csv = manager.get("/api/sitrep?period=week&from=2026-11-23&subject=" + A + "&format=csv");
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.contentType()).startsWith("text/csv");
        assertThat(csv.body()).contains("Lab A (" + A + "), week 2026-11-23 to 2026-11-29", SitrepTables.NOT_KNOWN);
        assertThat(manager.get("/api/sitrep/pdf?period=week&from=2026-11-23").contentType()).isEqualTo("application/pdf");
        Api.Response screen = manager.get("/sitrep?period=week&from=2026-11-23&subject=network");
        assertThat(screen.status()).isEqualTo(200);
        assertThat(screen.body()).contains("href=\"/sitrep\"", "the pathology network", "Lab B", SitrepTables.NOT_KNOWN);
        assertThat(manager.get("/api/sitrep?period=day&from=2026-12-02").status()).isEqualTo(422);

        Api ownLab = person(Actor.Role.LAB_MANAGER, A);
        assertThat(ownLab.get("/api/sitrep?period=week&from=2026-11-23&subject=" + A).status()).isEqualTo(200);
        assertThat(ownLab.get("/api/sitrep?period=week&from=2026-11-23&subject=" + B).status()).isEqualTo(404);
        assertThat(ownLab.get("/api/sitrep?period=week&from=2026-11-23&subject=network").status()).isEqualTo(404);
        assertThat(person(Actor.Role.AUDITOR, "PGNET").get("/api/sitrep?period=week&from=2026-11-23").status()).isEqualTo(200);
        for (Actor.Role role : List.of(Actor.Role.REQUESTER, Actor.Role.ADMINISTRATOR)) {
            Api someone = person(role, role == Actor.Role.REQUESTER ? GP : "PGNET");
            assertThat(someone.get("/api/sitrep?period=week&from=2026-11-23").status()).as(role.name()).isEqualTo(403);
            assertThat(someone.get("/api/sitrep/subjects").status()).as(role.name()).isEqualTo(403);
            assertThat(someone.get("/sitrep").status()).as(role.name()).isEqualTo(403);
        }
        assertThat(Api.anonymous(router.port()).get("/api/sitrep?period=week&from=2026-11-23").status()).isEqualTo(401);
    }

    private Api person(Actor.Role role, String organisation) {
        org.pathguard.access.Accounts.Secrets s = router.bean(org.pathguard.access.Accounts.class).createEnrolled(Actor.SYSTEM,
                "sitrep." + role.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-') + sent.incrementAndGet(), role, organisation);
        return Api.person(router.port(), s.username(), s.password(), s.totpSecret());
    }

    // --- the story's steps ---

    private static Sitrep.Subject network() {
        return new Sitrep.Subject(Sitrep.Subject.Kind.NETWORK, "PGNET", "the pathology network");
    }

    private void agree(DirectoryProposal proposal) {
        router.bean(NetworkDirectory.class).decide(SECOND, proposal.id(), true, null);
    }

    private static void at(String instant) {
        NOW.set(Instant.parse(instant));
    }

    /** An order sent at {@code instant} and waited for until home lab A has taken it (it is up then). */
    private String taken(String instant, String requester, String priority, String... tests) {
        at(instant);
        String placer = order(requester, priority, tests);
        waitFor("A takes " + placer, () -> state(placer).equals("AT_HOME_LAB"));
        return placer;
    }

    /** An order from {@code requester}'s order comms over MLLP; its placer number P{requester}-{n}. */
    private String order(String requester, String priority, String... tests) {
        int n = sent.incrementAndGet();
        String placer = "P" + requester + "-" + n;
        String message = SyntheticMessages.oml("NET" + n, requester, placer, new SyntheticMessages.Person("9434765919", null,
                "TESTPATIENT", "Ada", "19800101", "F", null), priority, null,
                java.util.Arrays.stream(tests).map(t -> new SyntheticMessages.Request(t, null, null)).toList());
        try (Mllp mllp = new Mllp(router.mllpPort())) {
            assertThat(mllp.send(message)).contains("MSA|AA");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return placer;
    }

    /** The placer number of {@code requester}'s {@code nth} order in the incident week (oldest first). */
    private String placerOf(String requester, int nth) {
        return db.sql("select placer_number from router_order where requester_ods = ? and received_at >= ? order by received_at "
                        + "offset ? limit 1")
                .params(requester, java.sql.Timestamp.from(Instant.parse("2026-11-23T00:00:00Z")), nth - 1).query(String.class).single();
    }

    /** B's ORU^R01 for an order routed to it, naming the requester (ORC-21) and placer number (ORC-2) as a lab's results do. */
    private static String partnerResult(String placer) {
        return SyntheticMessages.msh("PATHGUARD", B, "ORU^R01^ORU_R01", "B-" + placer)
                + "\r" + SyntheticMessages.segment("PID", Map.of(1, "1", 3, "9434765919^^^NHS^NH", 5, "TESTPATIENT^Ada"))
                + "\r" + SyntheticMessages.segment("ORC", Map.of(1, "RE", 2, placer, 3, "LB1", 21, "Emergency^^^^^^^^^" + ED))
                + "\r" + SyntheticMessages.segment("OBR", Map.of(1, "1", 2, placer, 3, "LB1", 4, "UE^^L", 25, "F"))
                + "\r" + SyntheticMessages.segment("OBX", Map.of(1, "1", 2, "NM", 3, "NA^Sodium^L", 5, "140", 6, "mmol/L", 11, "F"));
    }

    private String state(String placer) {
        return db.sql("select state from router_order where placer_number = ?").param(placer).query(String.class).single();
    }

    private long count(String sql) {
        return db.sql(sql).query(Long.class).single();
    }

    private static int sum(Sitrep sitrep, java.util.function.ToIntFunction<Activity> figure) {
        return sitrep.activity().stream().mapToInt(figure).sum();
    }

    private static void waitFor(String what, BooleanSupplier done) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (!done.getAsBoolean()) {
            assertThat(Instant.now()).as("waiting until " + what).isBefore(deadline);
            try {
                TimeUnit.MILLISECONDS.sleep(100);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
