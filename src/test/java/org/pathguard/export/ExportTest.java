package org.pathguard.export;

import org.junit.jupiter.api.Test;
import org.pathguard.Api;
import org.pathguard.LabServerTest;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** Lists of patients' results leave only as registered, fingerprinted exports; identifiable ones need a second person. */
class ExportTest extends LabServerTest {

    /** A requester of its own, so each test's list holds exactly its patients. */
    private final String requester = "G" + (10000 + (int) (Math.random() * 89999));

    private String[] reportedCrp(String family, String value) {
        Api machine = api("analyser.export", "INTERFACE");
        String nhs = Api.newNhsNumber();
        String patient = machine.post("/api/patients", Map.of("nhsNumber", nhs, "familyName", family, "givenName", "Jo",
                "dateOfBirth", "1958-01-20", "sex", "FEMALE")).json().get("id").asString();
        String barcode = Api.unique("EXP");
        assertThat(machine.post("/api/orders", Map.of("patientId", patient, "requesterOds", requester, "clinician", "Dr E",
                "priority", "ROUTINE", "tests", List.of("CRP"), "specimens", List.of(Map.of("barcode", barcode, "specimenType", "SER"))))
                .status()).isEqualTo(201);
        assertThat(machine.post("/api/specimens/" + barcode + "/receipt", Map.of()).status()).isEqualTo(200);
        var r = machine.post("/api/results", Map.of("barcode", barcode, "results", List.of(Map.of("analyte", "CRP", "value", value, "unit", "mg/L"))));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return new String[]{patient, nhs};
    }

    private Map<String, Object> query(boolean identifiable) {
        return query(identifiable, "CSV");
    }

    private Map<String, Object> query(boolean identifiable, String format) {
        return Map.of("analyte", "CRP", "from", LocalDate.now().minusDays(1).toString(), "to", LocalDate.now().plusDays(1).toString(),
                "requesterOds", requester, "identifiable", identifiable, "purpose", "Audit of CRP turnaround for the practice",
                "format", format);
    }

    private HttpResponse<byte[]> download(Api person, String id) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/exports/" + id + "/file"))
                .POST(HttpRequest.BodyPublishers.noBody());
        person.headers().forEach(b::header);
        b.header("Cookie", person.cookie());
        return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private HttpResponse<String> trace(Api auditor, String file) throws Exception {
        return trace(auditor, file.getBytes(StandardCharsets.UTF_8));
    }

    private HttpResponse<String> trace(Api auditor, byte[] file) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/exports/trace"))
                .header("Content-Type", "application/octet-stream").POST(HttpRequest.BodyPublishers.ofByteArray(file));
        auditor.headers().forEach(b::header);
        b.header("Cookie", auditor.cookie());
        return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    @Test
    void aPseudonymisedListIsTheDefaultAndNamesNoOne() {
        String[] first = reportedCrp("Pseudo", "3");
        reportedCrp("Pseudo", "4");
        Api bms = api("bms.exporter", "SCIENTIST");
        JsonNode export = bms.post("/api/exports", query(false)).json();
        assertThat(export.get("state").asString()).isEqualTo("APPROVED");
        var file = bms.post("/api/exports/" + export.get("id").asString() + "/file", Map.of());
        assertThat(file.status()).isEqualTo(200);
        assertThat(file.contentType()).startsWith("text/csv");
        List<String> lines = file.body().lines().toList();
        assertThat(lines.get(0)).contains("fingerprint", "pseudonymised");
        assertThat(lines.get(1)).startsWith("pseudonym,age_band,sex,analyte");
        assertThat(lines).hasSize(4);
        assertThat(lines.get(2)).startsWith("P-").contains(",60-69,FEMALE,CRP,3,mg/L,," + LocalDate.now(java.time.ZoneId.of("Europe/London")));
        assertThat(file.body()).doesNotContain("Pseudo", first[1], first[0]);
    }

    @Test
    void anIdentifiableListNeedsASecondPersonAndCanBeTracedFromAnyExcerpt() throws Exception {
        String[] patient = reportedCrp("Identifiable", "2");
        Api bms = api("bms.identifiable", "SCIENTIST");
        Api manager = api("lab.manager", "LAB_MANAGER");
        Api auditor = api("privacy.officer", "AUDITOR");
        JsonNode export = bms.post("/api/exports", query(true)).json();
        String id = export.get("id").asString();
        assertThat(export.get("state").asString()).isEqualTo("AWAITING_APPROVAL");

        var early = bms.post("/api/exports/" + id + "/file", Map.of());
        assertThat(early.status()).isEqualTo(403);
        assertThat(early.body()).contains("second person").doesNotContain("Identifiable");
        Api selfApprover = api("manager.self", "LAB_MANAGER");
        String own = selfApprover.post("/api/exports", query(true)).json().get("id").asString();
        assertThat(selfApprover.post("/api/exports/" + own + "/decision", Map.of("approve", true)).status())
                .as("nobody approves their own export").isEqualTo(403);
        assertThat(bms.post("/api/exports/" + id + "/decision", Map.of("approve", true)).status()).isEqualTo(403);

        assertThat(manager.post("/api/exports/" + id + "/decision", Map.of("approve", true, "comment", "Agreed with the practice"))
                .json().get("state").asString()).isEqualTo("APPROVED");
        assertThat(manager.post("/api/exports/" + id + "/file", Map.of()).status()).as("only the requester downloads").isEqualTo(403);
        var file = bms.post("/api/exports/" + id + "/file", Map.of());
        assertThat(file.status()).isEqualTo(200);
        assertThat(file.body()).contains(patient[1], "Identifiable");
        List<String> lines = file.body().lines().toList();
        assertThat(lines.get(0)).contains("approved by lab.manager/LAB_MANAGER");
        assertThat(bms.post("/api/exports/" + id + "/file", Map.of()).status()).as("made once").isEqualTo(409);

        JsonNode register = auditor.get("/api/exports").json();
        JsonNode entry = register.valueStream().filter(e -> e.get("id").asString().equals(id)).findFirst().orElseThrow();
        assertThat(entry.get("state").asString()).isEqualTo("PRODUCED");
        assertThat(entry.get("patientCount").asInt()).isEqualTo(1);
        JsonNode accessRecord = auditor.get("/api/audit/patients/" + patient[0] + "/reads").json();
        assertThat(accessRecord.valueStream().map(r -> r.get("principal").asString() + "/" + r.get("what").asString() + "/"
                + r.get("reason").asString()).toList()).as("the export is in the patient's access record")
                .contains("bms.identifiable/export:" + id + "/REGISTERED_EXPORT");
        String fingerprint = entry.get("fingerprint").asString();
        assertThat(lines.get(0)).contains(fingerprint);

        var whole = trace(auditor, file.body());
        assertThat(whole.statusCode()).isEqualTo(200);
        assertThat(whole.body()).contains(id, "bms.identifiable", "lab.manager", "visible header");

        // The header cut off and the rows pasted elsewhere: the invisible mark in each row still names the export.
        String rowsOnly = Arrays.stream(file.body().split("\n")).skip(2).collect(Collectors.joining("\n"));
        assertThat(rowsOnly).contains(patient[1]).doesNotContain(fingerprint);
        var excerpt = trace(auditor, "Found on a shared drive:\n" + rowsOnly);
        assertThat(excerpt.statusCode()).as(excerpt.body()).isEqualTo(200);
        assertThat(excerpt.body()).contains(id, "invisible mark");

        var unknown = trace(auditor, "nhs_number,family_name\n" + patient[1] + ",Identifiable\n");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(bms.get("/api/exports").status()).as("the register is for managers and the auditor").isEqualTo(403);
    }

    @Test
    void aPdfListCarriesItsFingerprintOnEveryPageAndIsTracedFromTheFile() throws Exception {
        String[] patient = reportedCrp("Nuñez", "1");
        Api bms = api("bms.pdf", "SCIENTIST");
        Api manager = api("lab.manager", "LAB_MANAGER");
        String id = bms.post("/api/exports", query(true, "PDF")).json().get("id").asString();
        manager.post("/api/exports/" + id + "/decision", Map.of("approve", true, "comment", "For the practice's audit"));
        HttpResponse<byte[]> file = download(bms, id);
        assertThat(file.statusCode()).isEqualTo(200);
        assertThat(file.headers().firstValue("Content-Type")).contains("application/pdf");
        assertThat(new String(file.body(), 0, 5, StandardCharsets.ISO_8859_1)).isEqualTo("%PDF-");
        String fingerprint = api("privacy.officer", "AUDITOR").get("/api/exports").json().valueStream()
                .filter(e -> e.get("id").asString().equals(id)).findFirst().orElseThrow().get("fingerprint").asString();
        try (var pdf = org.apache.pdfbox.Loader.loadPDF(file.body())) {
            String text = new org.apache.pdfbox.text.PDFTextStripper().getText(pdf);
            assertThat(text).contains(patient[1], "Nuñez", "fingerprint " + fingerprint, "pgfp:" + fingerprint);
            assertThat(pdf.getDocumentInformation().getCustomMetadataValue("PathGuardFingerprint")).isEqualTo(fingerprint);
        }
        var traced = trace(api("privacy.officer", "AUDITOR"), file.body());
        assertThat(traced.statusCode()).as(traced.body()).isEqualTo(200);
        assertThat(traced.body()).contains(id, "bms.pdf", "lab.manager");
    }
}
