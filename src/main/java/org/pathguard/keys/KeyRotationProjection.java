package org.pathguard.keys;

import org.pathguard.eventlog.Projection;
import org.pathguard.eventlog.ProjectionWriter;
import org.pathguard.eventlog.RecordedEvent;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.util.List;
import java.util.Set;

@Component
class KeyRotationProjection implements Projection {

    @Override
    public Set<String> eventTypes() {
        return Set.of("KeyRotated");
    }

    @Override
    public List<String> tables() {
        return List.of("key_rotation");
    }

    @Override
    public void apply(RecordedEvent event, ProjectionWriter writer) {
        KeyRotated rotated = event.payloadAs(KeyRotated.class);
        writer.writeAtEnd("""
                        insert into key_rotation (sequence, keyset, new_key_id, operator, note, rotated_at)
                        values (?, ?, ?, ?, ?, ?)""",
                event.sequence(), rotated.keyset(), rotated.newKeyId(), rotated.operator(), rotated.note(),
                Timestamp.from(event.recordedAt()));
    }
}
