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
    private final PatientRecords records;

    PatientController(PatientRegistry registry, PatientReads reads, PatientSearch patientSearch, PatientRecords records) {
        this.registry = registry;
        this.records = records;
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

    /** A lab manager corrects what was wrong in the record, saying why; a POST, so no value travels in a URL. */
    @PostMapping("/{id}/correction")
    Patient correct(Actor actor, @PathVariable UUID id, @RequestBody RecordChanges.Correction correction) {
        return records.correct(actor, id, correction);
    }

    record MergeRequest(UUID survivorId, RecordChanges.NhsNumberInError nhsNumberInError, String reason) {
    }

    /** Merges this (duplicate) record into {@code survivorId}; answers with the surviving record. */
    @PostMapping("/{id}/merge")
    Patient merge(Actor actor, @PathVariable UUID id, @RequestBody MergeRequest merge) {
        return records.merge(actor, id, merge.survivorId(), merge.nhsNumberInError(), merge.reason());
    }

    @GetMapping("/{id}/changes")
    List<PatientChange> changes(Actor actor, @PathVariable UUID id) {
        return records.changes(actor, id);
    }

    record Search(String nhsNumber, String hospitalNumber) {
    }

    /** A POST, so the identifier travels in the body, never in a URL that access logs and proxies record. */
    @PostMapping("/search")
    List<Patient> search(Actor actor, @RequestBody Search search) {
        return patientSearch.find(actor, search.nhsNumber(), search.hospitalNumber());
    }
}
