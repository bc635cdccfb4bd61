package org.pathguard.patient;

import org.pathguard.access.Actor;
import org.pathguard.access.PatientReads;
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

    private final PatientSearch patientSearch;

    PatientController(PatientRegistry registry, PatientReads reads, PatientSearch patientSearch) {
        this.registry = registry;
        this.reads = reads;
        this.patientSearch = patientSearch;
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

    /** A POST, so the identifier travels in the body, never in a URL that access logs and proxies record. */
    @PostMapping("/search")
    List<Patient> search(Actor actor, @RequestBody Search search) {
        return patientSearch.find(actor, search.nhsNumber(), search.hospitalNumber());
    }
}
