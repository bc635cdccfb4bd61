package org.pathguard.network;

/** Event: a lab manager set (or replaced) the mutual-aid agreement with a partner laboratory. */
record AgreementSet(Agreement agreement) {
}
