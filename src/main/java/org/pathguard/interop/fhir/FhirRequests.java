package org.pathguard.interop.fhir;

import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.param.DateRangeParam;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import org.pathguard.access.Actor;
import org.pathguard.access.PatientReads;
import org.pathguard.web.SignedInActor;
import org.pathguard.lab.NhsNumber;
import org.pathguard.patient.PatientRegistry;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** What every FHIR endpoint needs from a request: who acts, which patient is meant, which ids and dates. */
@Component
class FhirRequests {

    private static final String SEARCH_BY_PATIENT = "Search by patient: patient=Patient/ID, subject=Patient/ID or "
            + "subject:identifier=" + UkCore.NHS_NUMBER + "|NHS-NUMBER";

    private final PatientRegistry patients;
    private final PatientReads reads;

    FhirRequests(PatientRegistry patients, PatientReads reads) {
        this.patients = patients;
        this.reads = reads;
    }

    /** The patient a search names, once the signed-in reader has been allowed to read them (and the read logged). */
    Optional<UUID> readablePatient(RequestDetails details, ReferenceParam patient, ReferenceParam subject, String what) {
        Actor actor = actor(details);
        ReferenceParam reference = patient != null ? patient : subject;
        if (reference != null && reference.getValue() != null && byIdentifier(reference)) {
            String token = reference.getValue();
            reads.lookedUp(actor, token.substring(token.indexOf('|') + 1));
        }
        Optional<UUID> found = patient(patient, subject);
        found.ifPresent(id -> reads.patient(actor, id, what));
        return found;
    }

    /** {@code subject:identifier=} (or {@code subject.identifier=}): HAPI reads the modifier as if it named a resource type. */
    private static boolean byIdentifier(ReferenceParam reference) {
        return "identifier".equals(reference.getChain()) || "identifier".equals(reference.getResourceType());
    }

    PatientReads reads() {
        return reads;
    }

    static Actor actor(RequestDetails request) {
        return SignedInActor.actor(request::getHeader);
    }

    static UUID id(String idPart, String type) {
        try {
            return UUID.fromString(idPart);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new ResourceNotFoundException(type + "/" + idPart + " does not exist");
        }
    }

    /**
     * The patient a search names: {@code patient=Patient/ID}, {@code patient=ID}, {@code subject=Patient/ID}, or by NHS
     * number {@code subject:identifier=https://fhir.nhs.uk/Id/nhs-number|NNNNNNNNNN} (also {@code subject.identifier=}).
     * Searches must name one patient: the lab's data is not listed wholesale.
     */
    Optional<UUID> patient(ReferenceParam patient, ReferenceParam subject) {
        ReferenceParam reference = patient != null ? patient : subject;
        if (reference == null || reference.getMissing() != null || reference.getValue() == null || reference.getValue().isBlank()) {
            throw new InvalidRequestException(SEARCH_BY_PATIENT);
        }
        if (byIdentifier(reference)) {
            String token = reference.getValue();
            int bar = token.indexOf('|');
            return byNhsNumber(bar < 0 ? null : token.substring(0, bar), bar < 0 ? token : token.substring(bar + 1));
        }
        if (reference.hasResourceType() && !"Patient".equals(reference.getResourceType())) {
            throw new InvalidRequestException("The subject must be a Patient");
        }
        try {
            return Optional.of(UUID.fromString(reference.getIdPart()));
        } catch (IllegalArgumentException | NullPointerException e) {
            return Optional.empty();
        }
    }

    Optional<UUID> byNhsNumber(String system, String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidRequestException("Name the patient by NHS number: " + UkCore.NHS_NUMBER + "|NHS-NUMBER");
        }
        if (system != null && !system.isEmpty() && !UkCore.NHS_NUMBER.equals(system)) {
            throw new InvalidRequestException("Patients are identified by NHS number: use the system " + UkCore.NHS_NUMBER);
        }
        return patients.findIdByNhsNumber(NhsNumber.parse(value));
    }

    static boolean within(DateRangeParam range, Instant at) {
        if (range == null) {
            return true;
        }
        if (at == null) {
            return false;
        }
        java.util.Date when = java.util.Date.from(at);
        return (range.getLowerBoundAsInstant() == null || !when.before(range.getLowerBoundAsInstant()))
                && (range.getUpperBoundAsInstant() == null || !when.after(range.getUpperBoundAsInstant()));
    }

    static boolean matches(TokenParam token, String system, String code) {
        return token == null || (code.equalsIgnoreCase(token.getValue())
                && (token.getSystem() == null || token.getSystem().isEmpty() || token.getSystem().equals(system)));
    }
}
