package org.pathguard.breach;

import org.junit.jupiter.api.Test;
import org.pathguard.Api;
import org.pathguard.LabServerTest;
import tools.jackson.databind.JsonNode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The privacy officer's breach scan on a running server, through the API: only the privacy officer reaches it, only
 * under the configured roots, the scan runs in the background to its findings, and the notification list it yields is
 * an identifiable export that a second person approves and the asker downloads once.
 */
class BreachScanApiTest extends LabServerTest {

    /** Every principal but the privacy officer: each lab role, the administrator, the network manager, and a machine. */
    private static final List<String> NOT_THE_PRIVACY_OFFICER = List.of("REQUESTER", "SCIENTIST", "AUTHORISER", "LAB_MANAGER",
            "ADMINISTRATOR", "NETWORK_MANAGER", "INTERFACE");

    private Path dump(String name, String text) throws Exception {
        Path dir = Files.createDirectories(DUMPS.resolve(Api.unique("case")));
        Files.writeString(dir.resolve(name), text);
        return dir;
    }

    private JsonNode waitUntilStopped(Api auditor, String id) throws InterruptedException {
        // Bounded: a scan of one small file takes well under a second; the loop gives it two minutes on a loaded machine.
        for (int i = 0; i < 1200; i++) {
            JsonNode job = auditor.get("/api/breach-scans/" + id).json();
            if (!job.get("state").asString().equals("RUNNING")) {
                return job;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the scan did not stop");
    }

    /** A valid NHS number in England's issued range: the 999 test range registers test patients, never listed. */
    static String issuedNhsNumber() {
        java.util.Random random = new java.util.Random();
        while (true) {
            var n = org.pathguard.lab.NhsNumber.withCheckDigit("4" + String.format("%08d", random.nextInt(100_000_000)));
            if (n.isPresent()) {
                return n.get().value();
            }
        }
    }

    /** A screen's form, posted as a browser does (the CSRF token as a header here, as htmx sends it). */
    private static Api.Response form(Api person, String path, String body) {
        return person.post(path, "application/x-www-form-urlencoded", body);
    }

    private String[] registered(String family, String given, String dateOfBirth) {
        String nhs = issuedNhsNumber();
        String id = api("breach.registrar", "INTERFACE").post("/api/patients", Map.of("nhsNumber", nhs, "familyName", family,
                "givenName", given, "dateOfBirth", dateOfBirth, "sex", "FEMALE", "postcode", "SE1 7EH")).json().get("id").asString();
        return new String[]{id, nhs};
    }

    @Test
    void onlyThePrivacyOfficerReachesTheScansThroughTheApiOrTheScreen() throws Exception {
        Path dir = dump("notes.txt", "nothing here");
        String anyId = java.util.UUID.randomUUID().toString();
        // Signed in first: making their accounts is recorded.
        Map<String, Api> people = new java.util.LinkedHashMap<>();
        NOT_THE_PRIVACY_OFFICER.forEach(role -> people.put(role, api("breach.not-" + role.toLowerCase(), role)));
        people.put("AUDITOR of another organisation", api("breach.practice-auditor", "AUDITOR", PRACTICE));
        Api auditor = api("breach.privacy-officer", "AUDITOR");
        long before = eventCount();
        for (String role : people.keySet()) {
            Api someone = people.get(role);
            assertThat(someone.post("/api/breach-scans", Map.of("paths", List.of(dir.toString()), "caseReference", "ICO-1")).status())
                    .as(role).isEqualTo(403);
            assertThat(someone.get("/api/breach-scans").status()).as(role).isEqualTo(403);
            assertThat(someone.get("/api/breach-scans/" + anyId).status()).as(role).isEqualTo(403);
            assertThat(someone.get("/api/breach-scans/" + anyId + "/files/affected-patients.csv").status()).as(role).isEqualTo(403);
            assertThat(someone.post("/api/breach-scans/" + anyId + "/resumption", Map.of()).status()).as(role).isEqualTo(403);
            assertThat(someone.post("/api/breach-scans/" + anyId + "/notification-lists", Map.of("purpose", "Tell the patients")).status())
                    .as(role).isEqualTo(403);
            assertThat(someone.get("/api/breach-scans/" + anyId + "/notification-lists").status()).as(role).isEqualTo(403);
            if (!role.equals("INTERFACE")) {
                for (String page : List.of("/breach", "/breach/" + anyId, "/breach/" + anyId + "/progress",
                        "/breach/" + anyId + "/files/summary.pdf")) {
                    assertThat(someone.get(page).status()).as(role + " on " + page).isEqualTo(403);
                }
                for (String form : List.of("/breach", "/breach/" + anyId + "/resumption", "/breach/" + anyId + "/notification-lists",
                        "/breach/" + anyId + "/notification-lists/" + anyId + "/decision",
                        "/breach/" + anyId + "/notification-lists/" + anyId + "/file")) {
                    assertThat(form(someone, form, "paths=" + dir + "&caseReference=ICO-1&purpose=Tell+the+patients&approve=true").status())
                            .as(role + " posting " + form).isEqualTo(403);
                }
            }
        }
        Api.Response anonymous = Api.anonymous(port).get("/api/breach-scans");
        assertThat(anonymous.status()).isEqualTo(401);
        Api.Response withoutToken = auditor.withoutHeader("X-CSRF-TOKEN").post("/api/breach-scans",
                Map.of("paths", List.of(dir.toString()), "caseReference", "ICO-1"));
        assertThat(withoutToken.status()).as("no CSRF token").isEqualTo(403);
        assertThat(withoutToken.body()).contains("csrf-token-required");
        Api.Response formWithoutToken = form(auditor.withoutHeader("X-CSRF-TOKEN"), "/breach", "paths=" + dir + "&caseReference=ICO-1");
        assertThat(formWithoutToken.status()).as("the screen's form without its token goes to sign-in, as every screen's").isEqualTo(302);
        assertThat(formWithoutToken.headers().firstValue("Location").orElseThrow()).endsWith("/sign-in");
        assertThat(eventCount()).as("nothing recorded for anyone refused").isEqualTo(before);
        assertThat(auditor.get("/breach").status()).isEqualTo(200);
    }

    @Test
    void pathsOutsideTheRootsAreRefusedWithTheReasonAndNothingIsWritten() throws Exception {
        Api auditor = api("breach.privacy-officer", "AUDITOR");
        Path dir = dump("notes.txt", "nothing here");
        Files.createSymbolicLink(dir.resolve("keys"), DATA_DIR.resolve("keys"));
        long before = eventCount();
        int scans = db.sql("select count(*) from breach_scan").query(Integer.class).single();
        Map<String, Integer> refused = Map.of(
                "/etc/passwd", 403,
                DUMPS + "/../" + DATA_DIR.getFileName() + "/keys", 403,
                dir + "/keys", 403,
                DATA_DIR.toString(), 403,
                "relative/path", 422,
                DUMPS + "/no-such-dump", 422);
        for (var path : refused.entrySet()) {
            Api.Response answer = auditor.post("/api/breach-scans", Map.of("paths", List.of(path.getKey()), "caseReference", "ICO-2026-0412"));
            assertThat(answer.status()).as(path.getKey()).isEqualTo(path.getValue());
            assertThat(answer.contentType()).startsWith("application/problem+json");
        }
        assertThat(auditor.post("/api/breach-scans", Map.of("paths", List.of("/etc"), "caseReference", "ICO-1")).body())
                .contains("outside the directories configured for leaked dumps", DUMPS.toString());
        assertThat(auditor.post("/api/breach-scans", Map.of("paths", List.of(dir + "/keys"), "caseReference", "ICO-1")).body())
                .contains("once its links are followed");
        assertThat(auditor.post("/api/breach-scans", Map.of("paths", List.of(dir.toString()), "caseReference", "")).status()).isEqualTo(422);
        assertThat(auditor.post("/api/breach-scans", Map.of("paths", List.of(dir.toString()), "caseReference", "=cmd|'/c calc'!A1"))
                .status()).isEqualTo(422);
        assertThat(auditor.post("/api/breach-scans", Map.of("paths", List.of(), "caseReference", "ICO-1")).status()).isEqualTo(422);
        assertThat(eventCount()).isEqualTo(before);
        assertThat(db.sql("select count(*) from breach_scan").query(Integer.class).single()).isEqualTo(scans);
    }

    @Test
    void aScanRunsInTheBackgroundAndItsNotificationListNeedsASecondPerson() throws Exception {
        String[] patient = registered("Featherstonehaugh", "Philippa", "1961-03-14");
        Path dir = dump("letter.txt", "Dear colleague,\nRe: Philippa Featherstonehaugh, DOB 14/03/1961, NHS number "
                + patient[1].substring(0, 3) + " " + patient[1].substring(3, 6) + " " + patient[1].substring(6) + "\nPotassium 6.8 mmol/L\n");
        Api auditor = api("breach.privacy-officer", "AUDITOR");
        Api.Response started = auditor.post("/api/breach-scans", Map.of("paths", List.of(dir.toString()), "caseReference", "ICO-2026-0412"));
        assertThat(started.status()).as(started.body()).isEqualTo(202);
        String id = started.json().get("id").asString();
        assertThat(started.json().get("state").asString()).isIn("RUNNING", "FINISHED");

        JsonNode job = waitUntilStopped(auditor, id);
        assertThat(job.get("state").asString()).as(job.toString()).isEqualTo("FINISHED");
        JsonNode outcome = job.get("outcome");
        assertThat(outcome.get("confirmedPatients").asInt()).isEqualTo(1);
        assertThat(outcome.get("files").asInt()).isEqualTo(1);
        assertThat(auditor.get("/api/breach-scans").json().valueStream().map(j -> j.get("id").asString())).contains(id);

        Api.Response affected = auditor.get("/api/breach-scans/" + id + "/files/affected-patients.csv");
        assertThat(affected.status()).isEqualTo(200);
        assertThat(affected.contentType()).startsWith("text/csv");
        assertThat(affected.body()).contains(patient[0] + ",confirmed").doesNotContain(patient[1], "Featherstonehaugh");
        assertThat(auditor.get("/api/breach-scans/" + id + "/files/summary.pdf").contentType()).startsWith("application/pdf");
        assertThat(auditor.get("/api/breach-scans/" + id + "/files/journal").status()).as("only the outputs are served").isEqualTo(404);
        assertThat(auditor.get("/api/breach-scans/" + id + "/files/..%2F..%2Fkeys").status()).isIn(400, 404);
        assertThat(db.sql("select count(*) from breach_scan where id = ?::uuid and outcome is not null and state = 'FINISHED'")
                .param(id).query(Integer.class).single()).isEqualTo(1);

        Api.Response vague = auditor.post("/api/breach-scans/" + id + "/notification-lists", Map.of("purpose", "list"));
        assertThat(vague.status()).isEqualTo(422);
        Api.Response asked = auditor.post("/api/breach-scans/" + id + "/notification-lists",
                Map.of("purpose", "Write to the patients in the 2024 leak, as the ICO asked"));
        assertThat(asked.status()).as(asked.body()).isEqualTo(201);
        String export = asked.json().get("id").asString();
        assertThat(asked.json().get("state").asString()).isEqualTo("AWAITING_APPROVAL");
        assertThat(auditor.get("/api/breach-scans/" + id + "/notification-lists").json().get(0).get("id").asString()).isEqualTo(export);

        assertThat(auditor.post("/api/exports/" + export + "/decision", Map.of("approve", true)).status())
                .as("nobody approves their own notification list").isEqualTo(403);
        assertThat(auditor.post("/api/exports/" + export + "/file", Map.of()).status()).as("not before approval").isEqualTo(403);
        assertThat(api("breach.scientist", "SCIENTIST").post("/api/exports/" + export + "/decision", Map.of("approve", true)).status())
                .isEqualTo(403);
        Api secondOfficer = api("breach.second-officer", "AUDITOR");
        assertThat(secondOfficer.post("/api/exports/" + export + "/decision", Map.of("approve", true, "comment", "Agreed for case ICO-2026-0412"))
                .json().get("state").asString()).isEqualTo("APPROVED");
        assertThat(secondOfficer.post("/api/exports/" + export + "/file", Map.of()).status()).as("only the asker downloads").isEqualTo(403);

        Api.Response list = auditor.post("/api/exports/" + export + "/file", Map.of());
        assertThat(list.status()).isEqualTo(200);
        List<String> lines = list.body().lines().toList();
        assertThat(lines.get(0)).contains("notification list", "breach case ICO-2026-0412", "approved by breach.second-officer/AUDITOR", "fingerprint");
        assertThat(lines.get(1)).isEqualTo("patient_id,nhs_number,family_name,given_name,date_of_birth,postcode");
        assertThat(lines.get(2)).startsWith(patient[0] + "," + patient[1] + ",Featherstonehaugh,Philippa,1961-03-14,SE1 7EH");
        assertThat(lines).hasSize(3);
        assertThat(auditor.post("/api/exports/" + export + "/file", Map.of()).status()).as("made once").isEqualTo(409);
        assertThat(auditor.get("/api/audit/patients/" + patient[0] + "/reads").json().valueStream()
                .map(r -> r.get("principal").asString() + "/" + r.get("reason").asString()).toList())
                .as("the list is in the patient's access record").contains("breach.privacy-officer/REGISTERED_EXPORT");
        assertThat(auditor.get("/api/exports").json().valueStream().filter(e -> e.get("id").asString().equals(export)).findFirst()
                .orElseThrow().get("patientCount").asInt()).isEqualTo(1);
        // At rest, the scan, its list and the export's register row name nobody (the list's patients are sealed in its query).
        String atRest = String.join("\n", db.sql("select b::text from breach_scan b").query(String.class).list())
                + String.join("\n", db.sql("select n::text from breach_notification_list n").query(String.class).list())
                + String.join("\n", db.sql("select e::text from data_export e").query(String.class).list());
        assertThat(atRest).contains(id, export).doesNotContain(patient[1], "Featherstonehaugh", "Philippa", "1961-03-14");
    }

    @org.springframework.beans.factory.annotation.Autowired
    private org.pathguard.eventlog.EventLog events;

    @Test
    void aScanTheServerStoppedInTheMiddleShowsAsInterruptedAndResumesToItsFindings() throws Exception {
        String[] patient = registered("Ashworth-Blyth", "Imogen", "1948-07-30");
        Path dir = dump("results.csv", "surname,forename,dob,nhs_number,test\nAshworth-Blyth,Imogen,30/07/1948," + patient[1] + ",HbA1c\n");
        Api auditor = api("breach.privacy-officer", "AUDITOR");
        // What a server that died mid-scan leaves: the scan recorded as started, and no thread running it.
        java.util.UUID id = java.util.UUID.randomUUID();
        events.append("breach.privacy-officer/AUDITOR", org.pathguard.eventlog.NewEvent.of("breach-scan:" + id,
                new BreachScanStarted(id, "ICO-2026-0413", List.of(dir.toRealPath().toString()))));
        JsonNode stopped = auditor.get("/api/breach-scans/" + id).json();
        assertThat(stopped.get("state").asString()).isEqualTo("INTERRUPTED");
        assertThat(api("breach.scientist", "SCIENTIST").post("/api/breach-scans/" + id + "/resumption", Map.of()).status()).isEqualTo(403);

        Api.Response resumed = auditor.post("/api/breach-scans/" + id + "/resumption", Map.of());
        assertThat(resumed.status()).as(resumed.body()).isEqualTo(202);
        JsonNode job = waitUntilStopped(auditor, id.toString());
        assertThat(job.get("state").asString()).as(job.toString()).isEqualTo("FINISHED");
        assertThat(job.get("outcome").get("confirmedPatients").asInt()).isEqualTo(1);
        assertThat(db.sql("select event_type from event_log where stream_id = ? order by seq").param("breach-scan:" + id)
                .query(String.class).list()).containsExactly("BreachScanStarted", "BreachScanInterrupted", "BreachScanResumed",
                "BreachScanFinished");
        assertThat(auditor.post("/api/breach-scans/" + id + "/resumption", Map.of()).status()).as("a finished scan is not resumed")
                .isEqualTo(409);

        // The table is a projection: replaying the log gives the same scan, its outcome unsealed as before.
        events.rebuild();
        JsonNode replayed = auditor.get("/api/breach-scans/" + id).json();
        assertThat(replayed.get("state").asString()).isEqualTo("FINISHED");
        assertThat(replayed.get("outcome")).isEqualTo(job.get("outcome"));
    }

    @Test
    void noOneListsPatientsOfTheirChoosingAsANotification() {
        String[] patient = registered("Notmine", "Ann", "1970-01-01");
        Api manager = api("breach.manager", "LAB_MANAGER");
        Api.Response asked = manager.post("/api/exports", Map.of("identifiable", true, "purpose", "Tell these people of a breach",
                "from", LocalDate.now().toString(), "to", LocalDate.now().toString(),
                "notification", Map.of("caseReference", "ICO-X", "patients", List.of(patient[0]))));
        assertThat(asked.status()).isEqualTo(403);
        assertThat(asked.body()).contains("finished breach scan");
    }

    @Test
    void aNotificationListComesOnlyFromAFinishedScan() throws Exception {
        Api auditor = api("breach.privacy-officer", "AUDITOR");
        assertThat(auditor.post("/api/breach-scans/" + java.util.UUID.randomUUID() + "/notification-lists",
                Map.of("purpose", "Tell the patients of the leak")).status()).isEqualTo(404);
        assertThat(auditor.get("/api/breach-scans/not-an-id").status()).isEqualTo(400);
    }
}
