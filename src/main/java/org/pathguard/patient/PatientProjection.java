package org.pathguard.patient;

import org.pathguard.crypto.BlindIndex;
import org.pathguard.crypto.FieldCipher;
import org.pathguard.eventlog.Projection;
import org.pathguard.eventlog.ProjectionWriter;
import org.pathguard.eventlog.RecordedEvent;
import org.springframework.stereotype.Component;

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
        return Set.of("PatientRegistered");
    }

    @Override
    public List<String> tables() {
        return List.of("patient");
    }

    @Override
    public void apply(RecordedEvent event, ProjectionWriter writer) {
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

    static String demographicsBinding(Object patientId) {
        return FieldCipher.field("patient", "demographics", patientId);
    }
}
