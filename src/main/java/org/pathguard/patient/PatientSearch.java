package org.pathguard.patient;

import org.pathguard.access.Actor;
import org.pathguard.access.PatientReads;
import org.pathguard.lab.LabRuleViolation;
import org.pathguard.lab.NhsNumber;
import org.springframework.stereotype.Service;

import java.util.List;
import java.util.UUID;

/**
 * Exact-match search by NHS number or hospital number (through blind indexes), for the API and the
 * screens: the lookup is recorded, and every patient found passes the read gate before it is opened.
 */
@Service
public class PatientSearch {

    private final PatientRegistry registry;
    private final PatientReads reads;

    PatientSearch(PatientRegistry registry, PatientReads reads) {
        this.registry = registry;
        this.reads = reads;
    }

    public List<Patient> find(Actor actor, String nhsNumber, String hospitalNumber) {
        if (nhsNumber != null && !nhsNumber.isBlank()) {
            NhsNumber nhs = NhsNumber.parse(nhsNumber);
            reads.lookedUp(actor, nhs.value());
            return registry.findIdByNhsNumber(nhs).map(id -> {
                reads.patient(actor, id, "demographics");
                return registry.get(id);
            }).stream().toList();
        }
        if (hospitalNumber != null && !hospitalNumber.isBlank()) {
            String number = hospitalNumber.strip();
            reads.lookedUp(actor, number);
            List<UUID> found = registry.findIdsByHospitalNumber(number);
            reads.patients(actor, found, "demographics");
            return found.stream().map(registry::get).toList();
        }
        throw new LabRuleViolation("missing-search-term", "Search needs nhsNumber or hospitalNumber; listing all patients is not offered");
    }
}
