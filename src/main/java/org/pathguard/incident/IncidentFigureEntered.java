package org.pathguard.incident;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.UUID;

/**
 * Event: the incident cell entered a figure for an organisation and a day. A later entry for the same organisation,
 * day and kind replaces it in what the sitrep shows; this one stays in the log.
 */
record IncidentFigureEntered(UUID figureId, UUID incidentId, String organisationOds, String organisationName, LocalDate day,
                             FigureKind kind, BigDecimal value, String source) {
}
