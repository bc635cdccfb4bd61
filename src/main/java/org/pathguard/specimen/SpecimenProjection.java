package org.pathguard.specimen;

import org.pathguard.crypto.FieldCipher;
import org.pathguard.eventlog.Projection;
import org.pathguard.eventlog.ProjectionWriter;
import org.pathguard.eventlog.RecordedEvent;
import org.pathguard.lab.Conflict;
import org.pathguard.order.OrderDoneElsewhere;
import org.pathguard.order.SpecimenCollected;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.util.List;
import java.util.Set;

@Component
class SpecimenProjection implements Projection {

    private final FieldCipher cipher;

    SpecimenProjection(FieldCipher cipher) {
        this.cipher = cipher;
    }

    @Override
    public Set<String> eventTypes() {
        return Set.of("SpecimenCollected", "SpecimenReceived", "SpecimenRejected", "OrderDoneElsewhere");
    }

    @Override
    public List<String> tables() {
        return List.of("specimen");
    }

    @Override
    public void apply(RecordedEvent event, ProjectionWriter writer) {
        switch (event.type()) {
            case "SpecimenCollected" -> {
                SpecimenCollected s = event.payloadAs(SpecimenCollected.class);
                writer.write("""
                                insert into specimen (id, barcode, order_id, specimen_type, container, collected_at, status)
                                values (?, ?, ?, ?, ?, ?, 'COLLECTED')""",
                        s.specimenId(), s.barcode(), s.orderId(), s.specimenType(), s.container(),
                        Timestamp.from(s.collectedAt()));
            }
            case "SpecimenReceived" -> {
                SpecimenReceived s = event.payloadAs(SpecimenReceived.class);
                stillCollected(writer.writeNow("""
                                update specimen set status = 'RECEIVED', received_at = ?, received_by = ?
                                where id = ? and status = 'COLLECTED'""",
                        Timestamp.from(s.receivedAt()), event.actor(), s.specimenId()));
                // Turnaround runs from the first specimen of the order to arrive.
                writer.write("update lab_order set received_at = least(coalesce(received_at, ?), ?) where id = ?",
                        Timestamp.from(s.receivedAt()), Timestamp.from(s.receivedAt()), s.orderId());
            }
            case "SpecimenRejected" -> {
                SpecimenRejected s = event.payloadAs(SpecimenRejected.class);
                // Free-text comments can mention the patient, so they are sealed like everything else.
                byte[] comment = s.comment() == null ? null : cipher.seal(s.comment().getBytes(StandardCharsets.UTF_8),
                        FieldCipher.field("specimen", "rejection_comment", s.specimenId()));
                stillCollected(writer.writeNow("""
                                update specimen set status = 'REJECTED', rejection_reason = ?, rejection_comment = ?, rejected_at = ?
                                where id = ? and status = 'COLLECTED'""",
                        s.reason().name(), comment, Timestamp.from(s.rejectedAt()), s.specimenId()));
            }
            case "OrderDoneElsewhere" -> {
                // Tubes tested at a partner laboratory: never expected at reception here, never received, never rejected.
                OrderDoneElsewhere done = event.payloadAs(OrderDoneElsewhere.class);
                for (OrderDoneElsewhere.Tube t : done.tubes()) {
                    writer.write("""
                                    insert into specimen (id, barcode, order_id, specimen_type, container, collected_at, status)
                                    values (?, ?, ?, ?, ?, ?, 'ELSEWHERE')""",
                            t.specimenId(), t.barcode(), done.orderId(), t.specimenType(), t.container(),
                            Timestamp.from(t.collectedAt()));
                }
            }
            default -> throw new IllegalArgumentException(event.type());
        }
    }

    /** Receipt and rejection are decided once; a request that lost the race appends nothing. */
    private static void stillCollected(int rows) {
        if (rows != 1) {
            throw new Conflict("This specimen was received or rejected by someone else a moment ago");
        }
    }
}
