package org.pathguard.result;

import org.pathguard.lab.HoldReason;

import java.util.List;
import java.util.UUID;

/**
 * Event: the results one submission brings for a specimen of an order (an ORU^R01's OBX, a screen's or the API's
 * list), each with the autoverification verdict taken at that moment. One event for the lot, not a
 * {@link ResultRecorded} each: ten OBX cost one sealed, chained row of the log instead of ten (ADR 0056). What the
 * results share (order, specimen, patient, performer, analyser) is said once. Events written before stay
 * {@code ResultRecorded} and replay as they did.
 */
record ResultsRecorded(UUID orderId, UUID specimenId, UUID patientId, PerformingLab performedBy, String analyser,
                       List<Result> results) {

    /** One result of the submission: a first version, or a repeat after a rejection (later versions). */
    record Result(UUID resultId, int version, String testCode, String analyteCode, Measurement measurement, boolean critical,
                  List<HoldReason> holdReasons, ResultStatus status) {
    }

    /** Each result as the single event that recorded one before, so both read and project alike. */
    List<ResultRecorded> each() {
        return results.stream().map(r -> new ResultRecorded(r.resultId(), r.version(), orderId, specimenId, patientId,
                r.testCode(), r.analyteCode(), r.measurement(), r.critical(), r.holdReasons(), r.status(), performedBy,
                analyser)).toList();
    }
}
