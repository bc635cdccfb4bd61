package org.pathguard.result;

import org.junit.jupiter.api.Test;
import org.pathguard.Api;
import org.pathguard.LabServerTest;
import org.pathguard.eventlog.EventLog;
import org.pathguard.eventlog.NewEvent;
import org.pathguard.lab.Priority;
import org.pathguard.report.Report;
import org.pathguard.report.ReportReleased;
import org.pathguard.report.Reports;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The log holds results and reports recorded before a result could name its performing laboratory: their events
 * have no {@code performedBy} and no {@code reportingLab}. They still replay, and read as this lab's own work,
 * before and after every projection is rebuilt from the log; such a report is not issued again for want of a
 * reporting lab.
 */
class EventsBeforeReferralsTest extends LabServerTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired EventLog log;
    @Autowired Results results;
    @Autowired Reports reports;
    @Autowired ThisLab thisLab;

    /** An event as it was written before the fields existed: the same JSON without them (JSON pointers). */
    private static NewEvent written(UUID stream, Record payload, String... without) {
        ObjectNode json = JSON.valueToTree(payload);
        for (String pointer : without) {
            int last = pointer.lastIndexOf('/');
            ObjectNode parent = (ObjectNode) json.at(pointer.substring(0, last));
            assertThat(parent.has(pointer.substring(last + 1))).as(pointer).isTrue();
            parent.remove(pointer.substring(last + 1));
        }
        return new NewEvent(stream.toString(), payload.getClass().getSimpleName(), JSON.writeValueAsBytes(json), null);
    }

    private record Recorded(UUID orderId, UUID resultId) {
    }

    /**
     * A CRP order whose result and report are appended as events of the given shape: the report issued by
     * {@code issuedBy}, with the JSON fields {@code reportLacks} taken out (the result never names a performer).
     */
    private Recorded crpReported(PerformingLab issuedBy, String... reportLacks) {
        Api requester = api("dr.before", "REQUESTER");
        var patient = requester.post("/api/patients", Map.of("nhsNumber", Api.newNhsNumber(), "familyName", "Before",
                "givenName", "Referrals", "dateOfBirth", "1950-01-01", "sex", "MALE"));
        assertThat(patient.status()).as(patient.body()).isEqualTo(201);
        String barcode = Api.unique("OLD");
        var order = requester.post("/api/orders", Map.of("patientId", patient.json().get("id").asString(), "requesterOds", PRACTICE,
                "clinician", "Dr Old", "priority", "ROUTINE", "tests", List.of("CRP"),
                "specimens", List.of(Map.of("barcode", barcode, "specimenType", "SER"))));
        assertThat(order.status()).as(order.body()).isEqualTo(201);
        var received = api("bms.before", "SCIENTIST").post("/api/specimens/" + barcode + "/receipt", Map.of());
        assertThat(received.status()).as(received.body()).isEqualTo(200);
        UUID orderId = UUID.fromString(order.json().get("id").asString());
        UUID specimenId = UUID.fromString(received.json().get("id").asString());
        UUID patientId = UUID.fromString(patient.json().get("id").asString());
        UUID resultId = UUID.randomUUID();
        Measurement measurement = new Measurement("3", new BigDecimal("3"), "mg/L", BigDecimal.ZERO, BigDecimal.TEN, null, List.of(),
                null, null);
        Report.Content content = new Report.Content(order.json().get("accession").asString(), patientId, PRACTICE, "Dr Old",
                Priority.ROUTINE, List.of(new Report.Line("CRP", "CRP", "C-reactive protein", "1988-5", "3", "mg/L", BigDecimal.ZERO,
                BigDecimal.TEN, null, ResultStatus.FINAL, 1, null)), issuedBy);
        log.append("analyser.old/INTERFACE",
                written(orderId, new ResultRecorded(resultId, 1, orderId, specimenId, patientId, "CRP", "CRP", measurement, false,
                        List.of(), ResultStatus.FINAL, null, null), "/performedBy", "/analyser"),
                written(orderId, new ReportReleased(orderId, 1, false, content), reportLacks));
        return new Recorded(orderId, resultId);
    }

    @Test
    void aResultAndAReportRecordedBeforeReferralsReadAsThisLabsAndReplay() {
        Recorded old = crpReported(null, "/content/reportingLab", "/content/lines/0/performedBy");

        assertReadAsThisLabs(old.resultId(), old.orderId());
        assertThat(reports.releaseIfComplete("bms.before/SCIENTIST", old.orderId()))
                .as("the old version, read as this lab's, says what a release now would: no new version").isEmpty();
        log.rebuild();
        assertReadAsThisLabs(old.resultId(), old.orderId());
    }

    @Test
    void aReportIsNotIssuedAgainOnlyBecauseTheLabHasChangedItsName() {
        PerformingLab before = new PerformingLab("PGLAB", "PathGuard pathology, before its new name");
        Recorded reported = crpReported(before);

        assertThat(reports.releaseIfComplete("bms.before/SCIENTIST", reported.orderId())).isEmpty();
        List<Report> versions = reports.versions(reported.orderId());
        assertThat(versions).hasSize(1);
        assertThat(versions.getFirst().content().reportingLab()).as("a version keeps the name it was issued under").isEqualTo(before);
    }

    private void assertReadAsThisLabs(UUID resultId, UUID orderId) {
        LabResult result = results.byId(resultId);
        assertThat(result.performedBy()).isNull();
        assertThat(result.analyser()).as("recorded before analysers were known").isNull();
        assertThat(result.measurement().value()).isEqualTo("3");
        assertThat(thisLab.performerOf(result)).isEqualTo(new PerformingLab("PGLAB", "PathGuard demonstration laboratory"));
        List<Report> versions = reports.versions(orderId);
        assertThat(versions).hasSize(1);
        Report.Content content = versions.getFirst().content();
        assertThat(content.reportingLab()).isEqualTo(thisLab.identity());
        assertThat(content.performerOf(content.lines().getFirst())).isEqualTo(thisLab.identity());
        assertThat(content.referred(content.lines().getFirst())).isFalse();
    }
}
