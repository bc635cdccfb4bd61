package org.pathguard.sitrep;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pathguard.Api;
import org.pathguard.StandaloneLab;
import org.pathguard.access.Accounts;
import org.pathguard.access.Actor;
import org.pathguard.access.Scope;
import org.pathguard.lab.LabTime;
import org.pathguard.lab.Priority;
import org.pathguard.lab.RequesterSetting;
import org.springframework.jdbc.core.simple.JdbcClient;

import tools.jackson.databind.JsonNode;

/**
 * Today's daily sitrep of a lab of its own (nothing else in its log), after real orders are placed, received, resulted,
 * reported, referred, rejected, cancelled and added to through the REST API: every figure is the one counted by hand
 * from what the test did. Then who may ask for it, and what is refused.
 */
class LabSitrepsTest {

    static final String GP = "G85001";
    static final String ED = "RJ122";
    static final String UNSET = "Y09999";
    static final String PARTNER = "RQ3";
    static final Actor READER = new Actor("sitrep.reader", Actor.Role.LAB_MANAGER, "PGLAB", null);

    static Path dir;
    static StandaloneLab lab;
    static final Map<String, Api> signedIn = new HashMap<>();
    static LocalDate today;
    static Sitrep atDayEnd;
    static final List<String> critical = new ArrayList<>();

    @BeforeAll
    static void aDayOfWork() throws IOException {
        dir = Files.createTempDirectory("pathguard-sitrep");
        lab = StandaloneLab.start(dir);
        today = LocalDate.now(LabTime.ZONE);

        Api manager = as("LAB_MANAGER", "PGLAB");
        // The requester directory: a GP practice, an emergency department, and a requester with no setting recorded.
        assertThat(manager.put("/api/requester-contacts/" + GP, Map.of("name", "Duty doctor", "phone", "020 7188 7188", "setting", "GP")).status())
                .isEqualTo(200);
        assertThat(manager.put("/api/requester-contacts/" + ED, Map.of("name", "Resus", "bleep", "4412", "setting", "ED")).status())
                .isEqualTo(200);
        var agreed = manager.put("/api/network/agreements/" + PARTNER, Map.of("name", "Lewisham pathology",
                // Not on the administrator's destination list: the referral waits as REQUESTED, nothing is sent.
                "endpoint", Map.of("host", "sitrep-partner.invalid", "port", 2575, "receivingApplication", "LIS",
                        "receivingFacility", PARTNER, "tls", false),
                "tests", List.of(Map.of("testCode", "TROP", "partnerCode", "TROP")),
                "dailyCapacity", Map.of("CRITICAL", 10, "URGENT", 10, "ROUTINE", 10), "hours", Map.of("always", true),
                "turnaroundMinutes", Map.of("CRITICAL", 60, "URGENT", 240, "ROUTINE", 1440), "transportMinutes", 0,
                "contact", Map.of("name", "Duty biochemist", "phone", "020 7188 7188")));
        assertThat(agreed.status()).as(agreed.body()).isEqualTo(200);

        // O1, GP routine CRP: received, resulted in range (autoverified), reported.
        Order o1 = order(GP, "ROUTINE", List.of("CRP"), "SER");
        receive(o1.tubes().getFirst());
        result(o1.tubes().getFirst(), "CRP", "3", "mg/L");
        assertThat(as("REQUESTER", GP).get("/api/orders/" + o1.accession() + "/reports").json()).hasSize(1);

        // O2 and O6, ED critical U&E: received, a critical potassium each (not reported); O2's is phoned, O6's is not.
        for (int i = 0; i < 2; i++) {
            Order o = order(ED, "CRITICAL", List.of("UE"), "SER");
            receive(o.tubes().getFirst());
            result(o.tubes().getFirst(), "K", "7.1", "mmol/L");
            critical.add(o.accession());
        }
        JsonNode alert = null;
        for (JsonNode a : as("SCIENTIST", "PGLAB").get("/api/critical-alerts").json()) {
            if (a.get("accession").asString().equals(critical.getFirst())) {
                alert = a;
            }
        }
        assertThat(alert).isNotNull();
        var phoned = as("SCIENTIST", "PGLAB").post("/api/critical-alerts/" + alert.get("id").asString() + "/call",
                Map.of("toldName", "Staff Nurse Patel", "toldRole", "ED", "toldAt", Instant.now().toString(), "readBack", true));
        assertThat(phoned.status()).as(phoned.body()).isEqualTo(200);

        // O3, GP urgent CRP + troponin: received, troponin referred out, U&E added on.
        Order o3 = order(GP, "URGENT", List.of("CRP", "TROP"), "SER");
        receive(o3.tubes().getFirst());
        var referred = as("SCIENTIST", "PGLAB").post("/api/network/referrals", Map.of("accession", o3.accession(), "test", "TROP", "partner", PARTNER));
        assertThat(referred.status()).as(referred.body()).isEqualTo(201);
        var added = as("SCIENTIST", "PGLAB").post("/api/orders/" + o3.accession() + "/tests", Map.of("test", "UE", "reason", "Query AKI"));
        assertThat(added.status()).as(added.body()).isEqualTo(201);

        // O4, unrecorded setting, routine CRP (serum) + FBC (EDTA): the serum tube is rejected, so CRP is; FBC is not.
        Order o4 = order(UNSET, "ROUTINE", List.of("CRP", "FBC"), "SER", "EDTA");
        var rejected = as("SCIENTIST", "PGLAB").post("/api/specimens/" + o4.tubes().getFirst() + "/rejection",
                Map.of("reason", "HAEMOLYSED", "comment", "Grossly haemolysed"));
        assertThat(rejected.status()).as(rejected.body()).isEqualTo(200);

        // O5, GP routine CRP + troponin: received, CRP cancelled.
        Order o5 = order(GP, "ROUTINE", List.of("CRP", "TROP"), "SER");
        receive(o5.tubes().getFirst());
        var cancelled = as("SCIENTIST", "PGLAB").post("/api/orders/" + o5.accession() + "/tests/CRP/cancellation",
                Map.of("reason", "Duplicate request"));
        assertThat(cancelled.status()).as(cancelled.body()).isEqualTo(200);

        // As it will stand at the day's end, nothing more happening (or now, if the test runs past midnight).
        SitrepPeriod day = new SitrepPeriod(SitrepPeriod.Length.DAY, today);
        atDayEnd = lab.bean(LabSitreps.class).make(READER, null, day, day.end());
    }

    @AfterAll
    static void stop() {
        if (lab != null) {
            lab.close();
        }
    }

    record Order(String accession, List<String> tubes) {
    }

    static Api as(String role, String organisation) {
        return signedIn.computeIfAbsent(role + "/" + organisation, key -> {
            String name = "sitrep." + role.toLowerCase() + "." + organisation.toLowerCase();
            if (role.equals("INTERFACE")) {
                return Api.machine(lab.port(), lab.bean(Accounts.class).issueCredential(Actor.SYSTEM, name, organisation,
                        List.copyOf(Scope.NAMES)).token());
            }
            Accounts.Secrets s = lab.bean(Accounts.class).createEnrolled(Actor.SYSTEM, name, Actor.Role.valueOf(role), organisation);
            return Api.person(lab.port(), s.username(), s.password(), s.totpSecret());
        });
    }

    static Order order(String requester, String priority, List<String> tests, String... specimenTypes) {
        Api gp = as("REQUESTER", requester);
        String patient = gp.post("/api/patients", Map.of("nhsNumber", Api.newNhsNumber(), "hospitalNumber", Api.unique("H"),
                "familyName", "Sitrep", "givenName", "Zoë", "dateOfBirth", "1961-02-03", "sex", "FEMALE", "postcode", "SE5 9RS"))
                .json().get("id").asString();
        List<String> tubes = new ArrayList<>();
        List<Map<String, String>> specimens = new ArrayList<>();
        for (String type : specimenTypes) {
            String barcode = Api.unique("SR");
            tubes.add(barcode);
            specimens.add(Map.of("barcode", barcode, "specimenType", type));
        }
        var placed = gp.post("/api/orders", Map.of("patientId", patient, "requesterOds", requester, "clinician", "Dr Shah",
                "priority", priority, "placerOrderNumber", Api.unique("PL"), "tests", tests, "specimens", specimens));
        assertThat(placed.status()).as(placed.body()).isEqualTo(201);
        return new Order(placed.json().get("accession").asString(), tubes);
    }

    static void receive(String barcode) {
        var received = as("SCIENTIST", "PGLAB").post("/api/specimens/" + barcode + "/receipt", Map.of());
        assertThat(received.status()).as(received.body()).isEqualTo(200);
    }

    static void result(String barcode, String analyte, String value, String unit) {
        var r = as("INTERFACE", "PGLAB").post("/api/results", Map.of("barcode", barcode,
                "results", List.of(Map.of("analyte", analyte, "value", value, "unit", unit))));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
    }

    @Test
    void eachActivityFigureIsTheHandCount() {
        assertThat(atDayEnd.activity()).containsExactly(
                // O2 and O6: U&E each, performed (first result here), none referred or rejected.
                new Activity(today, Priority.CRITICAL, RequesterSetting.ED, 2, 2, 0, null, 0),
                // O3: CRP and troponin placed, U&E added: 3; troponin referred.
                new Activity(today, Priority.URGENT, RequesterSetting.GP, 3, 0, 1, null, 0),
                // O1 CRP + O5 CRP and troponin; O1's CRP performed; O5's CRP cancelled.
                new Activity(today, Priority.ROUTINE, RequesterSetting.GP, 3, 1, 0, null, 1),
                // O4: CRP and FBC; the serum tube rejected, so CRP (not FBC, on EDTA).
                new Activity(today, Priority.ROUTINE, null, 2, 0, 0, null, 1));
        assertThat(atDayEnd.referredOut()).containsExactly(new ReferredOut(today, PARTNER, "Lewisham pathology", 1));
        assertThat(atDayEnd.subject()).isEqualTo(new Sitrep.Subject(Sitrep.Subject.Kind.LAB, "PGLAB", "PathGuard demonstration laboratory"));
        assertThat(atDayEnd.incident()).isNull();
    }

    @Test
    void capacityHasNoNormalWithoutFourWeeksBefore() {
        assertThat(atDayEnd.capacity()).containsExactly(new CapacityDay(today, 3, new BigDecimal("0.0"), null));
    }

    @Test
    void turnaroundCountsTheOneOrderReportedAgainstTheGpTarget() {
        assertThat(atDayEnd.turnaround()).hasSize(1);
        TurnaroundFigure gp = atDayEnd.turnaround().getFirst();
        assertThat(gp.setting()).isEqualTo(RequesterSetting.GP);
        assertThat(gp.reported()).isEqualTo(1);
        assertThat(gp.withinTarget()).isEqualTo(1);
        assertThat(gp.beyondUnacceptable()).isZero();
        Duration measured = lab.bean(JdbcClient.class).sql("""
                        select (extract(epoch from r.released_at - o.received_at) * 1000000)::bigint from report r
                        join lab_order o on o.id = r.order_id where r.version = 1""").query(Long.class).list()
                .stream().map(m -> Duration.ofNanos(m * 1000)).findFirst().orElseThrow();
        assertThat(gp.median()).isEqualTo(measured).isPositive();
        assertThat(gp.p90()).isEqualTo(measured);
        assertThat(gp.p95()).isEqualTo(measured);
    }

    @Test
    void theBacklogAtTheDaysEndIsEveryReceivedTestNotReportedOrCancelled() {
        List<Instant> points = atDayEnd.backlog().stream().map(BacklogPoint::at).toList();
        assertThat(points).containsExactly(today.atTime(6, 0).atZone(LabTime.ZONE).toInstant(),
                today.atTime(12, 0).atZone(LabTime.ZONE).toInstant(), today.atTime(18, 0).atZone(LabTime.ZONE).toInstant(),
                today.plusDays(1).atStartOfDay(LabTime.ZONE).toInstant());
        // O2 and O6 U&E (2), O3 CRP, troponin and the added U&E (3), O5 troponin (its CRP cancelled): 6. O1 is reported,
        // O4's tubes never arrived.
        assertThat(atDayEnd.backlog().getLast()).isEqualTo(new BacklogPoint(points.getLast(), null, 6));
        // Points before the work was received count none of it.
        assertThat(atDayEnd.backlog()).allSatisfy(p -> assertThat(p.receivedNotReported()).isIn(0, 6));
    }

    @Test
    void theReferralAwaitingItsResultIsUnderADayOld() {
        assertThat(atDayEnd.referredByAge()).containsExactly(new ReferredAge(ReferredAge.AgeBand.UNDER_A_DAY, 1),
                new ReferredAge(ReferredAge.AgeBand.ONE_TO_TWO_DAYS, 0), new ReferredAge(ReferredAge.AgeBand.TWO_TO_THREE_DAYS, 0),
                new ReferredAge(ReferredAge.AgeBand.OVER_THREE_DAYS, 0));
    }

    @Test
    void twoCriticalsRaisedOnePhonedWithinTheDeadlineOneOpen() {
        CriticalPhoning c = atDayEnd.criticals();
        assertThat(c.raised()).isEqualTo(2);
        assertThat(c.phoned()).isEqualTo(1);
        assertThat(c.phonedWithinDeadline()).isEqualTo(1);
        assertThat(c.stillOpen()).isEqualTo(1);
        assertThat(c.medianToPhone()).isEqualTo(c.p90ToPhone()).isPositive();
    }

    @Test
    void everySectionSaysHowItWasCounted() {
        assertThat(atDayEnd.method().keySet()).containsExactlyInAnyOrder(Sitrep.Section.values());
        assertThat(atDayEnd.method().get(Sitrep.Section.CAPACITY)).contains("4 weeks before the period's first day");
        assertThat(atDayEnd.reported()).isEmpty();
    }

    @Test
    void theApiGivesTheSameFiguresAsJsonAndCsv() {
        var json = as("AUDITOR", "PGLAB").get("/api/sitrep?period=day&from=" + today);
        assertThat(json.status()).as(json.body()).isEqualTo(200);
        assertThat(json.contentType()).startsWith("application/json");
        Sitrep now = SitrepFiles.fromJson(json.body().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(now.activity()).isEqualTo(atDayEnd.activity());
        assertThat(now.criticals()).isEqualTo(atDayEnd.criticals());
        assertThat(json.body()).contains("\"medianToPhone\" : \"PT");

        var csv = as("SCIENTIST", "PGLAB").withHeader("Accept", "text/csv").get("/api/sitrep?period=day&from=" + today + "&subject=pglab");
        assertThat(csv.status()).as(csv.body()).isEqualTo(200);
        assertThat(csv.contentType()).startsWith("text/csv");
        assertThat(csv.headers().firstValue("Content-Disposition").orElseThrow()).contains("sitrep-PGLAB-day-" + today + ".csv");
        assertThat(csv.body()).contains(today + ",Critical,emergency department,2,2,0,not known here,0")
                .contains("Method,").contains("Critical results phoned");
        assertThat(as("AUTHORISER", "PGLAB").get("/api/sitrep?period=week&from=" + today + "&format=csv").contentType()).startsWith("text/csv");
    }

    @Test
    void onlyLabStaffAndTheAuditorMayAsk() {
        String path = "/api/sitrep?period=day&from=" + today;
        for (String role : List.of("SCIENTIST", "AUTHORISER", "LAB_MANAGER", "AUDITOR")) {
            assertThat(as(role, "PGLAB").get(path).status()).as(role).isEqualTo(200);
            assertThat(as(role, "PGLAB").get("/api/sitrep/subjects").body()).as(role).contains("PGLAB");
        }
        for (String role : List.of("REQUESTER", "ADMINISTRATOR", "NETWORK_MANAGER", "INTERFACE")) {
            var refused = as(role, role.equals("REQUESTER") ? GP : "PGLAB").get(path);
            assertThat(refused.status()).as(role).isEqualTo(403);
            assertThat(refused.contentType()).startsWith("application/problem+json");
            assertThat(as(role, role.equals("REQUESTER") ? GP : "PGLAB").get("/api/sitrep/subjects").status()).as(role).isEqualTo(403);
        }
        var anonymous = Api.anonymous(lab.port()).get(path);
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.body()).doesNotContain("activity");
    }

    @Test
    void badQuestionsAreRefusedInWords() {
        Api scientist = as("SCIENTIST", "PGLAB");
        Map<String, String> refusals = Map.of(
                "/api/sitrep?period=month&from=" + today, "invalid-period",
                "/api/sitrep?period=day&from=2026-13-01", "invalid-from",
                "/api/sitrep?period=day&from=yesterday", "invalid-from",
                "/api/sitrep?period=day", "missing-from",
                "/api/sitrep?period=day&from=" + today.plusDays(1), "period-not-begun",
                "/api/sitrep?period=day&from=" + today + "&format=xml", "invalid-format");
        refusals.forEach((path, code) -> {
            var r = scientist.get(path);
            assertThat(r.status()).as(path).isEqualTo(422);
            assertThat(r.contentType()).as(path).startsWith("application/problem+json");
            assertThat(r.json().get("code").asString()).as(path).isEqualTo(code);
        });
        var elsewhere = scientist.get("/api/sitrep?period=day&from=" + today + "&subject=RJ1");
        assertThat(elsewhere.status()).isEqualTo(404);
        assertThat(elsewhere.json().get("detail").asString()).isEqualTo("No sitrep about RJ1 here; ask about PGLAB");
    }
}
