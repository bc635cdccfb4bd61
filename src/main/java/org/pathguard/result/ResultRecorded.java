package org.pathguard.result;

import org.pathguard.lab.HoldReason;

import java.util.List;
import java.util.UUID;

/**
 * Event: a result arrived (version 1) or was repeated after a rejection (later versions), with the
 * autoverification verdict taken at that moment. {@code performedBy} is the partner laboratory that did the test;
 * null for this lab's own work, and in every event recorded before referrals existed (which were all this lab's).
 * {@code analyser} is the registered analyser that measured it; null when none was named, and in every event
 * recorded before analysers were known. Since ADR 0056 a submission's results are one {@link ResultsRecorded}; this
 * event is still written for each result a partner performed while this lab was down, and every one written before
 * replays as it did.
 */
record ResultRecorded(UUID resultId, int version, UUID orderId, UUID specimenId, UUID patientId, String testCode,
                      String analyteCode, Measurement measurement, boolean critical, List<HoldReason> holdReasons,
                      ResultStatus status, PerformingLab performedBy, String analyser) {
}
