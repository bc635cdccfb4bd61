package org.pathguard.export;

import org.pathguard.crypto.FieldCipher;
import org.pathguard.eventlog.Projection;
import org.pathguard.eventlog.ProjectionWriter;
import org.pathguard.eventlog.RecordedEvent;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.util.List;
import java.util.Set;

/** The export register: who asked for what, who decided, and each file's fingerprint and digest. */
@Component
class ExportProjection implements Projection {

    private final FieldCipher cipher;

    ExportProjection(FieldCipher cipher) {
        this.cipher = cipher;
    }

    @Override
    public Set<String> eventTypes() {
        return Set.of("ExportRequested", "ExportDecided", "ExportProduced");
    }

    @Override
    public List<String> tables() {
        return List.of("data_export");
    }

    @Override
    public void apply(RecordedEvent event, ProjectionWriter writer) {
        Timestamp at = Timestamp.from(event.recordedAt());
        switch (event.type()) {
            case "ExportRequested" -> {
                ExportRequested e = event.payloadAs(ExportRequested.class);
                // Pseudonymised lists need no second person: they are approved as they are asked for.
                writer.write("""
                                insert into data_export (id, requested_by, requested_at, identifiable, query, purpose, state)
                                values (?, ?, ?, ?, ?, ?, ?)""",
                        e.exportId(), event.actor(), at, e.identifiable(), cipher.sealJson(e.query(), queryBinding(e.exportId())),
                        cipher.seal(e.query().purpose().getBytes(java.nio.charset.StandardCharsets.UTF_8), purposeBinding(e.exportId())),
                        e.identifiable() ? "AWAITING_APPROVAL" : "APPROVED");
            }
            case "ExportDecided" -> {
                ExportDecided e = event.payloadAs(ExportDecided.class);
                writer.write("update data_export set state = ?, decided_by = ?, decided_at = ? where id = ?",
                        e.approved() ? "APPROVED" : "REFUSED", event.actor(), at, e.exportId());
            }
            case "ExportProduced" -> {
                ExportProduced e = event.payloadAs(ExportProduced.class);
                writer.write("""
                                update data_export set state = 'PRODUCED', fingerprint = ?, file_sha256 = ?, produced_at = ?,
                                       patient_count = ? where id = ?""",
                        e.fingerprint(), e.sha256(), at, e.patientIds().size(), e.exportId());
            }
            default -> throw new IllegalArgumentException(event.type());
        }
    }

    static String queryBinding(Object exportId) {
        return FieldCipher.field("data_export", "query", exportId);
    }

    static String purposeBinding(Object exportId) {
        return FieldCipher.field("data_export", "purpose", exportId);
    }
}
