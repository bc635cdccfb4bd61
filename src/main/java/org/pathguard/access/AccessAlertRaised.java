package org.pathguard.access;

/** A principal crossed its read budget or read in a way that looks like scraping; its account is flagged for review. */
public record AccessAlertRaised(String principal, String kind, String detail) {
}
