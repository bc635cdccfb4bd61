package org.pathguard.interop.hl7;

import org.pathguard.eventlog.Projection;
import org.pathguard.eventlog.ProjectionWriter;
import org.pathguard.eventlog.RecordedEvent;
import org.pathguard.report.ReportReleased;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Requesters' routes and the outbound report queue. A released report is queued in the same
 * transaction that records its release, if its requester has a route then: durable from the start.
 */
@Component
class OutboundProjection implements Projection {

    @Override
    public Set<String> eventTypes() {
        return Set.of("RouteConfigured", "ReportReleased", "ReportDelivered", "DeliveryAbandoned", "DeliveryReplayed");
    }

    @Override
    public List<String> tables() {
        return List.of("requester_route", "outbound_message");
    }

    @Override
    public void apply(RecordedEvent event, ProjectionWriter writer) {
        Timestamp at = Timestamp.from(event.recordedAt());
        switch (event.type()) {
            case "RouteConfigured" -> {
                RouteConfigured r = event.payloadAs(RouteConfigured.class);
                writer.write("""
                                insert into requester_route (requester_ods, host, port, receiving_application, receiving_facility,
                                                             tls, configured_at, configured_by)
                                values (?, ?, ?, ?, ?, ?, ?, ?)
                                on conflict (requester_ods) do update set host = excluded.host, port = excluded.port,
                                    receiving_application = excluded.receiving_application,
                                    receiving_facility = excluded.receiving_facility, tls = excluded.tls,
                                    configured_at = excluded.configured_at, configured_by = excluded.configured_by""",
                        r.requesterOds(), r.host(), r.port(), r.receivingApplication(), r.receivingFacility(), r.tls(), at,
                        event.actor());
            }
            case "ReportReleased" -> {
                ReportReleased r = event.payloadAs(ReportReleased.class);
                writer.write("""
                                insert into outbound_message (id, order_id, report_version, requester_ods, state, created_at, next_attempt_at)
                                select ?, ?, ?, requester_ods, 'PENDING', ?, ? from requester_route where requester_ods = ?""",
                        messageId(r.orderId(), r.version()), r.orderId(), r.version(), at, at, r.content().requesterOds());
            }
            case "ReportDelivered" -> {
                ReportDelivered d = event.payloadAs(ReportDelivered.class);
                writer.write("update outbound_message set state = 'DELIVERED', delivered_at = ?, attempts = ?, last_error = null where id = ?",
                        at, d.attempts(), d.messageId());
            }
            case "DeliveryAbandoned" -> {
                DeliveryAbandoned d = event.payloadAs(DeliveryAbandoned.class);
                writer.write("update outbound_message set state = 'DEAD', attempts = ?, last_error = ? where id = ?",
                        d.attempts(), d.reason(), d.messageId());
            }
            case "DeliveryReplayed" -> writer.write(
                    "update outbound_message set state = 'PENDING', attempts = 0, next_attempt_at = ? where id = ?",
                    at, event.payloadAs(DeliveryReplayed.class).messageId());
            default -> throw new IllegalArgumentException("Unexpected event " + event.type());
        }
    }

    /** The same report version always has the same message id, so a rebuild keeps delivery records attached. */
    static UUID messageId(UUID orderId, int version) {
        return UUID.nameUUIDFromBytes((orderId + "/" + version).getBytes(StandardCharsets.UTF_8));
    }
}
