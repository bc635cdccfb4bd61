package org.pathguard.report;

import org.pathguard.lab.Flag;
import org.pathguard.lab.Priority;
import org.pathguard.result.PerformingLab;
import org.pathguard.result.ResultStatus;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** One issued version of an order's report. Earlier versions are kept when a report is amended. */
public record Report(UUID orderId, int version, boolean amended, Instant releasedAt, String releasedBy, Content content) {

    /**
     * What a version says. {@code reportingLab} is the laboratory that issued it, as it named itself then (versions
     * released before it was recorded read as this lab's present identity).
     */
    public record Content(String accession, UUID patientId, String requesterOds, String clinician, Priority priority,
                          List<Line> lines, PerformingLab reportingLab) {

        /** Who performed a line's test: the partner laboratory named on it, or the reporting laboratory. */
        public PerformingLab performerOf(Line line) {
            return line.performedBy() == null ? reportingLab : line.performedBy();
        }

        /** Whether a line's test was done by another laboratory: the printed report names it beside the result. */
        public boolean referred(Line line) {
            return line.performedBy() != null && !line.performedBy().odsCode().equals(reportingLab.odsCode());
        }

        /** The same content as issued by {@code lab}. */
        Content issuedBy(PerformingLab lab) {
            return new Content(accession, patientId, requesterOds, clinician, priority, lines, lab);
        }
    }

    /** One result as reported; {@code performedBy} the partner laboratory that did it, null when the reporting lab did. */
    public record Line(String testCode, String analyteCode, String analyteName, String loinc, String value, String unit,
                       BigDecimal rangeLow, BigDecimal rangeHigh, Flag flag, ResultStatus status, int resultVersion,
                       PerformingLab performedBy) {
    }
}
