package org.pathguard.interop.fhir;

import ca.uhn.fhir.rest.annotation.Transaction;
import ca.uhn.fhir.rest.annotation.TransactionParam;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Specimen;
import org.pathguard.lab.LabRuleViolation;
import org.pathguard.order.LabOrder;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A transaction Bundle that places an order in one step: its ServiceRequests (one per test), the
 * Specimens taken for them and, optionally, the Patient (matched by NHS number or registered). All
 * of it is one append, or nothing.
 */
@Component
@ConditionalOnProperty(name = "pathguard.mode", havingValue = "lab", matchIfMissing = true)
class OrderTransaction implements OrderDoor {

    private final OrderIntake intake;
    private final OrderPlacement placement;
    private final LabResources resources;

    OrderTransaction(OrderIntake intake, OrderPlacement placement, LabResources resources) {
        this.intake = intake;
        this.placement = placement;
        this.resources = resources;
    }

    @Transaction
    public Bundle transaction(@TransactionParam Bundle bundle, RequestDetails details) {
        var actor = FhirRequests.actor(details);
        if (bundle == null || bundle.getType() != Bundle.BundleType.TRANSACTION) {
            throw new LabRuleViolation("invalid-bundle", "Bundle.type must be transaction");
        }
        List<ServiceRequest> requests = new ArrayList<>();
        List<Specimen> taken = new ArrayList<>();
        Map<String, Patient> patientsByFullUrl = new HashMap<>();
        for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
            Resource resource = entry.getResource();
            if (entry.getRequest().getMethod() != Bundle.HTTPVerb.POST) {
                throw new LabRuleViolation("unsupported-entry", "Each entry must be a POST (create)");
            }
            switch (resource) {
                case ServiceRequest r -> requests.add(r);
                case Specimen s -> taken.add(s);
                case Patient p -> patientsByFullUrl.put(entry.getFullUrl(), p);
                case null -> throw new LabRuleViolation("unsupported-entry", "An entry has no resource");
                default -> throw new LabRuleViolation("unsupported-entry", "A transaction places an order: it may carry "
                        + "ServiceRequest, Specimen and Patient entries, not " + resource.fhirType());
            }
        }
        for (Specimen s : taken) {
            // A tube is taken from the patient it is ordered for: one naming anyone else is a tube of another patient.
            if (s.hasSubject() && !requests.isEmpty() && !sameSubject(s.getSubject(), requests.getFirst().getSubject())) {
                throw new LabRuleViolation("mixed-order", "Specimen.subject names another patient than ServiceRequest.subject: "
                        + "a tube is the patient's it is ordered for; nothing was recorded");
            }
            for (Reference request : s.getRequest()) {
                if (requests.stream().noneMatch(r -> request.getReference() != null && entryUrl(bundle, r).equals(request.getReference()))) {
                    throw new LabRuleViolation("unresolved-reference", "Specimen.request must point to a ServiceRequest in this transaction");
                }
            }
        }
        OrderIntake.Intake order = intake.prepare(actor, requests, taken, patientsByFullUrl);
        return response(bundle, placement.place(actor, order), order.specimens());
    }

    /** Each entry's resource as placed; ServiceRequests in the order asked, as the order lists its tests. */
    private Bundle response(Bundle request, LabOrder order, List<org.pathguard.specimen.Specimen> placedSpecimens) {
        Bundle response = new Bundle().setType(Bundle.BundleType.TRANSACTIONRESPONSE);
        int nextTest = 0;
        for (Bundle.BundleEntryComponent entry : request.getEntry()) {
            Resource created = switch (entry.getResource()) {
                case ServiceRequest r -> resources.serviceRequest(order, order.tests().get(nextTest++), false, r.getNoteFirstRep().getText());
                case Specimen s -> resources.specimen(placedSpecimens.stream()
                        .filter(p -> p.barcode().equals(OrderIntake.barcode(s))).findFirst().orElseThrow(), order);
                // Where the patient is, not who: reading them back goes through the read policy.
                case Patient p -> new Patient().setId(order.patientId().toString());
                default -> throw new IllegalStateException("checked above");
            };
            response.addEntry().setResource(created).getResponse()
                    .setStatus("201 Created").setLocation(created.fhirType() + "/" + created.getIdElement().getIdPart());
        }
        return response;
    }

    private static boolean sameSubject(Reference tube, Reference order) {
        return java.util.Objects.equals(tube.getReference(), order.getReference())
                && java.util.Objects.equals(tube.getIdentifier().getSystem(), order.getIdentifier().getSystem())
                && java.util.Objects.equals(tube.getIdentifier().getValue(), order.getIdentifier().getValue());
    }

    private static String entryUrl(Bundle bundle, ServiceRequest request) {
        // Optional.map, not Stream.map: an entry may have no fullUrl, and findFirst() refuses a null.
        return bundle.getEntry().stream().filter(e -> e.getResource() == request).findFirst()
                .map(Bundle.BundleEntryComponent::getFullUrl).orElse("");
    }
}
