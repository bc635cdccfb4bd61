package org.pathguard.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.api.SilentCloseable;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.pathguard.Api;
import org.pathguard.access.Actor;
import org.pathguard.qc.Analyser;
import org.pathguard.qc.Analysers;
import org.pathguard.qc.QcMaterial;
import org.springframework.beans.factory.annotation.Autowired;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzes the JSON API's writes: valid bodies for registration, orders, specimens, reception, results (with and
 * without the analyser that measured them) and QC runs with fuzzer-chosen edits, the identifier in the path sometimes replaced, sent by a scientist
 * or an analyser's credential. No answer may be a 5xx; a refusal is problem+json and writes nothing.
 */
class JsonApiFuzzTest extends FuzzedServer {

    private static final Pattern PATH_PLACEHOLDER = Pattern.compile("\\{[a-z-]+}");

    /** The writes and a valid body for each; {collected-...} tubes are waiting for reception, the others received. */
    private enum Call {
        REGISTER("/api/patients", """
                {"nhsNumber": "{new-nhs}", "hospitalNumber": "{hospital}", "familyName": "Fuzz", "givenName": "Pat",
                 "dateOfBirth": "1970-01-01", "sex": "FEMALE", "postcode": "SE5 9RS"}"""),
        ORDER("/api/orders", """
                {"nhsNumber": "{nhs}", "familyName": "Fuzz", "dateOfBirth": "1970-01-01", "requesterOds": "FUZZ01", "clinician": "Dr Who", "priority": "URGENT",
                 "clinicalDetails": "Tired all the time", "placerOrderNumber": "{placer}", "tests": ["UE", "FBC"],
                 "specimens": [{"barcode": "{new-serum}", "specimenType": "SER", "collectedAt": "{an-hour-ago}"},
                               {"barcode": "{new-edta}", "specimenType": "EDTA"}]}"""),
        PRE_PRINTED_ORDER("/api/orders", """
                {"patientId": "{patient}", "requesterOds": "FUZZ01", "clinician": "Dr Who", "priority": "CRITICAL",
                 "accession": "{new-accession}", "tests": ["TROP", "COAG"]}"""),
        ADD_SPECIMEN("/api/orders/{accession}/specimens", """
                {"barcode": "{new-serum}", "specimenType": "SER", "collectedAt": "{an-hour-ago}"}"""),
        RECEIPT("/api/specimens/{collected-serum}/receipt", """
                {"receivedAt": "{now}"}"""),
        REJECTION("/api/specimens/{collected-edta}/rejection", """
                {"reason": "HAEMOLYSED", "comment": "Pink plasma"}"""),
        RESULTS("/api/results", """
                {"barcode": "{serum}", "analyserFlags": [], "results": [
                  {"analyte": "NA", "value": "140", "unit": "mmol/L"}, {"analyte": "K", "value": "7.1", "unit": "mmol/L"},
                  {"analyte": "CRP", "value": "3", "unit": "mg/L"}, {"analyte": "ALT", "value": "30", "analyserFlags": ["HEM"]},
                  {"analyte": "CHOL", "value": "5.2"}]}"""),
        RESULTS_FROM_ANALYSER("/api/results", """
                {"barcode": "{serum}", "analyser": "{analyser}", "results": [
                  {"analyte": "NA", "value": "140", "unit": "mmol/L"}, {"analyte": "K", "value": "4.4", "unit": "mmol/L"}]}"""),
        QC_RUN("/api/qc/runs", """
                {"analyser": "{analyser}", "measuredAt": "{now}", "values": [
                  {"material": "{qc-material}", "analyte": "NA", "value": "140.5"}, {"material": "{qc-material}", "analyte": "K", "value": "4.4"}]}""");

        final String path;
        final String body;

        Call(String path, String body) {
            this.path = path;
            this.body = body;
        }
    }

    /** Tubes received, for results; used up once results on them are accepted. */
    private Tubes received;
    /** Tubes only collected, for reception; used up once one is received or rejected. */
    private Tubes collected;

    @FuzzTest
    void write(FuzzedDataProvider data) {
        try (SilentCloseable ignored = onlyLocalConnections()) {
            Call call = data.pickValue(Call.values());
            String path = call.path;
            if (data.consumeBoolean()) {
                path = PATH_PLACEHOLDER.matcher(path).replaceFirst(Matcher.quoteReplacement(pathSegment(data.consumeString(40))));
            }
            nextInput();
            boolean scientist = !data.consumeBoolean();
            Caller caller = Caller.of(scientist ? scientist() : machine("fuzz.analyser"), port);
            String canonical = Api.JSON.readTree(call.body).toString();
            String body = JsonEdits.apply(call.body, data);

            // Filled before counting: filling may place the tubes the input refers to.
            Placeholders values = placeholders();
            String filledPath = values.fill(path);
            String filledBody = values.fill(body);
            long before = lastEvent();
            Api.Response response = caller.post(filledPath, "application/json", filledBody);

            String sent = brief("POST " + path + " " + body);
            String answer = brief(response.body());
            assertThat(response.status()).as("the answer to %s: %s", sent, answer).isLessThan(500);
            if (response.status() >= 400) {
                assertThat(response.contentType()).as("the refusal of %s: %s", sent, answer)
                        .startsWith("application/problem+json");
                assertThat(clinicalEventsAfter(before)).as("events written although %s was refused: %s", sent, answer)
                        .isZero();
            } else {
                if (values.used("serum") || values.used("edta")) {
                    received = null;
                }
                if (values.used("collected-serum") || values.used("collected-edta")) {
                    collected = null;
                }
            }
            if (!stoppedForGuessing(response) && scientist && path.equals(call.path) && body.equals(canonical)) {
                assertThat(response.status()).as("an unedited %s must be accepted: %s", call, answer).isBetween(200, 201);
            }
        }
    }

    private Tubes received() {
        if (received == null) {
            received = Tubes.place(scientist(), true);
        }
        return received;
    }

    private Tubes collected() {
        if (collected == null) {
            collected = Tubes.place(scientist(), false);
        }
        return collected;
    }

    private Placeholders placeholders() {
        return new Placeholders(Map.ofEntries(
                Map.entry("new-nhs", Api::newNhsNumber),
                Map.entry("hospital", () -> Api.unique("H")),
                Map.entry("placer", () -> Api.unique("P")),
                Map.entry("new-accession", () -> Api.unique("FZ")),
                Map.entry("new-serum", () -> Api.unique("S")),
                Map.entry("new-edta", () -> Api.unique("E")),
                Map.entry("an-hour-ago", () -> Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS).toString()),
                Map.entry("now", () -> Instant.now().toString()),
                Map.entry("nhs", () -> received().nhsNumber()),
                Map.entry("patient", () -> received().patientId()),
                Map.entry("accession", () -> received().accession()),
                Map.entry("serum", () -> received().serum()),
                Map.entry("edta", () -> received().edta()),
                Map.entry("collected-serum", () -> collected().serum()),
                Map.entry("collected-edta", () -> collected().edta()),
                Map.entry("analyser", this::analyser),
                Map.entry("qc-material", () -> QC_MATERIAL)));
    }

    private static final String QC_MATERIAL = "FUZZ-LEVEL-1";
    @Autowired
    private Analysers analysers;
    private String analyser;

    /** An analyser measuring sodium and potassium with one control material, registered once per server. */
    private String analyser() {
        if (analyser == null) {
            Actor manager = new Actor("fuzz.lab-manager", Actor.Role.LAB_MANAGER);
            analysers.register(manager, new Analyser("FUZZ-CHEM", "Fuzzed chemistry analyser", "Clinical biochemistry", List.of("NA", "K")));
            analysers.registerMaterial(manager, new QcMaterial(QC_MATERIAL, "LOT-FUZZ", "Level 1", LocalDate.of(2099, 12, 31), null,
                    List.of(new QcMaterial.Target("FUZZ-CHEM", "NA", new BigDecimal("140"), new BigDecimal("2")),
                            new QcMaterial.Target("FUZZ-CHEM", "K", new BigDecimal("4.5"), new BigDecimal("0.2")))));
            analyser = "FUZZ-CHEM";
        }
        return analyser;
    }

    /**
     * Fuzzer text as one path segment: every byte but the unreserved characters percent-encoded, so any text makes a
     * valid URI. An encoded '/', '\' or NUL is left out: Tomcat refuses those itself, with its own HTML page, before
     * the request reaches PathGuard.
     */
    private static String pathSegment(String text) {
        StringBuilder encoded = new StringBuilder();
        for (byte b : text.replace("/", "").replace("\\", "").replace("\0", "").getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xFF);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-._~".indexOf(c) >= 0) {
                encoded.append(c);
            } else {
                encoded.append('%').append(String.format("%02X", b & 0xFF));
            }
        }
        return encoded.toString();
    }
}
