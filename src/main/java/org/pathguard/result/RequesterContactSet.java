package org.pathguard.result;

/** Event: whom the lab phones with a requester's critical results, set by a lab manager. */
record RequesterContactSet(String requesterOds, String name, String phone, String bleep) {
}
