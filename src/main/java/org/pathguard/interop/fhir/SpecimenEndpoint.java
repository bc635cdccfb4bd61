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
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Specimen;
import org.pathguard.order.LabOrder;
import org.pathguard.order.OrderDesk;
import org.pathguard.specimen.SpecimenReception;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;

/** Specimen: read; search by patient, status, type and collection date. */
@Component
class SpecimenEndpoint implements IResourceProvider {

    private final SpecimenReception specimens;
    private final OrderDesk orders;
    private final FhirRequests requests;
    private final LabResources resources;

    SpecimenEndpoint(SpecimenReception specimens, OrderDesk orders, FhirRequests requests, LabResources resources) {
        this.specimens = specimens;
        this.orders = orders;
        this.requests = requests;
        this.resources = resources;
    }

    @Override
    public Class<Specimen> getResourceType() {
        return Specimen.class;
    }

    @Read
    public Specimen read(@IdParam IdType id, RequestDetails details) {
        var actor = FhirRequests.actor(details);
        var specimen = specimens.byId(FhirRequests.id(id.getIdPart(), "Specimen"));
        requests.reads().orderId(actor, specimen.orderId(), "Specimen");
        return resources.specimen(specimen, orders.byId(specimen.orderId()));
    }

    @Search
    public List<Specimen> search(@OptionalParam(name = Specimen.SP_PATIENT) ReferenceParam patient,
                                 @OptionalParam(name = Specimen.SP_SUBJECT) ReferenceParam subject,
                                 @OptionalParam(name = Specimen.SP_STATUS) TokenParam status,
                                 @OptionalParam(name = Specimen.SP_TYPE) TokenParam type,
                                 @OptionalParam(name = Specimen.SP_COLLECTED) DateRangeParam collected,
                                 RequestDetails details) {
        List<Specimen> found = new ArrayList<>();
        requests.readablePatient(details, patient, subject, "Specimen").ifPresent(patientId -> {
            for (LabOrder order : orders.forPatient(patientId)) {
                for (var s : specimens.forOrder(order.id())) {
                    Specimen resource = resources.specimen(s, order);
                    boolean typeMatches = type == null || resource.getType().getCoding().stream()
                            .anyMatch(c -> FhirRequests.matches(type, c.getSystem(), c.getCode()));
                    if (FhirRequests.matches(status, null, resource.getStatus().toCode()) && typeMatches
                            && FhirRequests.within(collected, s.collectedAt())) {
                        found.add(resource);
                    }
                }
            }
        });
        return found;
    }
}
