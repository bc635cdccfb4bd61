package org.pathguard.incident;

import java.util.UUID;

/**
 * Event: a lab manager (at a lab) or a network manager (at the router) declared an incident; it is in force from now,
 * unconfirmed until a second person confirms it. Who and when are the event's own.
 *
 * @param labOds the lab's ODS code for a lab's incident; null for the network's
 */
record IncidentDeclared(UUID incidentId, Incident.Scope scope, String labOds, String name, String summary) {
}
