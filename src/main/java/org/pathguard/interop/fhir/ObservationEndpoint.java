package org.pathguard.interop.fhir;

import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.OptionalParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.param.DateRangeParam;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Observation;
import org.pathguard.result.LabResult;
import org.pathguard.result.Results;
import org.pathguard.specimen.SpecimenReception;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.UUID;

/**
 * Observation: released lab results only (final or amended). Results still waiting for a scientist
 * are not given to requesters' systems.
 */
@Component
class ObservationEndpoint implements IResourceProvider {

    private final Results results;
    private final SpecimenReception specimens;
    private final FhirRequests requests;
    private final LabResources resources;

    ObservationEndpoint(Results results, SpecimenReception specimens, FhirRequests requests, LabResources resources) {
        this.results = results;
        this.specimens = specimens;
        this.requests = requests;
        this.resources = resources;
    }

    @Override
    public Class<Observation> getResourceType() {
        return Observation.class;
    }

    @Read
    public Observation read(@IdParam IdType id, RequestDetails details) {
        UUID resultId = FhirRequests.id(id.getIdPart(), "Observation");
        requests.reads().result(FhirRequests.actor(details), resultId, "Observation");
        LabResult result = results.byId(resultId);
        if (!LabResources.reportable(result)) {
            throw new ResourceNotFoundException("Observation/" + id.getIdPart() + " is not released");
        }
        return resources.observation(result, specimens.byId(result.specimenId()));
    }

    @Search
    public List<Observation> search(@OptionalParam(name = Observation.SP_PATIENT) ReferenceParam patient,
                                    @OptionalParam(name = Observation.SP_SUBJECT) ReferenceParam subject,
                                    @OptionalParam(name = Observation.SP_STATUS) TokenParam status,
                                    @OptionalParam(name = Observation.SP_CATEGORY) TokenParam category,
                                    @OptionalParam(name = Observation.SP_CODE) TokenParam code,
                                    @OptionalParam(name = Observation.SP_DATE) DateRangeParam date,
                                    RequestDetails details) {
        FhirRequests.actor(details);
        if (!FhirRequests.matches(category, UkCore.OBSERVATION_CATEGORY, "laboratory")) {
            return List.of();
        }
        return requests.readablePatient(details, patient, subject, "Observation").map(patientId -> results.reportableForPatient(patientId).stream()
                .map(r -> resources.observation(r, specimens.byId(r.specimenId())))
                .filter(o -> FhirRequests.matches(status, null, o.getStatus().toCode()))
                .filter(o -> code == null || o.getCode().getCoding().stream()
                        .anyMatch(c -> FhirRequests.matches(code, c.getSystem(), c.getCode())))
                .filter(o -> FhirRequests.within(date, o.getEffectiveDateTimeType().getValue().toInstant()))
                .toList()).orElse(List.of());
    }
}
