package org.pathguard.network;

import org.junit.jupiter.api.Test;
import org.pathguard.Api;
import org.pathguard.LabServerTest;
import org.pathguard.access.Actor;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The "Referred out" worklist with more open referrals than a page: every one is on some page and counted, the
 * overdue ones first; the filters, the total and the start page's counts come from the same rule. (OpenELIS lost
 * referrals where no worklist showed them; ours read 5000 and let the 5001st vanish.)
 */
class ReferredOutWorklistTest extends LabServerTest {

    /** A partner only this test refers to, so its totals are this test's referrals whatever else the server holds. */
    private static final String PARTNER = "RWL01";
    private static final int ROUTINE = 61;
    private static final int URGENT = 12;

    @Autowired
    Referrals referrals;

    private Api scientist() {
        return api("worklist.scientist", "SCIENTIST");
    }

    private Api requester() {
        return api("worklist.gp", "REQUESTER");
    }

    /** Urgent work is due the moment it is asked for (turnaround 0, no transport): late at once. Routine has a day. */
    private static Map<String, Object> agreement() {
        return Map.of("name", "Worklist Test Laboratory",
                // Not on the administrator's destination list: the referrals wait as REQUESTED, nothing is sent.
                "endpoint", Map.of("host", "worklist-partner.invalid", "port", 2575, "receivingApplication", "LIS",
                        "receivingFacility", PARTNER, "tls", false),
                "tests", List.of(Map.of("testCode", "TROP", "partnerCode", "TROP")),
                "dailyCapacity", Map.of("CRITICAL", 0, "URGENT", 100, "ROUTINE", 100),
                "hours", Map.of("always", true),
                "turnaroundMinutes", Map.of("CRITICAL", 60, "URGENT", 0, "ROUTINE", 1440),
                "transportMinutes", 0,
                "contact", Map.of("name", "Duty biochemist", "phone", "020 7188 7188"));
    }

    private String referNewOrder(String patientId, String priority) {
        var placed = requester().post("/api/orders", Map.of("patientId", patientId, "requesterOds", PRACTICE, "clinician", "Dr Shah",
                "priority", priority, "placerOrderNumber", Api.unique("PL"), "tests", List.of("TROP"),
                "specimens", List.of(Map.of("barcode", Api.unique("WL"), "specimenType", "SER"))));
        assertThat(placed.status()).as(placed.body()).isEqualTo(201);
        var referred = scientist().post("/api/network/referrals", Map.of("accession", placed.json().get("accession").asString(),
                "test", "TROP", "partner", PARTNER));
        assertThat(referred.status()).as(referred.body()).isEqualTo(201);
        return referred.json().get("id").asString();
    }

    @Test
    void everyOpenReferralIsOnAPageAndCountedOverdueFirst() {
        var set = api("worklist.manager", "LAB_MANAGER").put("/api/network/agreements/" + PARTNER, agreement());
        assertThat(set.status()).as(set.body()).isEqualTo(200);
        var patient = requester().post("/api/patients", Map.of("nhsNumber", Api.newNhsNumber(), "hospitalNumber", Api.unique("H"),
                "familyName", "Worklist", "givenName", "Ada", "dateOfBirth", "1962-04-12", "sex", "FEMALE", "postcode", "SE1 7EH"));
        assertThat(patient.status()).as(patient.body()).isEqualTo(201);
        String patientId = patient.json().get("id").asString();
        List<String> routine = new ArrayList<>();
        List<String> urgent = new ArrayList<>();
        for (int i = 0; i < ROUTINE + URGENT; i++) {
            // Interleaved, so "overdue first" is the query's order and not the order they were made in.
            if (i % 6 == 5 && urgent.size() < URGENT) {
                urgent.add(referNewOrder(patientId, "URGENT"));
            } else if (routine.size() < ROUTINE) {
                routine.add(referNewOrder(patientId, "ROUTINE"));
            } else {
                urgent.add(referNewOrder(patientId, "URGENT"));
            }
        }
        int all = ROUTINE + URGENT;

        // The API, 50 at a time: two pages, every referral once, the total on each.
        List<JsonNode> lines = new ArrayList<>();
        for (int offset = 0; offset < all; offset += 50) {
            JsonNode page = scientist().get("/api/network/referred-out?partner=" + PARTNER + "&limit=50&offset=" + offset).json();
            assertThat(page.get("total").asInt()).isEqualTo(all);
            assertThat(page.get("offset").asInt()).isEqualTo(offset);
            page.get("lines").forEach(lines::add);
        }
        assertThat(lines).hasSize(all);
        List<String> ids = lines.stream().map(l -> l.get("referral").get("id").asString()).toList();
        assertThat(ids).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(concat(routine, urgent));
        assertThat(ids.subList(0, URGENT)).as("the overdue (urgent) ones first").containsExactlyInAnyOrderElementsOf(urgent);
        assertThat(lines.subList(0, URGENT)).allSatisfy(l -> assertThat(l.get("overdue").asBoolean()).isTrue());
        assertThat(lines.subList(URGENT, all)).allSatisfy(l -> assertThat(l.get("overdue").asBoolean()).isFalse());
        List<Instant> requested = lines.subList(URGENT, all).stream()
                .map(l -> Instant.parse(l.get("referral").get("requestedAt").asString())).toList();
        assertThat(requested).as("then oldest first").isSorted();

        // The due time was fixed when each was asked for: the agreement's turnaround for its priority plus transport.
        // (The due time is taken as the referral is made, the requested time as it is recorded: moments apart.)
        Referral first = referrals.referral(scientistActor(), UUID.fromString(routine.getFirst()));
        assertThat(first.dueBy()).isBetween(first.requestedAt().plus(Duration.ofDays(1)).minusSeconds(5),
                first.requestedAt().plus(Duration.ofDays(1)));
        Referral late = referrals.referral(scientistActor(), UUID.fromString(urgent.getFirst()));
        assertThat(late.dueBy()).isBetween(late.requestedAt().minusSeconds(5), late.requestedAt());

        // Past the last page: no lines, the total still said. A limit over 1000 is 1000.
        JsonNode beyond = scientist().get("/api/network/referred-out?partner=" + PARTNER + "&offset=500").json();
        assertThat(beyond.get("lines")).isEmpty();
        assertThat(beyond.get("total").asInt()).isEqualTo(all);
        assertThat(scientist().get("/api/network/referred-out?limit=100000").json().get("limit").asInt()).isEqualTo(1000);

        // Filters in the query: overdue only, and by state; a state that is not on the worklist is refused, clearly.
        JsonNode overdue = scientist().get("/api/network/referred-out?partner=" + PARTNER + "&overdue=true").json();
        assertThat(overdue.get("total").asInt()).isEqualTo(URGENT);
        assertThat(overdue.get("lines").findValues("overdue")).allSatisfy(o -> assertThat(o.asBoolean()).isTrue());
        assertThat(scientist().get("/api/network/referred-out?partner=" + PARTNER + "&state=REQUESTED").json().get("total").asInt())
                .isEqualTo(all);
        assertThat(scientist().get("/api/network/referred-out?partner=" + PARTNER + "&state=SENT").json().get("total").asInt()).isZero();
        var closed = scientist().get("/api/network/referred-out?state=CLOSED");
        assertThat(closed.status()).isEqualTo(422);
        assertThat(closed.json().get("detail").asString()).contains("not an open state");
        assertThat(scientist().get("/api/network/referred-out?state=LOST").status()).isEqualTo(422);

        // The start page's counts are the worklist's totals, from one aggregate query.
        Actor reader = scientistActor();
        Referrals.WorklistCounts counts = referrals.counts(reader);
        assertThat(counts.open()).isEqualTo(referrals.worklist(reader, Referrals.WorklistFilter.ALL, 0, 1).total()).isGreaterThanOrEqualTo(all);
        assertThat(counts.overdue()).isEqualTo(referrals.worklist(reader, new Referrals.WorklistFilter(null, null, true), 0, 1).total())
                .isGreaterThanOrEqualTo(URGENT);
        assertThat(counts.refused()).isEqualTo(referrals.worklist(reader, new Referrals.WorklistFilter(null, ReferralState.REFUSED, false), 0, 1)
                .total());

        // The screen pages like the validation queue: 50 a page, "n of total", and the next page has the rest.
        Api screen = scientist();
        String page1 = screen.get("/referrals?partner=" + PARTNER).body();
        assertThat(page1).contains("Showing 1–50 of " + all + " (page 1 of 2)", "/referrals?partner=" + PARTNER + "&amp;page=2");
        assertThat(occurrences(page1, "data-referral-id=")).isEqualTo(50);
        String page2 = screen.get("/referrals?partner=" + PARTNER + "&page=2").body();
        assertThat(page2).contains("Showing 51–" + all + " of " + all + " (page 2 of 2)");
        assertThat(occurrences(page2, "data-referral-id=")).isEqualTo(all - 50);
        assertThat(screen.get("/referrals?partner=" + PARTNER + "&overdue=1").body()).contains("Showing 1–" + URGENT + " of " + URGENT);
    }

    private static Actor scientistActor() {
        return new Actor("worklist.scientist", Actor.Role.SCIENTIST);
    }

    private static int occurrences(String text, String what) {
        return text.split(java.util.regex.Pattern.quote(what), -1).length - 1;
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> both = new ArrayList<>(a);
        both.addAll(b);
        return both;
    }
}
