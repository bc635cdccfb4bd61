package org.pathguard.incident;

import org.pathguard.crypto.FieldCipher;
import org.pathguard.eventlog.Projection;
import org.pathguard.eventlog.ProjectionWriter;
import org.pathguard.eventlog.RecordedEvent;
import org.pathguard.lab.Conflict;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.sql.Date;
import java.sql.Timestamp;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Incidents with their declaration, confirmation and close, and the incident cell's figures. Each step changes the row
 * only from the state the service checked, so two people acting at once cannot both succeed.
 */
@Component
class IncidentProjection implements Projection {

    private final FieldCipher cipher;

    IncidentProjection(FieldCipher cipher) {
        this.cipher = cipher;
    }

    @Override
    public Set<String> eventTypes() {
        return Set.of("IncidentDeclared", "IncidentConfirmed", "IncidentCloseProposed", "IncidentClosed", "IncidentFigureEntered");
    }

    @Override
    public List<String> tables() {
        return List.of("incident_figure", "incident");
    }

    @Override
    public void apply(RecordedEvent event, ProjectionWriter writer) {
        Timestamp at = Timestamp.from(event.recordedAt());
        switch (event.type()) {
            case "IncidentDeclared" -> {
                IncidentDeclared d = event.payloadAs(IncidentDeclared.class);
                changedOne(writer.writeNow("""
                                insert into incident (id, scope, lab_ods, name, summary, declared_by, declared_at)
                                select ?, ?, ?, ?, ?, ?, ?
                                where not exists (select 1 from incident where scope = ? and closed_at is null)""",
                        d.incidentId(), d.scope().name(), d.labOds(), d.name(), sealed(d.summary(), summaryBinding(d.incidentId())),
                        event.actor(), at, d.scope().name()), "An incident is already in force");
            }
            case "IncidentConfirmed" -> changedOne(writer.writeNow("""
                            update incident set confirmed_by = ?, confirmed_at = ?
                            where id = ? and confirmed_at is null and closed_at is null""",
                    event.actor(), at, event.payloadAs(IncidentConfirmed.class).incidentId()), "The incident was already confirmed or closed");
            case "IncidentCloseProposed" -> {
                IncidentCloseProposed p = event.payloadAs(IncidentCloseProposed.class);
                changedOne(writer.writeNow("""
                                update incident set close_proposed_by = ?, close_proposed_at = ?, closing_summary = ?
                                where id = ? and close_proposed_at is null and closed_at is null""",
                        event.actor(), at, sealed(p.closingSummary(), closingBinding(p.incidentId())), p.incidentId()),
                        "The incident's close was already proposed, or it is closed");
            }
            case "IncidentClosed" -> changedOne(writer.writeNow("""
                            update incident set closed_by = ?, closed_at = ?
                            where id = ? and close_proposed_at is not null and closed_at is null""",
                    event.actor(), at, event.payloadAs(IncidentClosed.class).incidentId()), "The incident is already closed");
            case "IncidentFigureEntered" -> {
                IncidentFigureEntered f = event.payloadAs(IncidentFigureEntered.class);
                changedOne(writer.writeNow("""
                                insert into incident_figure (id, incident_id, organisation_ods, organisation_name, day, kind, value, source,
                                    entered_by, entered_at, sequence)
                                select ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?
                                where exists (select 1 from incident where id = ? and closed_at is null)""",
                        f.figureId(), f.incidentId(), f.organisationOds(), f.organisationName(), Date.valueOf(f.day()), f.kind().name(),
                        f.value(), sealed(f.source(), sourceBinding(f.figureId())), event.actor(), at, event.sequence(), f.incidentId()),
                        "The incident was closed meanwhile; its figures are final");
            }
            default -> throw new IllegalArgumentException("Unexpected event " + event.type());
        }
    }

    private byte[] sealed(String text, String binding) {
        return cipher.seal(text.getBytes(StandardCharsets.UTF_8), binding);
    }

    private static void changedOne(int rows, String conflict) {
        if (rows != 1) {
            throw new Conflict(conflict);
        }
    }

    /** What people wrote about an incident may name a patient or a colleague: sealed, bound to its row. */
    static String summaryBinding(UUID incidentId) {
        return FieldCipher.field("incident", "summary", incidentId);
    }

    static String closingBinding(UUID incidentId) {
        return FieldCipher.field("incident", "closing_summary", incidentId);
    }

    static String sourceBinding(UUID figureId) {
        return FieldCipher.field("incident_figure", "source", figureId);
    }
}
