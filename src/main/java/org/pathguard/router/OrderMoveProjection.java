package org.pathguard.router;

import org.pathguard.eventlog.Projection;
import org.pathguard.eventlog.ProjectionWriter;
import org.pathguard.eventlog.RecordedEvent;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Every move of every order the router took, with its time: what the network's sitrep counts day by day and replays to
 * a moment for the backlog ({@code router_order} keeps only where each order is now). Like the router's other
 * projections it exists in every mode, so a rebuild of the router's data directory needs no mode.
 */
@Component
class OrderMoveProjection implements Projection {

    /** How an order moved, as {@code router_order_move.move} says it. */
    enum Move {
        TAKEN_BY_HOME_LAB, REFUSED_BY_HOME_LAB, ROUTED, TAKEN_BY_PARTNER, REFUSED_BY_PARTNER, DEFERRED, REFUSED, RELEASED, RESULTED
    }

    @Override
    public Set<String> eventTypes() {
        return Set.of("OrderTriaged", "OrderTakenByLab", "OrderRefusedByLab", "OrderReleasedToHomeLab", "PartnerResultReceived");
    }

    @Override
    public List<String> tables() {
        return List.of("router_order_move");
    }

    @Override
    public void apply(RecordedEvent event, ProjectionWriter writer) {
        switch (event.type()) {
            case "OrderTriaged" -> {
                OrderTriaged t = event.payloadAs(OrderTriaged.class);
                Move move = switch (t.outcome()) {
                    case ROUTED -> Move.ROUTED;
                    case DEFERRED -> Move.DEFERRED;
                    case REFUSED -> Move.REFUSED;
                };
                record(writer, event, t.orderId(), move, t.partnerOds());
            }
            case "OrderTakenByLab" -> {
                OrderTakenByLab t = event.payloadAs(OrderTakenByLab.class);
                record(writer, event, t.orderId(), t.partner() ? Move.TAKEN_BY_PARTNER : Move.TAKEN_BY_HOME_LAB, t.labOds());
            }
            case "OrderRefusedByLab" -> {
                OrderRefusedByLab r = event.payloadAs(OrderRefusedByLab.class);
                record(writer, event, r.orderId(), r.partner() ? Move.REFUSED_BY_PARTNER : Move.REFUSED_BY_HOME_LAB, r.labOds());
            }
            case "OrderReleasedToHomeLab" -> record(writer, event, event.payloadAs(OrderReleasedToHomeLab.class).orderId(), Move.RELEASED,
                    null);
            case "PartnerResultReceived" -> {
                PartnerResultReceived r = event.payloadAs(PartnerResultReceived.class);
                record(writer, event, r.orderId(), Move.RESULTED, r.performingLab());
            }
            default -> throw new IllegalArgumentException("Unexpected event " + event.type());
        }
    }

    /** At the end of the transaction: a history row nothing else reads in it, after the order's own row is written. */
    private static void record(ProjectionWriter writer, RecordedEvent event, UUID orderId, Move move, String lab) {
        writer.writeAtEnd("insert into router_order_move (order_id, sequence, at, move, lab) values (?, ?, ?, ?, ?)",
                orderId, event.sequence(), Timestamp.from(event.recordedAt()), move.name(), lab);
    }
}
