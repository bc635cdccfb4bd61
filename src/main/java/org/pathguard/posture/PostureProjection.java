package org.pathguard.posture;

import org.pathguard.eventlog.Projection;
import org.pathguard.eventlog.ProjectionWriter;
import org.pathguard.eventlog.RecordedEvent;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.util.List;
import java.util.Set;

/** Attestations and evidence packs as rows, keyed by their event's sequence so a rebuild writes the same rows. */
@Component
class PostureProjection implements Projection {

    @Override
    public Set<String> eventTypes() {
        return Set.of("PostureAttested", "EvidencePackMade");
    }

    @Override
    public List<String> tables() {
        return List.of("posture_attestation", "posture_evidence_pack");
    }

    @Override
    public void apply(RecordedEvent event, ProjectionWriter writer) {
        Timestamp at = Timestamp.from(event.recordedAt());
        switch (event.type()) {
            case "PostureAttested" -> {
                PostureAttested a = event.payloadAs(PostureAttested.class);
                writer.writeNow("""
                                insert into posture_attestation (sequence, indicator_id, evidence, statement, attested_by, attested_at)
                                values (?, ?, ?, ?, ?, ?)""",
                        event.sequence(), a.indicatorId(), a.evidence(), a.statement(), event.actor(), at);
            }
            case "EvidencePackMade" -> {
                EvidencePackMade p = event.payloadAs(EvidencePackMade.class);
                writer.writeNow("""
                                insert into posture_evidence_pack (sequence, json_sha256, pdf_sha256, key_fingerprint, made_by, made_at)
                                values (?, ?, ?, ?, ?, ?)""",
                        event.sequence(), p.jsonSha256(), p.pdfSha256(), p.keyFingerprint(), event.actor(), at);
            }
            default -> throw new IllegalArgumentException("Unexpected event " + event.type());
        }
    }
}
