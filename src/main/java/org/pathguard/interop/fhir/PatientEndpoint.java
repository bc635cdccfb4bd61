package org.pathguard.interop.fhir;

import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.RequiredParam;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Patient;
import org.pathguard.patient.PatientRegistry;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.UUID;

/** Patient: read, and search by NHS number. */
@Component
class PatientEndpoint implements IResourceProvider {

    private final PatientRegistry patients;
    private final FhirRequests requests;
    private final LabResources resources;

    PatientEndpoint(PatientRegistry patients, FhirRequests requests, LabResources resources) {
        this.patients = patients;
        this.requests = requests;
        this.resources = resources;
    }

    @Override
    public Class<Patient> getResourceType() {
        return Patient.class;
    }

    @Read
    public Patient read(@IdParam IdType id, RequestDetails request) {
        UUID patientId = FhirRequests.id(id.getIdPart(), "Patient");
        requests.reads().patient(FhirRequests.actor(request), patientId, "Patient");
        return resources.patient(patients.get(patientId));
    }

    @Search
    public List<Patient> byIdentifier(@RequiredParam(name = Patient.SP_IDENTIFIER) TokenParam identifier, RequestDetails request) {
        var actor = FhirRequests.actor(request);
        if (identifier == null || identifier.getValue() == null || identifier.getValue().isBlank()) {
            throw new InvalidRequestException("Search by identifier=" + UkCore.NHS_NUMBER + "|NHS-NUMBER");
        }
        requests.reads().lookedUp(actor, identifier.getValue());
        return requests.byNhsNumber(identifier.getSystem(), identifier.getValue()).map(id -> {
            requests.reads().patient(actor, id, "Patient");
            return List.of(resources.patient(patients.get(id)));
        }).orElse(List.of());
    }
}
