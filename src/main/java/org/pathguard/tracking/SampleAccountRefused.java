package org.pathguard.tracking;

import org.pathguard.access.Actor;

/**
 * Event: someone asked for the sample account of a requester that is not theirs to see (a practice asking for another
 * practice's list, or a person outside this lab). Nothing was read; the ask is kept for the privacy officer.
 */
record SampleAccountRefused(String principal, Actor.Role role, String organisation, String askedFor, String reason) {
}
