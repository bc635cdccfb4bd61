package org.pathguard.qc;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Objects;
import java.util.UUID;

/**
 * One control measurement: which run it belongs to (all levels measured together), which material (level), its
 * order among the analyser's runs, and its value against the material's target mean and SD for this analyte.
 */
public record QcPoint(UUID id, UUID runId, int runOrder, String material, BigDecimal value, BigDecimal mean, BigDecimal sd) {

    public QcPoint {
        Objects.requireNonNull(id);
        Objects.requireNonNull(runId);
        Objects.requireNonNull(material);
        Objects.requireNonNull(value);
        Objects.requireNonNull(mean);
        if (sd == null || sd.signum() <= 0) {
            throw new IllegalArgumentException("A QC target SD must be greater than zero");
        }
    }

    /** Distance from the target mean in SDs. */
    public double z() {
        return value.subtract(mean).divide(sd, MathContext.DECIMAL64).doubleValue();
    }
}
