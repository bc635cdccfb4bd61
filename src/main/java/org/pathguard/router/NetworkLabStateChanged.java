package org.pathguard.router;

/**
 * Event: a lab was suspected by the router, declared down (by its lab manager or the network manager, with a reason) or
 * declared back (with the rate, per minute, at which deferred orders drain into it).
 */
record NetworkLabStateChanged(String labOds, LabState from, LabState to, String reason, Integer drainPerMinute) {
}
