package org.pathguard.interop.hl7;

import org.pathguard.crypto.FieldCipher;
import org.pathguard.eventlog.Projection;
import org.pathguard.eventlog.ProjectionWriter;
import org.pathguard.eventlog.RecordedEvent;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.util.List;
import java.util.Set;

/** Accepted messages by sender and control id, so a resent message gets its first acknowledgement. */
@Component
class InboundMessageProjection implements Projection {

    private final FieldCipher cipher;

    InboundMessageProjection(FieldCipher cipher) {
        this.cipher = cipher;
    }

    @Override
    public Set<String> eventTypes() {
        return Set.of("MessageAccepted");
    }

    @Override
    public List<String> tables() {
        return List.of("inbound_message");
    }

    @Override
    public void apply(RecordedEvent event, ProjectionWriter writer) {
        MessageAccepted m = event.payloadAs(MessageAccepted.class);
        // Written at once, not batched: the primary key is what stops a message sent twice at the same moment.
        writer.writeNow("""
                        insert into inbound_message (sender, control_id, message_type, received_at, event_sequence, ack)
                        values (?, ?, ?, ?, ?, ?)""",
                m.sender(), m.controlId(), m.messageType(), Timestamp.from(event.recordedAt()), event.sequence(),
                cipher.seal(m.ack().getBytes(StandardCharsets.UTF_8), ackBinding(m.sender(), m.controlId())));
    }

    static String ackBinding(String sender, String controlId) {
        return FieldCipher.field("inbound_message", "ack", sender + "/" + controlId);
    }
}
