package org.pathguard.qc;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/**
 * A control material: one lot at one level, usable up to and including {@code expiresOn}. {@code qcSampleId}, when
 * set, is what analysers send in SPM-2 or OBR-3 for it, so such a message is QC, not a patient's specimen. Its
 * targets give the expected mean and SD of each analyte on each analyser.
 */
public record QcMaterial(String code, String lot, String level, LocalDate expiresOn, String qcSampleId, List<Target> targets) {

    public QcMaterial {
        targets = targets == null ? List.of() : List.copyOf(targets);
    }

    /** The material's target mean and SD for one analyte on one analyser. */
    public record Target(String analyser, String analyte, BigDecimal mean, BigDecimal sd) {
    }

    public boolean expiredOn(LocalDate day) {
        return expiresOn.isBefore(day);
    }
}
