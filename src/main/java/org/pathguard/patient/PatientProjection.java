package org.pathguard.patient;

import org.pathguard.breach.detect.Names;
import org.pathguard.crypto.BlindIndex;
import org.pathguard.crypto.FieldCipher;
import org.pathguard.eventlog.Projection;
import org.pathguard.eventlog.ProjectionWriter;
import org.pathguard.eventlog.RecordedEvent;
import org.pathguard.lab.Conflict;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The patient table: blind indexes for lookup (the breach scan's among them), the shape of the hospital number,
 * demographics sealed to their row.
 */
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
        return Set.of("PatientRegistered", "PatientCorrected", "PatientsMerged", "BreachIndexBuilt");
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
                            update patient set nhs_index = ?, hospital_index = ?, test_patient = ?, demographics = ?,
                                               family_birth_index = ?, name_index = ?, hospital_shape = ?
                            where id = ? and merged_into is null""",
                    index.of(NHS_NUMBER, patient.nhsNumber()),
                    patient.hospitalNumber() == null ? null : index.of(HOSPITAL_NUMBER, patient.hospitalNumber()),
                    patient.testPatient(), cipher.sealJson(patient, demographicsBinding(patient.id())),
                    familyBirthIndex(index, patient.familyName(), patient.dateOfBirth()),
                    nameIndex(index, patient.familyName(), patient.givenName()), hospitalNumberShape(patient.hospitalNumber()),
                    patient.id()) == 0) {
                throw new Conflict("Patient " + patient.id() + " was merged into another record a moment ago; nothing was corrected");
            }
            change(writer, event, c.patientId(), "CORRECTED", null, String.join(",", c.fields()), c.reason(), at);
            return;
        }
        if (event.type().equals("PatientsMerged")) {
            PatientsMerged m = event.payloadAs(PatientsMerged.class);
            // The duplicate keeps its sealed history but no number to be found by: its NHS number was the wrong one, or the
            // survivor's own. Only a survivor not itself merged takes it. Nor is it found by name in a breach scan: the
            // survivor is.
            if (writer.writeNow("""
                            update patient set merged_into = ?, merged_at = ?, nhs_index = null, hospital_index = null,
                                               family_birth_index = null, name_index = null, hospital_shape = null
                            where id = ? and merged_into is null
                              and exists (select 1 from patient s where s.id = ? and s.merged_into is null)""",
                    m.survivorId(), at, m.duplicateId(), m.survivorId()) == 0) {
                throw new Conflict("Patient " + m.duplicateId() + " or " + m.survivorId() + " was merged a moment ago; nothing was merged");
            }
            change(writer, event, m.duplicateId(), "MERGED_INTO", m.survivorId(), null, m.reason(), at);
            change(writer, event, m.survivorId(), "MERGED_FROM", m.duplicateId(), null, m.reason(), at);
            return;
        }
        if (event.type().equals("BreachIndexBuilt")) {
            // Only a patient still without the indexes takes them: one corrected or merged since has its own already.
            for (BreachIndexBuilt.Indexed i : event.payloadAs(BreachIndexBuilt.class).patients()) {
                writer.write("""
                                update patient set family_birth_index = ?, name_index = ?, hospital_shape = ?
                                where id = ? and merged_into is null and family_birth_index is null""",
                        i.familyBirthIndex(), i.nameIndex(), i.hospitalShape(), i.patientId());
            }
            return;
        }
        PatientRegistered p = event.payloadAs(PatientRegistered.class);
        Patient patient = new Patient(p.patientId(), p.nhsNumber(), p.hospitalNumber(), p.familyName(),
                p.givenName(), p.dateOfBirth(), p.sex(), p.postcode(), p.testPatient());
        writer.write("""
                        insert into patient (id, nhs_index, hospital_index, test_patient, demographics, registered_at,
                                             family_birth_index, name_index, hospital_shape)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                p.patientId(), index.of(NHS_NUMBER, p.nhsNumber()),
                p.hospitalNumber() == null ? null : index.of(HOSPITAL_NUMBER, p.hospitalNumber()),
                p.testPatient(), cipher.sealJson(patient, demographicsBinding(p.patientId())),
                Timestamp.from(event.recordedAt()), familyBirthIndex(index, p.familyName(), p.dateOfBirth()),
                nameIndex(index, p.familyName(), p.givenName()), hospitalNumberShape(p.hospitalNumber()));
    }

    /** The blind index a breach scan finds the patient by with a family name and a date written near it. */
    static byte[] familyBirthIndex(BlindIndex index, String familyName, LocalDate dateOfBirth) {
        return index.of(Names.FAMILY_AND_BIRTH_DATE, Names.familyAndBirthDate(Names.normalise(familyName), dateOfBirth));
    }

    /** The blind index a breach scan checks a given name written beside the family name against. */
    static byte[] nameIndex(BlindIndex index, String familyName, String givenName) {
        return index.of(Names.FAMILY_AND_GIVEN, Names.familyAndGiven(Names.normalise(familyName), Names.firstGiven(givenName)));
    }

    /**
     * A hospital number's shape: each letter an L, each digit a D ("RX123456" is "LLDDDDDD"). The breach scan looks for
     * numbers of the shapes the registry holds; the shape says nothing of whose number it is.
     */
    static String hospitalNumberShape(String hospitalNumber) {
        if (hospitalNumber == null || hospitalNumber.isBlank()) {
            return null;
        }
        StringBuilder shape = new StringBuilder(hospitalNumber.length());
        for (char c : hospitalNumber.trim().toUpperCase(Locale.ROOT).toCharArray()) {
            shape.append(Character.isDigit(c) ? 'D' : 'L');
        }
        return shape.toString();
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
