package org.pathguard.report;

import org.pathguard.lab.Flag;
import org.pathguard.lab.Priority;
import org.pathguard.result.ResultStatus;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** One issued version of an order's report. Earlier versions are kept when a report is amended. */
public record Report(UUID orderId, int version, boolean amended, Instant releasedAt, String releasedBy, Content content) {

    public record Content(String accession, UUID patientId, String requesterOds, String clinician, Priority priority,
                          List<Line> lines) {
    }

    public record Line(String testCode, String analyteCode, String analyteName, String loinc, String value, String unit,
                       BigDecimal rangeLow, BigDecimal rangeHigh, Flag flag, ResultStatus status, int resultVersion) {
    }
}
