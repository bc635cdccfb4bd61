package org.pathguard.breach;

import org.pathguard.crypto.FieldCipher;
import org.pathguard.eventlog.Projection;
import org.pathguard.eventlog.ProjectionWriter;
import org.pathguard.eventlog.RecordedEvent;
import org.pathguard.lab.Conflict;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.util.List;
import java.util.Set;

/** The privacy officer's scans as jobs, and the notification lists asked for from them. */
@Component
class BreachScanProjection implements Projection {

    private final FieldCipher cipher;

    BreachScanProjection(FieldCipher cipher) {
        this.cipher = cipher;
    }

    @Override
    public Set<String> eventTypes() {
        return Set.of("BreachScanStarted", "BreachScanResumed", "BreachScanFinished", "BreachScanFailed", "BreachScanInterrupted",
                "BreachNotificationListRequested");
    }

    @Override
    public List<String> tables() {
        return List.of("breach_scan", "breach_notification_list");
    }

    @Override
    public void apply(RecordedEvent event, ProjectionWriter writer) {
        Timestamp at = Timestamp.from(event.recordedAt());
        switch (event.type()) {
            case "BreachScanStarted" -> {
                BreachScanStarted e = event.payloadAs(BreachScanStarted.class);
                writer.write("""
                                insert into breach_scan (id, case_reference, paths, started_by, started_at, state)
                                values (?, ?, ?, ?, ?, 'RUNNING')""",
                        e.scanId(), e.caseReference(), e.paths().toArray(String[]::new), event.actor(), at);
            }
            case "BreachScanResumed" -> {
                BreachScanResumed e = event.payloadAs(BreachScanResumed.class);
                expect(writer.writeNow("""
                        update breach_scan set state = 'RUNNING', finished_at = null, failure = null
                        where id = ? and state in ('FAILED', 'INTERRUPTED')""", e.scanId()), "resumed", e.scanId());
            }
            case "BreachScanFinished" -> {
                BreachScanFinished e = event.payloadAs(BreachScanFinished.class);
                expect(writer.writeNow("""
                                update breach_scan set state = 'FINISHED', finished_at = ?, outcome = ?, event_sequence = ?
                                where id = ? and state = 'RUNNING'""",
                        at, cipher.sealJson(e.outcome(), outcomeBinding(e.scanId())), e.outcome().eventSequence(), e.scanId()),
                        "finished", e.scanId());
            }
            case "BreachScanFailed" -> {
                BreachScanFailed e = event.payloadAs(BreachScanFailed.class);
                expect(writer.writeNow("update breach_scan set state = 'FAILED', finished_at = ?, failure = ? where id = ? and state = 'RUNNING'",
                        at, cipher.seal(e.reason().getBytes(StandardCharsets.UTF_8), failureBinding(e.scanId())), e.scanId()),
                        "failed", e.scanId());
            }
            case "BreachScanInterrupted" -> {
                BreachScanInterrupted e = event.payloadAs(BreachScanInterrupted.class);
                expect(writer.writeNow("update breach_scan set state = 'INTERRUPTED', finished_at = ? where id = ? and state = 'RUNNING'",
                        at, e.scanId()), "interrupted", e.scanId());
            }
            case "BreachNotificationListRequested" -> {
                BreachNotificationListRequested e = event.payloadAs(BreachNotificationListRequested.class);
                writer.write("insert into breach_notification_list (export_id, scan_id, requested_by, requested_at) values (?, ?, ?, ?)",
                        e.exportId(), e.scanId(), event.actor(), at);
            }
            default -> throw new IllegalArgumentException(event.type());
        }
    }

    private static void expect(int changed, String what, Object scanId) {
        if (changed == 0) {
            throw new Conflict("Breach scan " + scanId + " cannot be " + what + " from the state it is in");
        }
    }

    static String outcomeBinding(Object scanId) {
        return FieldCipher.field("breach_scan", "outcome", scanId);
    }

    static String failureBinding(Object scanId) {
        return FieldCipher.field("breach_scan", "failure", scanId);
    }
}
