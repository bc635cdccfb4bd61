package org.pathguard.report;

import org.pathguard.eventlog.Projection;
import org.pathguard.eventlog.ProjectionWriter;
import org.pathguard.eventlog.RecordedEvent;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.util.List;
import java.util.Set;

/** Keeps report_filing and inbox_visit from ReportFiled and InboxOpened. */
@Component
class InboxProjection implements Projection {

    @Override
    public Set<String> eventTypes() {
        return Set.of("ReportFiled", "InboxOpened");
    }

    @Override
    public List<String> tables() {
        return List.of("report_filing", "inbox_visit");
    }

    @Override
    public void apply(RecordedEvent event, ProjectionWriter writer) {
        Timestamp at = Timestamp.from(event.recordedAt());
        switch (event.type()) {
            case "ReportFiled" -> {
                ReportFiled f = event.payloadAs(ReportFiled.class);
                writer.write("insert into report_filing (order_id, version, requester_ods, filed_by, filed_at) values (?, ?, ?, ?, ?)",
                        f.orderId(), f.version(), f.requesterOds(), f.filedBy(), at);
            }
            case "InboxOpened" -> writer.write("""
                            insert into inbox_visit (principal, seen_at) values (?, ?)
                            on conflict (principal) do update set seen_at = excluded.seen_at""",
                    event.payloadAs(InboxOpened.class).principal(), at);
            default -> throw new IllegalArgumentException("InboxProjection does not keep " + event.type());
        }
    }
}
