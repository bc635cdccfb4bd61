package org.pathguard.result;

import org.pathguard.eventlog.Projection;
import org.pathguard.eventlog.ProjectionWriter;
import org.pathguard.eventlog.RecordedEvent;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.util.List;
import java.util.Set;

/** The critical-result contact directory: the latest contact set for each requester. */
@Component
class ContactProjection implements Projection {

    @Override
    public Set<String> eventTypes() {
        return Set.of("RequesterContactSet");
    }

    @Override
    public List<String> tables() {
        return List.of("requester_contact");
    }

    @Override
    public void apply(RecordedEvent event, ProjectionWriter writer) {
        RequesterContactSet r = event.payloadAs(RequesterContactSet.class);
        // One statement at a time: a rebuild replays every change to a contact, and one upsert cannot touch a row twice.
        writer.writeNow("""
                        insert into requester_contact (requester_ods, name, phone, bleep, setting, set_by, set_at) values (?, ?, ?, ?, ?, ?, ?)
                        on conflict (requester_ods) do update set name = excluded.name, phone = excluded.phone,
                            bleep = excluded.bleep, setting = excluded.setting, set_by = excluded.set_by, set_at = excluded.set_at""",
                r.requesterOds(), r.name(), r.phone(), r.bleep(), r.setting() == null ? null : r.setting().name(), event.actor(),
                Timestamp.from(event.recordedAt()));
    }
}
