package org.pathguard.drill;

import org.pathguard.eventlog.Projection;
import org.pathguard.eventlog.ProjectionWriter;
import org.pathguard.eventlog.RecordedEvent;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.util.List;
import java.util.Set;

/** Every restore drill with its result, newest found by when it started. */
@Component
class RestoreDrillProjection implements Projection {

    @Override
    public Set<String> eventTypes() {
        return Set.of("RestoreDrillRecorded");
    }

    @Override
    public List<String> tables() {
        return List.of("restore_drill");
    }

    @Override
    public void apply(RecordedEvent event, ProjectionWriter writer) {
        RestoreDrillRecorded d = event.payloadAs(RestoreDrillRecorded.class);
        writer.writeNow("""
                        insert into restore_drill (id, run_by, started_at, duration_ms, passed, repository, events_restored, counts,
                            reason, event_sequence) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                d.drillId(), event.actor(), Timestamp.from(d.startedAt()), d.duration().toMillis(), d.passed(), d.repository(),
                d.eventsRestored(), d.counts(), d.reason(), event.sequence());
    }
}
