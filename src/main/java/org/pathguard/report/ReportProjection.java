package org.pathguard.report;

import org.pathguard.crypto.FieldCipher;
import org.pathguard.eventlog.Projection;
import org.pathguard.eventlog.ProjectionWriter;
import org.pathguard.eventlog.RecordedEvent;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.util.List;
import java.util.Set;
import java.util.UUID;

@Component
class ReportProjection implements Projection {

    private final FieldCipher cipher;

    ReportProjection(FieldCipher cipher) {
        this.cipher = cipher;
    }

    @Override
    public Set<String> eventTypes() {
        return Set.of("ReportReleased");
    }

    @Override
    public List<String> tables() {
        return List.of("report");
    }

    @Override
    public void apply(RecordedEvent event, ProjectionWriter writer) {
        ReportReleased r = event.payloadAs(ReportReleased.class);
        // A version row nothing else in the transaction reads: batched with the group's others at the end (its key on
        // order and version still refuses a second release of the same version before COMMIT).
        writer.writeAtEnd("""
                        insert into report (order_id, version, released_at, released_by, amended, content)
                        values (?, ?, ?, ?, ?, ?)""",
                r.orderId(), r.version(), Timestamp.from(event.recordedAt()), event.actor(), r.amended(),
                cipher.sealJson(r.content(), contentBinding(r.orderId(), r.version())));
        writer.write("update lab_order set reported_at = coalesce(reported_at, ?) where id = ?",
                Timestamp.from(event.recordedAt()), r.orderId());
    }

    static String contentBinding(UUID orderId, int version) {
        return FieldCipher.field("report", "content", orderId + "/" + version);
    }
}
