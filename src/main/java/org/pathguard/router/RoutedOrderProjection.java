package org.pathguard.router;

import org.pathguard.crypto.BlindIndex;
import org.pathguard.crypto.FieldCipher;
import org.pathguard.eventlog.Projection;
import org.pathguard.eventlog.ProjectionWriter;
import org.pathguard.eventlog.RecordedEvent;
import org.pathguard.lab.Conflict;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The orders the router took and where each is now, the partner results it keeps, and the messages it owes. Message
 * bodies and acknowledgements are sealed, each bound to its row; resends are recognised by a keyed digest. An order
 * moves only from the state its event expects, so two moves that crossed cannot both apply.
 */
@Component
class RoutedOrderProjection implements Projection {

    private static final String DIGEST_KIND = "router-hl7-message";

    private final FieldCipher cipher;
    private final BlindIndex index;

    RoutedOrderProjection(FieldCipher cipher, BlindIndex index) {
        this.cipher = cipher;
        this.index = index;
    }

    @Override
    public Set<String> eventTypes() {
        return Set.of("OrderReceivedAtRouter", "OrderTriaged", "OrderTakenByLab", "OrderRefusedByLab", "OrderReleasedToHomeLab",
                "PartnerResultReceived", "RouterMessageQueued", "RouterMessageDelivered", "RouterMessageRefused");
    }

    @Override
    public List<String> tables() {
        return List.of("router_order", "router_result", "router_outbound");
    }

    @Override
    public void apply(RecordedEvent event, ProjectionWriter writer) {
        Timestamp at = Timestamp.from(event.recordedAt());
        switch (event.type()) {
            case "OrderReceivedAtRouter" -> {
                OrderReceivedAtRouter o = event.payloadAs(OrderReceivedAtRouter.class);
                // At once, not batched: the unique key is what stops the same message taken twice at the same moment.
                writer.writeNow("""
                                insert into router_order (id, source, sender, control_id, content_digest, ack, message, message_type,
                                    requester_ods, home_lab, placer_number, placer_group, priority, tests, received_at, state, changed_at)
                                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'FORWARDING', ?)""",
                        o.orderId(), o.source(), o.sender(), o.controlId(), digest(index, o.message()),
                        cipher.seal(bytes(o.ack()), binding("router_order", "ack", o.orderId())),
                        cipher.seal(bytes(o.message()), binding("router_order", "message", o.orderId())), o.messageType(),
                        o.requesterOds(), o.homeLab(), o.placerNumber(), o.placerGroup(), o.priority().name(),
                        o.tests().toArray(String[]::new), at, at);
            }
            case "OrderTriaged" -> {
                OrderTriaged t = event.payloadAs(OrderTriaged.class);
                String state = switch (t.outcome()) {
                    case ROUTED -> "ROUTING";
                    case DEFERRED -> "DEFERRED";
                    case REFUSED -> "REFUSED";
                };
                move(writer, t.orderId(), "state in ('FORWARDING', 'ROUTING')", """
                                update router_order set state = ?, partner = ?, note = ?, accession = null, triaged_at = ?, changed_at = ?
                                where id = ? and state in ('FORWARDING', 'ROUTING')""",
                        state, t.partnerOds(), t.note(), at, at, t.orderId());
            }
            case "OrderTakenByLab" -> {
                OrderTakenByLab t = event.payloadAs(OrderTakenByLab.class);
                move(writer, t.orderId(), t.partner() ? "ROUTING" : "FORWARDING",
                        "update router_order set state = ?, accession = ?, changed_at = ? where id = ? and state = ?",
                        t.partner() ? "AT_PARTNER" : "AT_HOME_LAB", t.accession(), at, t.orderId(), t.partner() ? "ROUTING" : "FORWARDING");
            }
            case "OrderRefusedByLab" -> {
                OrderRefusedByLab r = event.payloadAs(OrderRefusedByLab.class);
                if (r.partner()) {
                    // Triage follows in the same append, without this partner.
                    move(writer, r.orderId(), "ROUTING", """
                                    update router_order set excluded_partners = array_append(excluded_partners, ?), note = ?, changed_at = ?
                                    where id = ? and state = 'ROUTING'""",
                            r.labOds(), r.labOds() + " answered " + r.ackCode() + ": " + r.reason(), at, r.orderId());
                } else {
                    move(writer, r.orderId(), "FORWARDING", """
                                    update router_order set state = 'HOME_LAB_REFUSED', note = ?, changed_at = ?
                                    where id = ? and state = 'FORWARDING'""",
                            r.labOds() + " answered " + r.ackCode() + ": " + r.reason(), at, r.orderId());
                }
            }
            case "OrderReleasedToHomeLab" -> {
                UUID id = event.payloadAs(OrderReleasedToHomeLab.class).orderId();
                move(writer, id, "DEFERRED", """
                                update router_order set state = 'FORWARDING', released_at = ?, changed_at = ?
                                where id = ? and state = 'DEFERRED'""", at, at, id);
            }
            case "PartnerResultReceived" -> {
                PartnerResultReceived r = event.payloadAs(PartnerResultReceived.class);
                writer.writeNow("""
                                insert into router_result (id, order_id, source, sender, control_id, content_digest, ack, message,
                                                           performing_lab, received_at)
                                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                        r.resultId(), r.orderId(), r.source(), r.sender(), r.controlId(), digest(index, r.message()),
                        cipher.seal(bytes(r.ack()), binding("router_result", "ack", r.resultId())),
                        cipher.seal(bytes(r.message()), binding("router_result", "message", r.resultId())), r.performingLab(), at);
                move(writer, r.orderId(), "with a partner", """
                                update router_order set state = 'RESULTED', changed_at = ?
                                where id = ? and state in ('ROUTING', 'AT_PARTNER', 'RESULTED')""", at, r.orderId());
            }
            case "RouterMessageQueued" -> {
                RouterMessageQueued q = event.payloadAs(RouterMessageQueued.class);
                writer.write("""
                                insert into router_outbound (id, kind, order_id, target, target_ods, message, state, created_at)
                                values (?, ?, ?, ?, ?, ?, 'PENDING', ?)""",
                        q.messageId(), q.kind().name(), q.orderId(), q.target().name(), q.targetOds(),
                        cipher.seal(bytes(q.message()), binding("router_outbound", "message", q.messageId())), at);
                if (q.resultId() != null) {
                    writer.write("update router_result set sent_home = true where id = ?", q.resultId());
                }
            }
            case "RouterMessageDelivered" -> {
                RouterMessageDelivered d = event.payloadAs(RouterMessageDelivered.class);
                writer.write("""
                                update router_outbound set state = 'DELIVERED', attempts = ?, delivered_at = ?, last_error = null
                                where id = ? and state = 'PENDING'""", d.attempts(), at, d.messageId());
            }
            case "RouterMessageRefused" -> {
                RouterMessageRefused r = event.payloadAs(RouterMessageRefused.class);
                writer.write("update router_outbound set state = 'REFUSED', attempts = ?, last_error = ? where id = ? and state = 'PENDING'",
                        r.attempts(), r.reason(), r.messageId());
            }
            default -> throw new IllegalArgumentException("Unexpected event " + event.type());
        }
    }

    private static void move(ProjectionWriter writer, UUID orderId, String expected, String sql, Object... parameters) {
        if (writer.writeNow(sql, parameters) == 0) {
            throw new Conflict("Order " + orderId + " at the router is no longer " + expected + "; something else moved it first");
        }
    }

    /** Keyed, so the digest of a message naming a patient cannot be confirmed by hashing guesses. */
    static byte[] digest(BlindIndex index, String message) {
        return index.of(DIGEST_KIND, message);
    }

    static String binding(String table, String column, UUID id) {
        return FieldCipher.field(table, column, id);
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
