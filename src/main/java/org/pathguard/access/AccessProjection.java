package org.pathguard.access;

import org.pathguard.crypto.FieldCipher;
import org.pathguard.eventlog.Projection;
import org.pathguard.eventlog.ProjectionWriter;
import org.pathguard.eventlog.RecordedEvent;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.util.List;
import java.util.Set;

/**
 * Patient reads (what budgets and pattern checks count, what the auditor reviews), access alerts,
 * and refused identifications (what the guessing throttle counts).
 */
@Component
class AccessProjection implements Projection {

    /** Alerts that tell the privacy officer of an administrative act without casting doubt on whoever did it. */
    static final Set<String> NOTICES = Set.of("ACCOUNT_INVITED", "CREDENTIAL_ISSUED", "ROUTE_PROPOSED", "ROUTE_CHANGED",
            "DESTINATION_ALLOWED", "DESTINATION_WITHDRAWN", "HL7_SENDER_CHANGED", "ACCOUNT_UNLOCKED", "ACCOUNT_DISABLED",
            "ACCOUNT_ENABLED", "ACCOUNT_ROLE_CHANGED", "AUTHENTICATOR_RESET", "INVITATION_RENEWED", "ACCOUNT_CHANGE_PROPOSED", "ACCOUNT_CHANGE_REFUSED",
            "PATIENT_CORRECTED", "PATIENTS_MERGED");

    private final FieldCipher cipher;

    AccessProjection(FieldCipher cipher) {
        this.cipher = cipher;
    }

    @Override
    public Set<String> eventTypes() {
        return Set.of("PatientDataRead", "AccessAlertRaised", "PatientIdentificationRefused", "AccessAlertReviewed", "ReadsLookedUp",
                "BreakGlassReviewed");
    }

    @Override
    public List<String> tables() {
        return List.of("patient_read", "access_alert", "identification_refusal", "access_alert_note", "reads_lookup",
                "break_glass_review");
    }

    @Override
    public void apply(RecordedEvent event, ProjectionWriter writer) {
        Timestamp at = Timestamp.from(event.recordedAt());
        if (event.type().equals("AccessAlertRaised")) {
            AccessAlertRaised e = event.payloadAs(AccessAlertRaised.class);
            writer.write("insert into access_alert (event_sequence, principal, kind, detail, raised_at) values (?, ?, ?, ?, ?)",
                    event.sequence(), e.principal(), e.kind(), e.detail(), at);
            if (!NOTICES.contains(e.kind())) {
                writer.write("update account set flagged_for_review = true where username = ?", e.principal());
            }
            return;
        }
        if (event.type().equals("AccessAlertReviewed")) {
            AccessAlertReviewed e = event.payloadAs(AccessAlertReviewed.class);
            writer.write("insert into access_alert_note (event_sequence, alert_sequence, reviewer, note, outcome, noted_at) values (?, ?, ?, ?, ?, ?)",
                    event.sequence(), e.alertSequence(), event.actor(), e.note(), e.outcome() == null ? null : e.outcome().name(), at);
            if (e.outcome() != null) {
                writer.write("update access_alert set outcome = ?, closed_by = ?, closed_at = ? where event_sequence = ?",
                        e.outcome().name(), event.actor(), at, e.alertSequence());
                // Reviewed and found to be work (or nothing more to do): the account is no longer under review once none of
                // its alerts is open. A referral keeps it flagged.
                if (e.outcome() != AlertOutcome.INVESTIGATED_REFERRED) {
                    writer.write("""
                                    update account set flagged_for_review = false
                                    where username = (select principal from access_alert where event_sequence = ?)
                                      and not exists (select 1 from access_alert a where a.principal = account.username
                                                      and a.closed_at is null and a.kind <> all(?))""",
                            e.alertSequence(), NOTICES.toArray(String[]::new));
                }
            }
            return;
        }
        if (event.type().equals("BreakGlassReviewed")) {
            BreakGlassReviewed e = event.payloadAs(BreakGlassReviewed.class);
            writer.write("""
                            insert into break_glass_review (read_sequence, event_sequence, reviewer, outcome, note, reviewed_at)
                            values (?, ?, ?, ?, ?, ?)""",
                    e.readSequence(), event.sequence(), principal(event.actor()), e.outcome().name(),
                    e.note() == null ? null : cipher.seal(e.note().getBytes(StandardCharsets.UTF_8), reviewNoteBinding(e.readSequence())), at);
            return;
        }
        if (event.type().equals("ReadsLookedUp")) {
            writer.write("insert into reads_lookup (event_sequence, principal, patient_id, looked_up_at) values (?, ?, ?, ?)",
                    event.sequence(), principal(event.actor()), event.payloadAs(ReadsLookedUp.class).patientId(), at);
            return;
        }
        if (event.type().equals("PatientIdentificationRefused")) {
            PatientIdentificationRefused e = event.payloadAs(PatientIdentificationRefused.class);
            writer.write("insert into identification_refusal (event_sequence, principal, patient_id, refused_at) values (?, ?, ?, ?)",
                    event.sequence(), e.principal(), e.patientId(), at);
            return;
        }
        PatientDataRead e = event.payloadAs(PatientDataRead.class);
        byte[] breakGlass = e.breakGlass() == null ? null
                : cipher.seal(e.breakGlass().getBytes(StandardCharsets.UTF_8), breakGlassBinding(event.sequence()));
        for (PatientDataRead.Read read : e.reads()) {
            writer.write("""
                            insert into patient_read (event_sequence, principal, patient_id, read_at, what, reason, break_glass)
                            values (?, ?, ?, ?, ?, ?, ?)""",
                    event.sequence(), e.principal(), read.patientId(), at, e.what(), read.reason().name(),
                    read.reason() == ReadPolicy.Reason.BREAK_GLASS ? breakGlass : null);
        }
    }

    /** The person in an event's actor ("name/ROLE"). */
    private static String principal(String actor) {
        int slash = actor.lastIndexOf('/');
        return slash < 0 ? actor : actor.substring(0, slash);
    }

    static String reviewNoteBinding(long readSequence) {
        return FieldCipher.field("break_glass_review", "note", readSequence);
    }

    static String breakGlassBinding(long sequence) {
        return FieldCipher.field("patient_read", "break_glass", sequence);
    }
}
