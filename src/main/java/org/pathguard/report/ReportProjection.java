package org.pathguard.report;

import org.pathguard.crypto.FieldCipher;
import org.pathguard.eventlog.Projection;
import org.pathguard.eventlog.RecordedEvent;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.util.List;
import java.util.Set;
import java.util.UUID;

@Component
class ReportProjection implements Projection {

    private final JdbcClient db;
    private final FieldCipher cipher;

    ReportProjection(JdbcClient db, FieldCipher cipher) {
        this.db = db;
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
    public void apply(RecordedEvent event) {
        ReportReleased r = event.payloadAs(ReportReleased.class);
        db.sql("""
                        insert into report (order_id, version, released_at, released_by, amended, content)
                        values (?, ?, ?, ?, ?, ?)""")
                .params(r.orderId(), r.version(), Timestamp.from(event.recordedAt()), event.actor(), r.amended(),
                        cipher.sealJson(r.content(), contentBinding(r.orderId(), r.version())))
                .update();
        db.sql("update lab_order set reported_at = coalesce(reported_at, ?) where id = ?")
                .params(Timestamp.from(event.recordedAt()), r.orderId()).update();
    }

    static String contentBinding(UUID orderId, int version) {
        return FieldCipher.field("report", "content", orderId + "/" + version);
    }
}
