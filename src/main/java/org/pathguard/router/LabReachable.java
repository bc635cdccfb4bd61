package org.pathguard.router;

/** Event: a lab that did not answer answered again. It changes no declaration: a lab declared down stays down. */
record LabReachable(String labOds) {
}
