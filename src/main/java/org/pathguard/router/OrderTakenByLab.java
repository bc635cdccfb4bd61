package org.pathguard.router;

import java.util.UUID;

/** Event: the home lab (or the partner, when {@code partner}) acknowledged the order with AA, with its accession if it gave one. */
record OrderTakenByLab(UUID orderId, String labOds, boolean partner, String accession) {
}
