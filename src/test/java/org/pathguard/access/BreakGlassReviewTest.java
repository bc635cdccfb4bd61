package org.pathguard.access;

import org.junit.jupiter.api.Test;
import org.pathguard.Api;
import org.pathguard.LabServerTest;
import org.pathguard.eventlog.EventLog;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The privacy officer's finding on each break-glass read, through the API and the audit screen: once per read, a note
 * in words when not justified, sealed at rest, and nobody but the privacy officer able to record one.
 */
class BreakGlassReviewTest extends LabServerTest {

    @Autowired
    EventLog log;

    private Api privacyOfficer() {
        return api("bg.privacy.officer", "AUDITOR");
    }

    private String lastPatient;

    /** A GP from another practice breaks the glass to read a patient ordered by {@link #PRACTICE}; returns the read's sequence. */
    private long breakGlassRead() {
        Api orderComms = api("bg.order-comms", "INTERFACE");
        var patient = orderComms.post("/api/patients", Map.of("nhsNumber", Api.newNhsNumber(), "familyName", "Okafor", "givenName", "Ada",
                "dateOfBirth", "1981-06-12", "sex", "FEMALE", "postcode", "SE1 7EH"));
        assertThat(patient.status()).as(patient.body()).isEqualTo(201);
        String id = patient.json().get("id").asString();
        lastPatient = id;
        var order = orderComms.post("/api/orders", Map.of("patientId", id, "requesterOds", PRACTICE, "clinician", "Dr A",
                "priority", "ROUTINE", "tests", List.of("CRP")));
        assertThat(order.status()).as(order.body()).isEqualTo(201);
        var read = api("bg.dr.elsewhere", "REQUESTER", "G85013")
                .withHeader("X-PathGuard-Break-Glass", "Collapsed in our waiting room, no records here").get("/api/patients/" + id);
        assertThat(read.status()).isEqualTo(200);
        return db.sql("select max(event_sequence) from patient_read where reason = 'BREAK_GLASS' and patient_id = ?::uuid")
                .param(id).query(Long.class).single();
    }

    private long reviewsOf(long readSequence) {
        return db.sql("select count(*) from event_log where event_type = 'BreakGlassReviewed'").query(Long.class).single()
                + db.sql("select count(*) from break_glass_review where read_sequence = ?").param(readSequence).query(Long.class).single();
    }

    @Test
    void thePrivacyOfficerRecordsAFindingOnceAndASecondIsAConflict() {
        long read = breakGlassRead();
        JsonNode before = privacyOfficer().get("/api/audit/break-glass/" + read).json();
        assertThat(before.get(0).get("reviewOutcome").isNull()).isTrue();

        var found = privacyOfficer().post("/api/audit/break-glass/" + read + "/review",
                Map.of("outcome", "JUSTIFIED", "note", "ED attendance confirmed with the ward sister"));
        assertThat(found.status()).as(found.body()).isEqualTo(200);
        assertThat(found.json().get(0).get("reviewOutcome").asString()).isEqualTo("JUSTIFIED");
        assertThat(found.json().get(0).get("reviewedBy").asString()).isEqualTo("bg.privacy.officer");
        assertThat(found.json().get(0).get("reviewNote").asString()).isEqualTo("ED attendance confirmed with the ward sister");
        long after = reviewsOf(read);

        var again = privacyOfficer().post("/api/audit/break-glass/" + read + "/review",
                Map.of("outcome", "NOT_JUSTIFIED", "note", "Changed my mind after all, referred on"));
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.contentType()).startsWith("application/problem+json");
        assertThat(again.body()).contains("reviewed by bg.privacy.officer as Justified");
        var otherOfficer = api("bg.privacy.officer2", "AUDITOR").post("/api/audit/break-glass/" + read + "/review",
                Map.of("outcome", "NOT_JUSTIFIED", "note", "A second look finds it unjustified"));
        assertThat(otherOfficer.status()).as("not by another privacy officer either").isEqualTo(409);
        assertThat(reviewsOf(read)).as("nothing written").isEqualTo(after);
        assertThat(privacyOfficer().get("/api/audit/break-glass/" + read).json().get(0).get("reviewOutcome").asString()).isEqualTo("JUSTIFIED");

        JsonNode listed = privacyOfficer().get("/api/audit/break-glass").json();
        assertThat(listed.valueStream().filter(e -> e.get("eventSequence").asLong() == read).findFirst().orElseThrow()
                .get("reviewOutcome").asString()).isEqualTo("JUSTIFIED");
        assertThat(db.sql("select count(*) from break_glass_review where read_sequence = ? and position(convert_to('ward sister', 'UTF8') in note) > 0")
                .param(read).query(Long.class).single()).as("the note is sealed at rest").isZero();
    }

    @Test
    void aFindingIsRebuiltFromTheLogWithItsNoteSealedAgain() {
        long read = breakGlassRead();
        assertThat(privacyOfficer().post("/api/audit/break-glass/" + read + "/review", Map.of("outcome", "NOT_JUSTIFIED",
                "note", "Ticket 4411 does not exist; referred to the IG lead")).status()).isEqualTo(200);
        String before = privacyOfficer().get("/api/audit/break-glass/" + read).body();

        log.rebuild();

        assertThat(privacyOfficer().get("/api/audit/break-glass/" + read).body()).isEqualTo(before)
                .contains("NOT_JUSTIFIED", "Ticket 4411 does not exist");
    }

    @Test
    void aReadNotJustifiedNeedsANoteInWordsAndBadInputWritesNothing() {
        long read = breakGlassRead();
        long before = reviewsOf(read);
        String path = "/api/audit/break-glass/" + read + "/review";
        var noNote = privacyOfficer().post(path, Map.of("outcome", "NOT_JUSTIFIED", "note", " "));
        assertThat(noNote.status()).isEqualTo(422);
        assertThat(noNote.contentType()).startsWith("application/problem+json");
        assertThat(noNote.body()).contains("reason-not-in-words", "The note");
        var noOutcome = privacyOfficer().post(path, Map.of("note", "Looked at the rota for that day"));
        assertThat(noOutcome.status()).isEqualTo(422);
        assertThat(noOutcome.body()).contains("outcome-required");
        assertThat(privacyOfficer().post(path, Map.of("outcome", "MAYBE")).status()).isEqualTo(422);
        assertThat(privacyOfficer().post(path, Map.of("outcome", "JUSTIFIED", "note", "x".repeat(2001))).status()).isEqualTo(422);
        assertThat(privacyOfficer().post(path, "{\"outcome\": ").status()).as("malformed JSON").isEqualTo(400);
        assertThat(reviewsOf(read)).as("nothing written").isEqualTo(before);

        var notJustified = privacyOfficer().post(path, Map.of("outcome", "NOT_JUSTIFIED",
                "note", "No such patient in their clinic that day; referred to the IG lead"));
        assertThat(notJustified.status()).as(notJustified.body()).isEqualTo(200);
        assertThat(notJustified.json().get(0).get("reviewOutcome").asString()).isEqualTo("NOT_JUSTIFIED");
    }

    @Test
    void theAuditScreenShowsTheFormKeepsWhatWasTypedBesideTheErrorAndRecordsTheFinding() {
        long read = breakGlassRead();
        long before = reviewsOf(read);
        String page = "/audit/break-glass/" + read;
        assertThat(privacyOfficer().get("/audit").body()).contains(page, "Not reviewed: review");
        assertThat(privacyOfficer().get(page).body()).contains("Not yet reviewed", "review-form");

        var refused = privacyOfficer().postForm(page + "/review", Map.of("outcome", "NOT_JUSTIFIED", "note", "dunno"));
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.body()).contains("note-error", "The note must say why", ">dunno</textarea>");
        var noOutcome = privacyOfficer().postForm(page + "/review", Map.of("note", "Checked the clinic list"));
        assertThat(noOutcome.status()).isEqualTo(422);
        assertThat(noOutcome.body()).contains("outcome-error", ">Checked the clinic list</textarea>");
        assertThat(reviewsOf(read)).as("nothing written").isEqualTo(before);

        var recorded = privacyOfficer().postForm(page + "/review", Map.of("outcome", "JUSTIFIED", "note", ""));
        assertThat(recorded.status()).isEqualTo(302);
        String after = privacyOfficer().get(page).body();
        assertThat(after).contains("Reviewed: Justified", "bg.privacy.officer").doesNotContain("review-form");
        assertThat(privacyOfficer().get("/audit").body()).contains("Justified, bg.privacy.officer");
    }

    @Test
    void nobodyButThePrivacyOfficerReachesTheReviewNorWithoutTheCsrfToken() {
        long read = breakGlassRead();
        long before = reviewsOf(read);
        String rest = "/api/audit/break-glass/" + read;
        String screen = "/audit/break-glass/" + read;
        Map<String, String> finding = Map.of("outcome", "JUSTIFIED", "note", "trying my luck here");
        for (String role : List.of("REQUESTER", "SCIENTIST", "AUTHORISER", "LAB_MANAGER", "ADMINISTRATOR", "NETWORK_MANAGER")) {
            Api someone = api("bg.not-auditor." + role.toLowerCase().replace('_', '-'), role);
            assertThat(someone.get(rest).status()).as(role + " GET").isEqualTo(403);
            assertThat(someone.post(rest + "/review", finding).status()).as(role + " POST").isEqualTo(403);
            assertThat(someone.get(screen).status()).as(role + " screen").isEqualTo(403);
            assertThat(someone.postForm(screen + "/review", finding).status()).as(role + " form").isEqualTo(403);
        }
        Api partnersOfficer = api("bg.officer.partner", "AUDITOR", "RJ100");
        assertThat(partnersOfficer.get(rest).status()).as("a partner lab's privacy officer").isEqualTo(403);
        assertThat(partnersOfficer.get("/api/audit/break-glass").status()).as("a partner lab's privacy officer, the list").isEqualTo(403);
        assertThat(partnersOfficer.post(rest + "/review", finding).status()).as("a partner lab's privacy officer").isEqualTo(403);
        assertThat(partnersOfficer.get(screen).status()).as("a partner lab's privacy officer, the screen").isEqualTo(403);
        Api breaker = api("bg.dr.elsewhere", "REQUESTER", "G85013");
        assertThat(breaker.post(rest + "/review", finding).status()).as("the reader themself").isEqualTo(403);
        Api machine = api("bg.machine", "INTERFACE");
        assertThat(machine.get(rest).status()).isEqualTo(403);
        assertThat(machine.post(rest + "/review", finding).status()).isEqualTo(403);
        assertThat(machine.postForm(screen + "/review", finding).status()).isEqualTo(403);
        assertThat(Api.anonymous(port).post(rest + "/review", finding).status()).isIn(401, 403);
        assertThat(privacyOfficer().withoutHeader("X-CSRF-TOKEN").post(rest + "/review", finding).status()).as("no CSRF token").isEqualTo(403);
        var formWithoutToken = privacyOfficer().withoutHeader("X-CSRF-TOKEN").postForm(screen + "/review", finding);
        assertThat(formWithoutToken.status()).as("the screen's form without its token goes to sign-in, as every screen's").isEqualTo(302);
        assertThat(formWithoutToken.headers().firstValue("Location").orElseThrow()).endsWith("/sign-in");
        assertThat(reviewsOf(read)).as("nothing written").isEqualTo(before);

        assertThat(api("bg.dr.own", "REQUESTER").get("/api/patients/" + lastPatient).status()).as("the ordering practice reads").isEqualTo(200);
        long ordinaryRead = db.sql("select max(event_sequence) from patient_read where reason <> 'BREAK_GLASS' and patient_id = ?::uuid")
                .param(lastPatient).query(Long.class).single();
        assertThat(privacyOfficer().post("/api/audit/break-glass/" + ordinaryRead + "/review", finding).status())
                .as("a read that was not break-glass").isEqualTo(404);
        assertThat(privacyOfficer().post("/api/audit/break-glass/999999999/review", finding).status()).isEqualTo(404);
        assertThat(privacyOfficer().get("/audit/break-glass/999999999").status()).isEqualTo(404);
        assertThat(reviewsOf(read)).isEqualTo(before);
    }
}
