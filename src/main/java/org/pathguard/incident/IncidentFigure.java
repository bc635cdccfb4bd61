package org.pathguard.incident;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/**
 * A figure the incident cell entered for one organisation (a hospital trust, by its ODS code) and one day, with where
 * it came from ("trust bed meeting 08:00", "blood bank stock count") and who entered it. A later entry for the same
 * organisation, day and kind replaces it in the sitrep; both stay in the log.
 */
public record IncidentFigure(UUID incidentId, String organisationOds, String organisationName, LocalDate day,
                             FigureKind kind, BigDecimal value, String source, String enteredBy, Instant enteredAt) {
}
