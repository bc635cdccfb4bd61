package org.pathguard.patient;

import org.pathguard.access.Actor;
import org.pathguard.access.PatientReads;
import org.pathguard.lab.LabRuleViolation;
import org.pathguard.lab.NhsNumber;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;
import java.util.UUID;

@RestController
@RequestMapping("/api/patients")
class PatientController {

    private final PatientRegistry registry;
    private final PatientReads reads;

    PatientController(PatientRegistry registry, PatientReads reads) {
        this.registry = registry;
        this.reads = reads;
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    Patient register(Actor actor, @RequestBody Registration registration) {
        return registry.register(actor, registration);
    }

    @GetMapping("/{id}")
    Patient get(Actor actor, @PathVariable UUID id) {
        reads.patient(actor, id, "demographics");
        return registry.get(id);
    }

    record Search(String nhsNumber, String hospitalNumber) {
    }

    /**
     * Exact-match search by NHS number or hospital number (through blind indexes). A POST, so the
     * identifier travels in the body, never in a URL that access logs and proxies record.
     */
    @PostMapping("/search")
    List<Patient> search(Actor actor, @RequestBody Search search) {
        if (search.nhsNumber() != null) {
            NhsNumber nhs = NhsNumber.parse(search.nhsNumber());
            reads.lookedUp(actor, nhs.value());
            return registry.findIdByNhsNumber(nhs).map(id -> {
                reads.patient(actor, id, "demographics");
                return registry.get(id);
            }).stream().toList();
        }
        if (search.hospitalNumber() != null) {
            reads.lookedUp(actor, search.hospitalNumber());
            List<UUID> found = registry.findIdsByHospitalNumber(search.hospitalNumber());
            reads.patients(actor, found, "demographics");
            return found.stream().map(registry::get).toList();
        }
        throw new LabRuleViolation("missing-search-term", "Search needs nhsNumber or hospitalNumber; listing all patients is not offered");
    }
}
