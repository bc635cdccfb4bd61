package org.pathguard.interop.hl7;

import org.pathguard.crypto.BlindIndex;
import org.pathguard.crypto.FieldCipher;
import org.pathguard.eventlog.Projection;
import org.pathguard.eventlog.ProjectionWriter;
import org.pathguard.eventlog.RecordedEvent;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.util.List;
import java.util.Set;

/**
 * Accepted messages by registered sender, MSH-3/MSH-4 and control id, with a keyed digest of their content, so a
 * resent message gets its first acknowledgement and a different one under the same control id does not.
 */
@Component
class InboundMessageProjection implements Projection {

    private static final String DIGEST_KIND = "hl7-message";

    private final FieldCipher cipher;
    private final BlindIndex index;

    InboundMessageProjection(FieldCipher cipher, BlindIndex index) {
        this.cipher = cipher;
        this.index = index;
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
        String source = m.source() == null ? "" : m.source();
        // Nothing in the transaction reads it, so it joins the group's one batch; its primary key still stops a message
        // sent twice at the same moment, before COMMIT, and the event log then commits that append alone or refuses it.
        writer.writeAtEnd("""
                        insert into inbound_message (source, sender, control_id, message_type, received_at, event_sequence, ack,
                                                     content_digest)
                        values (?, ?, ?, ?, ?, ?, ?, ?)""",
                source, m.sender(), m.controlId(), m.messageType(), Timestamp.from(event.recordedAt()), event.sequence(),
                cipher.seal(m.ack().getBytes(StandardCharsets.UTF_8), ackBinding(source, m.sender(), m.controlId())),
                digest(index, m.message()));
    }

    /** Keyed, so the digest of a message naming a patient cannot be confirmed by hashing guesses. */
    static byte[] digest(BlindIndex index, String message) {
        return index.of(DIGEST_KIND, message);
    }

    static String ackBinding(String source, String sender, String controlId) {
        return FieldCipher.field("inbound_message", "ack", (source.isEmpty() ? "" : source + "/") + sender + "/" + controlId);
    }
}
