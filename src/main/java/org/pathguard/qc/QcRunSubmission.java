package org.pathguard.qc;

import java.time.Instant;
import java.util.List;

/**
 * Control results from one analyser measured together: one value per material and analyte. Each analyte is judged
 * as a run of its own (its levels together) against that analyte's earlier runs on the analyser.
 */
public record QcRunSubmission(String analyser, Instant measuredAt, List<Value> values) {

    public record Value(String material, String analyte, String value) {
    }
}
