package org.pathguard.sitrep;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import org.pathguard.incident.Incident;
import org.pathguard.incident.IncidentFigure;

/** What the lab's sitrep asks of the incident record: the incident over a period, and the cell's figures for its days. */
interface IncidentRecord {

    /** The latest incident of this lab or the network in force at any moment of [from, to); null when none. */
    Incident overlapping(Instant from, Instant to);

    /** The latest figure per organisation, day and kind the incident cell entered for the days first..last. */
    List<IncidentFigure> figures(UUID incidentId, LocalDate first, LocalDate last);
}
