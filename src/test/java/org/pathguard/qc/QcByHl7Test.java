package org.pathguard.qc;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pathguard.Api;
import org.pathguard.LabServerTest;
import org.pathguard.bench.SyntheticMessages;
import org.pathguard.bench.SyntheticMessages.Person;
import org.pathguard.bench.SyntheticMessages.Request;
import org.pathguard.interop.hl7.Mllp;
import org.pathguard.interop.hl7.MllpListener;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * QC from an analyser over real MLLP: an ORU^R01 whose specimen is a control (SPM-11 Q, or a material's QC sample id)
 * is judged, never filed to a patient, and acknowledged AA even when the rules reject the run; the analyser's next
 * patient results (OBX-18 names it) are then held for QC.
 */
class QcByHl7Test extends LabServerTest {

    @Autowired
    MllpListener listener;

    @BeforeEach
    void registerTheSender() {
        loopbackHl7Sender("RJ122");
    }

    private Api manager() {
        return api("qc.hl7.manager", "LAB_MANAGER");
    }

    private Api scientist() {
        return api("qc.hl7.bms", "SCIENTIST");
    }

    /** A QC message: one OBR group per control sample, K measured on the analyser named in OBX-18 (none if null). */
    private static String qcMessage(String sendingApplication, String analyser, String role, Map<String, String> potassiumBySample) {
        StringBuilder m = new StringBuilder(SyntheticMessages.msh(sendingApplication, "PGLAB", "ORU^R01^ORU_R01", Api.unique("QC")));
        int group = 0;
        for (var sample : potassiumBySample.entrySet()) {
            m.append('\r').append(SyntheticMessages.segment("OBR", Map.of(1, String.valueOf(++group), 3, sample.getKey(),
                    4, "QC^Quality control^L")));
            Map<Integer, String> obx = new java.util.HashMap<>(Map.of(1, "1", 2, "NM", 3, "K^^L", 5, sample.getValue(), 6, "mmol/L",
                    11, "F"));
            if (analyser != null) {
                obx.put(18, analyser);
            }
            m.append('\r').append(SyntheticMessages.segment("OBX", obx));
            m.append('\r').append(SyntheticMessages.segment("SPM", role == null ? Map.of(1, "1", 2, sample.getKey())
                    : Map.of(1, "1", 2, sample.getKey(), 11, role)));
        }
        return m.toString();
    }

    private JsonNode status(String analyser, String analyte) {
        for (JsonNode s : scientist().get("/api/qc/status").json()) {
            if (s.get("analyser").asString().equals(analyser) && s.get("analyte").asString().equals(analyte)) {
                return s;
            }
        }
        throw new AssertionError("no status for " + analyte + " on " + analyser);
    }

    private JsonNode runs(String analyser) {
        var runs = scientist().get("/api/qc/runs?analyser=" + analyser + "&analyte=K");
        assertThat(runs.status()).as(runs.body()).isEqualTo(200);
        return runs.json();
    }

    @Test
    void aQcMessageIsJudgedAndAFailureHoldsTheAnalysersNextPatientResults() throws Exception {
        String analyser = Api.unique("HL7AN");
        assertThat(manager().put("/api/qc/analysers/" + analyser, Map.of("name", "Atellica " + analyser, "department", "Clinical biochemistry",
                "analytes", List.of("NA", "K", "UREA", "CREA"))).status()).isEqualTo(200);
        String low = Api.unique("QL1");
        String high = Api.unique("QL2");
        for (var level : List.of(Map.entry(low, "4.0"), Map.entry(high, "6.0"))) {
            var put = manager().put("/api/qc/materials/" + level.getKey(), Map.of("lot", "LOT-" + level.getKey(), "level", level.getKey(),
                    "expiresOn", LocalDate.now().plusMonths(2).toString(), "qcSampleId", "QC-" + level.getKey(),
                    "targets", List.of(Map.of("analyser", analyser, "analyte", "K", "mean", level.getValue(), "sd", "0.1"))));
            assertThat(put.status()).as(put.body()).isEqualTo(200);
        }
        long patientResults = db.sql("select count(*) from result").query(Long.class).single();
        String accession;

        try (Mllp mllp = new Mllp(listener.port())) {
            // Passing: SPM-11 Q and OBX-18; then only the sample ids and the sending application name it as QC and the analyser.
            String passed = mllp.send(qcMessage("MIDDLEWARE", analyser, "Q", Map.of("QC-" + low, "4.05", "QC-" + high, "5.95")));
            assertThat(Mllp.field(passed, "MSA", 1)).as(passed).isEqualTo("AA");
            String alsoPassed = mllp.send(qcMessage(analyser, null, null, Map.of("QC-" + low, "3.98", "QC-" + high, "6.02")));
            assertThat(Mllp.field(alsoPassed, "MSA", 1)).as(alsoPassed).isEqualTo("AA");
            assertThat(runs(analyser)).hasSize(2).allSatisfy(r -> {
                assertThat(r.get("outcome").asString()).isEqualTo("PASSED");
                assertThat(r.get("points")).hasSize(2);
            });
            assertThat(status(analyser, "K").get("inControl").asBoolean()).isTrue();

            // Failing (2-2s across both levels): still AA, the message was good; the run is rejected and K out of control.
            String failed = mllp.send(qcMessage("MIDDLEWARE", analyser, "Q", Map.of("QC-" + low, "4.25", "QC-" + high, "6.26")));
            assertThat(Mllp.field(failed, "MSA", 1)).as(failed).isEqualTo("AA");
            JsonNode rejected = runs(analyser).get(2);
            assertThat(rejected.get("outcome").asString()).isEqualTo("REJECTED");
            assertThat(rejected.get("findings").toString()).contains("2-2s");
            assertThat(rejected.get("points").get(0).get("z").asDouble()).isGreaterThan(2);
            assertThat(status(analyser, "K").get("inControl").asBoolean()).isFalse();
            assertThat(db.sql("select count(*) from result").query(Long.class).single())
                    .as("QC is never filed as a patient's result").isEqualTo(patientResults);

            // Refused AE, nothing recorded: a QC specimen that is no registered material, and an analyser the lab does not know.
            String unknownSample = mllp.send(qcMessage("MIDDLEWARE", analyser, "Q", Map.of("QC-NOT-A-MATERIAL", "4.0")));
            assertThat(Mllp.field(unknownSample, "MSA", 1)).isEqualTo("AE");
            assertThat(unknownSample).contains("QC-NOT-A-MATERIAL", "not a registered");
            String unknownAnalyser = mllp.send(qcMessage("MIDDLEWARE", "NOT-AN-ANALYSER", "Q", Map.of("QC-" + low, "4.0")));
            assertThat(Mllp.field(unknownAnalyser, "MSA", 1)).isEqualTo("AE");
            assertThat(unknownAnalyser).contains("NOT-AN-ANALYSER", "not registered");
            assertThat(runs(analyser)).hasSize(3);

            // The analyser's next patient results: K held for QC, NA released; OBX-18 naming an unknown analyser refused.
            Person person = new Person(Api.newNhsNumber(), Api.unique("H"), "Okoro", "Ada", "19800101", "F", "SE5 9RS");
            String barcode = Api.unique("S");
            String order = mllp.send(SyntheticMessages.oml(Api.unique("OML"), "RJ122", Api.unique("P"), person, "R", null,
                    List.of(new Request("UE", barcode, "SER"))));
            assertThat(Mllp.field(order, "MSA", 1)).as(order).isEqualTo("AA");
            accession = Mllp.field(order, "ORC", 3).split("\\^")[0];
            assertThat(scientist().post("/api/specimens/" + barcode + "/receipt", Map.of()).status()).isEqualTo(200);
            String unknown = mllp.send(patientResults(barcode, person, "NOT-AN-ANALYSER"));
            assertThat(Mllp.field(unknown, "MSA", 1)).isEqualTo("AE");
            assertThat(unknown).contains("not registered");
            assertThat(db.sql("select count(*) from result r join specimen s on s.id = r.specimen_id where s.barcode = ?").param(barcode)
                    .query(Integer.class).single()).isZero();
            String results = mllp.send(patientResults(barcode, person, analyser));
            assertThat(Mllp.field(results, "MSA", 1)).as(results).isEqualTo("AA");
        }
        JsonNode recorded = api("qc.hl7.cs", "AUTHORISER").get("/api/orders/" + accession + "/results").json();
        assertThat(recorded).hasSize(4);
        for (JsonNode r : recorded) {
            assertThat(r.get("analyser").asString()).isEqualTo(analyser);
            if (r.get("analyteCode").asString().equals("K")) {
                assertThat(r.get("status").asString()).isEqualTo("PRELIMINARY");
                assertThat(r.get("holdReasons").toString()).isEqualTo("[\"QC\"]");
            } else {
                assertThat(r.get("status").asString()).as(r.toString()).isEqualTo("FINAL");
            }
        }
    }

    /** The patient's U&E, all in range, from the analyser named in OBX-18. */
    private static String patientResults(String barcode, Person person, String analyser) {
        StringBuilder m = new StringBuilder(SyntheticMessages.msh("MIDDLEWARE", "PGLAB", "ORU^R01^ORU_R01", Api.unique("ORU")));
        m.append('\r').append(SyntheticMessages.segment("PID", Map.of(1, "1", 3, person.nhsNumber() + "^^^NHS^NH")));
        m.append('\r').append(SyntheticMessages.segment("OBR", Map.of(1, "1", 3, barcode, 4, "UE^Urea and electrolytes^L")));
        int n = 0;
        for (var value : List.of(Map.entry("NA", "140"), Map.entry("K", "4.2"), Map.entry("UREA", "5.0"), Map.entry("CREA", "70"))) {
            m.append('\r').append(SyntheticMessages.segment("OBX", Map.of(1, String.valueOf(++n), 2, "NM", 3, value.getKey() + "^^L",
                    5, value.getValue(), 11, "F", 18, analyser)));
        }
        m.append('\r').append(SyntheticMessages.segment("SPM", Map.of(1, "1", 2, barcode)));
        return m.toString();
    }
}
