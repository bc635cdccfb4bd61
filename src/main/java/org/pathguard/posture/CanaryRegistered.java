package org.pathguard.posture;

import java.util.UUID;

/** Event: the system registered the lab's canary patient, appended with that patient's own registration. */
record CanaryRegistered(UUID patientId) {
}
