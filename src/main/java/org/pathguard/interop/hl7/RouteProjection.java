package org.pathguard.interop.hl7;

import org.pathguard.eventlog.Projection;
import org.pathguard.eventlog.ProjectionWriter;
import org.pathguard.eventlog.RecordedEvent;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.util.List;
import java.util.Set;

/** Route proposals with their decisions, and the administrator's list of destinations. The route in force is {@link OutboundProjection}'s. */
@Component
class RouteProjection implements Projection {

    @Override
    public Set<String> eventTypes() {
        return Set.of("RouteProposed", "RouteDecided", "DestinationAllowed", "DestinationWithdrawn");
    }

    @Override
    public List<String> tables() {
        return List.of("route_proposal", "route_destination");
    }

    @Override
    public void apply(RecordedEvent event, ProjectionWriter writer) {
        Timestamp at = Timestamp.from(event.recordedAt());
        switch (event.type()) {
            case "RouteProposed" -> {
                RouteProposed p = event.payloadAs(RouteProposed.class);
                writer.write("""
                                insert into route_proposal (id, requester_ods, host, port, receiving_application, receiving_facility,
                                                            tls, proposed_by, proposed_at, state)
                                values (?, ?, ?, ?, ?, ?, ?, ?, ?, 'AWAITING_APPROVAL')""",
                        p.proposalId(), p.requesterOds(), p.host(), p.port(), p.receivingApplication(), p.receivingFacility(),
                        p.tls(), event.actor(), at);
            }
            case "RouteDecided" -> {
                RouteDecided d = event.payloadAs(RouteDecided.class);
                writer.write("update route_proposal set state = ?, decided_by = ?, decided_at = ? where id = ?",
                        d.approved() ? "APPROVED" : "REFUSED", event.actor(), at, d.proposalId());
            }
            case "DestinationAllowed" -> {
                DestinationAllowed d = event.payloadAs(DestinationAllowed.class);
                writer.write("insert into route_destination (host, port, allowed_by, allowed_at) values (?, ?, ?, ?)",
                        d.host(), d.port(), event.actor(), at);
            }
            case "DestinationWithdrawn" -> {
                DestinationWithdrawn d = event.payloadAs(DestinationWithdrawn.class);
                writer.write("delete from route_destination where host = ? and port = ?", d.host(), d.port());
            }
            default -> throw new IllegalArgumentException("Unexpected event " + event.type());
        }
    }
}
