package org.pathguard.qc;

import java.time.LocalDate;
import java.util.List;

/** Event: a lab manager registered a control material, or changed it (its expiry, sample id or targets). */
record QcMaterialRegistered(String code, String lot, String level, LocalDate expiresOn, String qcSampleId,
                            List<QcMaterial.Target> targets) {
}
