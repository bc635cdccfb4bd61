package org.pathguard.router;

/** Event: an approved change put a lab in the directory or changed its entry (its state is its own). */
record NetworkLabSet(NetworkLab lab) {
}
