package org.pathguard.report;

/** Event: a person opened their results inbox; reports released after this read as new at their next visit. */
public record InboxOpened(String principal) {
}
