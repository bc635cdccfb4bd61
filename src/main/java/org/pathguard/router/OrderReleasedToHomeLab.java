package org.pathguard.router;

import java.util.UUID;

/** Event: a deferred order was released to its home lab, declared back, at the rate the lab set. */
record OrderReleasedToHomeLab(UUID orderId) {
}
