package org.pathguard.export;

import java.time.LocalDate;

/**
 * Which reported results a list holds: one analyte (or all), the days they were recorded, and
 * optionally one requester; and why it is wanted. Pseudonymised unless {@code identifiable}.
 */
public record ExportQuery(String analyte, LocalDate from, LocalDate to, String requesterOds, boolean identifiable,
                          String purpose) {
}
