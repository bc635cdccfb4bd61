package org.pathguard.export;

import java.time.LocalDate;

/**
 * Which reported results a list holds: one analyte (or all), the days they were recorded, and
 * optionally one requester; and why it is wanted. Pseudonymised unless {@code identifiable}; CSV
 * unless {@code format} is PDF.
 */
public record ExportQuery(String analyte, LocalDate from, LocalDate to, String requesterOds, boolean identifiable,
                          String purpose, Format format) {

    public enum Format { CSV, PDF }

    boolean pdf() {
        return format == Format.PDF;
    }
}
