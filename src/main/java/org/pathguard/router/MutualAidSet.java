package org.pathguard.router;

/** Event: an approved change set a mutual-aid agreement between a home lab and a partner. */
record MutualAidSet(MutualAid agreement) {
}
