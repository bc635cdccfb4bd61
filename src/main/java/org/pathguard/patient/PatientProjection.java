package org.pathguard.patient;

import org.pathguard.crypto.BlindIndex;
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

/** The patient table: blind indexes for lookup, demographics sealed to their row. */
@Component
class PatientProjection implements Projection {

    static final String NHS_NUMBER = "nhs-number";
    static final String HOSPITAL_NUMBER = "hospital-number";

    private final FieldCipher cipher;
    private final BlindIndex index;

    PatientProjection(FieldCipher cipher, BlindIndex index) {
        this.cipher = cipher;
        this.index = index;
    }

    @Override
    public Set<String> eventTypes() {
        return Set.of("PatientRegistered", "PatientCorrected", "PatientsMerged");
    }

    @Override
    public List<String> tables() {
        return List.of("patient_change", "patient");
    }

    @Override
    public void apply(RecordedEvent event, ProjectionWriter writer) {
        Timestamp at = Timestamp.from(event.recordedAt());
        if (event.type().equals("PatientCorrected")) {
            PatientCorrected c = event.payloadAs(PatientCorrected.class);
            Patient patient = c.patient();
            // Blind indexes and the sealed record are written anew: a search by the wrong value finds nothing now.
            if (writer.writeNow("""
                            update patient set nhs_index = ?, hospital_index = ?, test_patient = ?, demographics = ?
                            where id = ? and merged_into is null""",
                    index.of(NHS_NUMBER, patient.nhsNumber()),
                    patient.hospitalNumber() == null ? null : index.of(HOSPITAL_NUMBER, patient.hospitalNumber()),
                    patient.testPatient(), cipher.sealJson(patient, demographicsBinding(patient.id())), patient.id()) == 0) {
                throw new Conflict("Patient " + patient.id() + " was merged into another record a moment ago; nothing was corrected");
            }
            change(writer, event, c.patientId(), "CORRECTED", null, String.join(",", c.fields()), c.reason(), at);
            return;
        }
        if (event.type().equals("PatientsMerged")) {
            PatientsMerged m = event.payloadAs(PatientsMerged.class);
            // The duplicate keeps its sealed history but no number to be found by: its NHS number was the wrong one, or the
            // survivor's own. Only a survivor not itself merged takes it.
            if (writer.writeNow("""
                            update patient set merged_into = ?, merged_at = ?, nhs_index = null, hospital_index = null
                            where id = ? and merged_into is null
                              and exists (select 1 from patient s where s.id = ? and s.merged_into is null)""",
                    m.survivorId(), at, m.duplicateId(), m.survivorId()) == 0) {
                throw new Conflict("Patient " + m.duplicateId() + " or " + m.survivorId() + " was merged a moment ago; nothing was merged");
            }
            change(writer, event, m.duplicateId(), "MERGED_INTO", m.survivorId(), null, m.reason(), at);
            change(writer, event, m.survivorId(), "MERGED_FROM", m.duplicateId(), null, m.reason(), at);
            return;
        }
        PatientRegistered p = event.payloadAs(PatientRegistered.class);
        Patient patient = new Patient(p.patientId(), p.nhsNumber(), p.hospitalNumber(), p.familyName(),
                p.givenName(), p.dateOfBirth(), p.sex(), p.postcode(), p.testPatient());
        writer.write("""
                        insert into patient (id, nhs_index, hospital_index, test_patient, demographics, registered_at)
                        values (?, ?, ?, ?, ?, ?)""",
                p.patientId(), index.of(NHS_NUMBER, p.nhsNumber()),
                p.hospitalNumber() == null ? null : index.of(HOSPITAL_NUMBER, p.hospitalNumber()),
                p.testPatient(), cipher.sealJson(patient, demographicsBinding(p.patientId())),
                Timestamp.from(event.recordedAt()));
    }

    private void change(ProjectionWriter writer, RecordedEvent event, Object patientId, String kind, Object other, String fields,
                        String reason, Timestamp at) {
        writer.write("""
                        insert into patient_change (event_sequence, patient_id, kind, other_patient_id, fields, reason, changed_by, changed_at)
                        values (?, ?, ?, ?, ?, ?, ?, ?)""",
                event.sequence(), patientId, kind, other, fields,
                cipher.seal(reason.getBytes(StandardCharsets.UTF_8), changeReasonBinding(event.sequence(), patientId)),
                event.actor(), at);
    }

    /** A reason may name the person ("twin sister's form"), so it is sealed to its row. */
    static String changeReasonBinding(long sequence, Object patientId) {
        return FieldCipher.field("patient_change", "reason", sequence + "/" + patientId);
    }

    static String demographicsBinding(Object patientId) {
        return FieldCipher.field("patient", "demographics", patientId);
    }
}
