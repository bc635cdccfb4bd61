package org.pathguard.posture;

import org.pathguard.eventlog.Projection;
import org.pathguard.eventlog.ProjectionWriter;
import org.pathguard.eventlog.RecordedEvent;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.util.List;
import java.util.Set;

/** Which patient is the canary: the first registered, a later registration (another process's) left as a test patient. */
@Component
class CanaryProjection implements Projection {

    @Override
    public Set<String> eventTypes() {
        return Set.of("CanaryRegistered");
    }

    @Override
    public List<String> tables() {
        return List.of("posture_canary");
    }

    @Override
    public void apply(RecordedEvent event, ProjectionWriter writer) {
        CanaryRegistered c = event.payloadAs(CanaryRegistered.class);
        writer.write("insert into posture_canary (patient_id, registered_at) values (?, ?) on conflict (one_row) do nothing", c.patientId(),
                Timestamp.from(event.recordedAt()));
    }
}
