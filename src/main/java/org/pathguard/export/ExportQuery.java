package org.pathguard.export;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * Which reported results a list holds: one analyte (or all), the days they were recorded, and
 * optionally one requester; and why it is wanted. Pseudonymised unless {@code identifiable}; CSV
 * unless {@code format} is PDF. A breach's notification list names its patients instead
 * ({@code notification}): one row a patient, identifiable, asked for by the privacy officer only.
 */
public record ExportQuery(String analyte, LocalDate from, LocalDate to, String requesterOds, boolean identifiable,
                          String purpose, Format format, Notification notification) {

    public enum Format { CSV, PDF }

    /**
     * The people to tell of a breach: the patients a scan confirmed in a leaked dump, by their pseudonymous ids,
     * and the case they belong to. The list names them as the registry holds them.
     */
    public record Notification(String caseReference, List<UUID> patients) {

        public Notification {
            patients = List.copyOf(patients);
        }
    }

    /** A list of results (the export's first kind, and every export asked for through the API). */
    public ExportQuery(String analyte, LocalDate from, LocalDate to, String requesterOds, boolean identifiable,
                       String purpose, Format format) {
        this(analyte, from, to, requesterOds, identifiable, purpose, format, null);
    }

    boolean pdf() {
        return format == Format.PDF;
    }
}
