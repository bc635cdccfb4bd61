package org.pathguard.qc;

import org.pathguard.eventlog.NewEvent;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * What quality control asks of patient results without depending on them (patient results sit above QC and ask it
 * whether an analyte is in control): the result package answers.
 */
public interface AnalyserResults {

    /** Patient results of this analyte from this analyser released (final or amended) and recorded after {@code since} (null: ever). */
    List<UUID> released(String analyser, String analyte, Instant since);

    /**
     * The events that add hold reason QC to this analyte's results from this analyser still awaiting validation
     * and recorded after {@code since} (null: ever), appended with the failure.
     */
    List<NewEvent> holdAwaitingValidation(String analyser, String analyte, Instant since, UUID failureId);

    /** How many of this analyte's results from this analyser are still awaiting validation held for QC. */
    int heldForQc(String analyser, String analyte);
}
