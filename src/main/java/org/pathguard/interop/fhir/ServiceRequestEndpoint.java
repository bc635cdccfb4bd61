package org.pathguard.interop.fhir;

import ca.uhn.fhir.rest.annotation.Create;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.OptionalParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.ResourceParam;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.api.MethodOutcome;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.pathguard.order.LabOrder;
import org.pathguard.order.OrderDesk;
import org.pathguard.report.Reports;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.Map;

/** ServiceRequest: one test of a lab order. Create places an order; read and search by patient and status. */
@Component
class ServiceRequestEndpoint implements IResourceProvider {

    private final OrderDesk orders;
    private final Reports reports;
    private final OrderIntake intake;
    private final OrderPlacement placement;
    private final FhirRequests requests;
    private final LabResources resources;

    ServiceRequestEndpoint(OrderDesk orders, Reports reports, OrderIntake intake, OrderPlacement placement,
                           FhirRequests requests, LabResources resources) {
        this.orders = orders;
        this.reports = reports;
        this.intake = intake;
        this.placement = placement;
        this.requests = requests;
        this.resources = resources;
    }

    @Override
    public Class<ServiceRequest> getResourceType() {
        return ServiceRequest.class;
    }

    @Create
    public MethodOutcome create(@ResourceParam ServiceRequest request, RequestDetails details) {
        var actor = FhirRequests.actor(details);
        OrderIntake.Intake order = intake.prepare(actor, List.of(request), List.of(), Map.of());
        LabOrder placed = placement.place(actor, order);
        ServiceRequest created = forOrder(placed).getFirst();
        return new MethodOutcome(created.getIdElement().withResourceType("ServiceRequest"), true).setResource(created);
    }

    @Read
    public ServiceRequest read(@IdParam IdType id, RequestDetails details) {
        var actor = FhirRequests.actor(details);
        String idPart = id.getIdPart();
        if (idPart.length() < 38 || idPart.charAt(36) != '-') {
            throw new ResourceNotFoundException("ServiceRequest/" + idPart + " does not exist");
        }
        UUID orderId = FhirRequests.id(idPart.substring(0, 36), "ServiceRequest");
        requests.reads().orderId(actor, orderId, "ServiceRequest");
        LabOrder order = orders.byId(orderId);
        return forOrder(order).stream().filter(r -> r.getIdElement().getIdPart().equals(idPart)).findFirst()
                .orElseThrow(() -> new ResourceNotFoundException("ServiceRequest/" + idPart + " does not exist"));
    }

    @Search
    public List<ServiceRequest> search(@OptionalParam(name = ServiceRequest.SP_PATIENT) ReferenceParam patient,
                                       @OptionalParam(name = ServiceRequest.SP_SUBJECT) ReferenceParam subject,
                                       @OptionalParam(name = ServiceRequest.SP_STATUS) TokenParam status,
                                       RequestDetails details) {
        List<ServiceRequest> found = new ArrayList<>();
        requests.readablePatient(details, patient, subject, "ServiceRequest").ifPresent(patientId -> {
            for (LabOrder order : orders.forPatient(patientId)) {
                forOrder(order).stream().filter(r -> FhirRequests.matches(status, null, r.getStatus().toCode())).forEach(found::add);
            }
        });
        return found;
    }

    private List<ServiceRequest> forOrder(LabOrder order) {
        boolean reported = reports.released(order.id());
        String details = orders.clinicalDetails(order.id());
        return order.tests().stream().map(t -> resources.serviceRequest(order, t, reported, details)).toList();
    }

}
