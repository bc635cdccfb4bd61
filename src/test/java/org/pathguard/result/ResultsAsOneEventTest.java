package org.pathguard.result;

import org.junit.jupiter.api.Test;
import org.pathguard.Api;
import org.pathguard.LabServerTest;
import org.pathguard.eventlog.EventLog;
import org.springframework.beans.factory.annotation.Autowired;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A submission's results are one {@code ResultsRecorded} event (ADR 0056), projected into the same rows a
 * {@code ResultRecorded} each made: a result and a version per analyte, the test marked performed, a critical alert
 * for a critical value, after the event that records the result. Rebuilt from the log, they read the same.
 */
class ResultsAsOneEventTest extends LabServerTest {

    @Autowired EventLog log;
    @Autowired Results results;

    @Test
    void aSubmissionsResultsAreOneEventAndRebuildTheSameRows() {
        Api requester = api("dr.oneevent", "REQUESTER");
        var patient = requester.post("/api/patients", Map.of("nhsNumber", Api.newNhsNumber(), "familyName", "Oneevent",
                "givenName", "Ada", "dateOfBirth", "1960-04-05", "sex", "FEMALE"));
        assertThat(patient.status()).as(patient.body()).isEqualTo(201);
        String barcode = Api.unique("ONE");
        var order = requester.post("/api/orders", Map.of("patientId", patient.json().get("id").asString(), "requesterOds", PRACTICE,
                "clinician", "Dr One", "priority", "ROUTINE", "tests", List.of("UE"),
                "specimens", List.of(Map.of("barcode", barcode, "specimenType", "SER"))));
        assertThat(order.status()).as(order.body()).isEqualTo(201);
        assertThat(api("bms.oneevent", "SCIENTIST").post("/api/specimens/" + barcode + "/receipt", Map.of()).status()).isEqualTo(200);
        UUID orderId = UUID.fromString(order.json().get("id").asString());

        var sent = api("analyser.oneevent", "INTERFACE").post("/api/results", Map.of("barcode", barcode, "results", List.of(
                Map.of("analyte", "NA", "value", "140", "unit", "mmol/L"),
                Map.of("analyte", "K", "value", "7.0", "unit", "mmol/L"),
                Map.of("analyte", "UREA", "value", "5.0", "unit", "mmol/L"),
                Map.of("analyte", "CREA", "value", "70", "unit", "umol/L"))));
        assertThat(sent.status()).as(sent.body()).isEqualTo(201);

        assertThat(db.sql("select event_type from event_log where stream_id = ? and (event_type like 'Result%' or event_type like 'Critical%') order by seq")
                .param(orderId.toString()).query(String.class).list())
                .as("one event for the four results, the critical potassium's alert after it")
                .containsExactly("ResultsRecorded", "CriticalAlertRaised");
        List<LabResult> before = sorted(results.forOrder(orderId));
        assertThat(before).extracting(LabResult::analyteCode).containsExactly("CREA", "K", "NA", "UREA");
        assertThat(before).allSatisfy(r -> {
            assertThat(r.version()).isOne();
            assertThat(r.analyser()).isNull();
            assertThat(r.specimenId()).isEqualTo(before.getFirst().specimenId());
        });
        assertThat(before).filteredOn(LabResult::critical).extracting(LabResult::analyteCode).containsExactly("K");
        assertThat(db.sql("select count(*) from result_version v join result r on r.id = v.result_id where r.order_id = ?")
                .param(orderId).query(Long.class).single()).isEqualTo(4);
        String alerts = "select count(*) from critical_alert a join result r on r.id = a.result_id where a.order_id = ? and r.analyte_code = 'K'";
        assertThat(db.sql(alerts).param(orderId).query(Long.class).single()).isOne();
        String performed = "select count(*) from order_test where order_id = ? and test_code = 'UE' and performed_at is not null";
        assertThat(db.sql(performed).param(orderId).query(Long.class).single()).isOne();
        List<Results.ResultVersion> history = results.history(before.get(1).id());

        log.rebuild();

        assertThat(sorted(results.forOrder(orderId))).isEqualTo(before);
        assertThat(results.history(before.get(1).id())).isEqualTo(history);
        assertThat(db.sql(alerts).param(orderId).query(Long.class).single()).isOne();
        assertThat(db.sql(performed).param(orderId).query(Long.class).single()).isOne();
    }

    private static List<LabResult> sorted(List<LabResult> results) {
        return results.stream().sorted(Comparator.comparing(LabResult::analyteCode)).toList();
    }
}
