package org.pathguard.interop.fhir;

import ca.uhn.fhir.rest.annotation.Transaction;
import ca.uhn.fhir.rest.annotation.TransactionParam;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import org.hl7.fhir.r4.model.Annotation;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Specimen;
import org.pathguard.access.Actor;
import org.pathguard.interop.hl7.Hl7Sender;
import org.pathguard.interop.hl7.KnownSenderIntake;
import org.pathguard.interop.hl7.NetworkOrderMessage;
import org.pathguard.interop.hl7.OrderResponse;
import org.pathguard.lab.LabRuleViolation;
import org.pathguard.lab.NhsNumber;
import org.pathguard.order.OrderRequest;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * The network router's FHIR door: a requester's transaction Bundle (the order as the lab's own FHIR server takes it)
 * becomes the OML^O21 its order communications would have sent and goes through the router's one intake, so it is
 * recorded, triaged, forwarded and accounted for exactly as an HL7 order is. The answer is a transaction-response whose
 * ServiceRequests carry the order's fate: active (passed to the home lab or routed to a partner), on-hold (deferred) or
 * revoked (not taken), with the words the requester is told as a note and as the entry's outcome.
 */
@Component
@ConditionalOnProperty(name = "pathguard.mode", havingValue = "router")
class NetworkOrderTransaction implements OrderDoor {

    private final KnownSenderIntake intake;

    NetworkOrderTransaction(KnownSenderIntake intake) {
        this.intake = intake;
    }

    @Transaction
    public Bundle transaction(@TransactionParam Bundle bundle, RequestDetails details) {
        Actor actor = FhirRequests.actor(details);
        if (actor.organisation() == null || actor.organisation().isBlank()) {
            throw new LabRuleViolation("missing-field", "Orders reach the network router from a requester's credential or account, "
                    + "which names its organisation; this one names none");
        }
        if (bundle == null || bundle.getType() != Bundle.BundleType.TRANSACTION) {
            throw new LabRuleViolation("invalid-bundle", "Bundle.type must be transaction");
        }
        List<ServiceRequest> requests = new ArrayList<>();
        List<Specimen> tubes = new ArrayList<>();
        List<Patient> patients = new ArrayList<>();
        for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
            if (entry.getRequest().getMethod() != Bundle.HTTPVerb.POST) {
                throw new LabRuleViolation("unsupported-entry", "Each entry must be a POST (create)");
            }
            switch (entry.getResource()) {
                case ServiceRequest r -> requests.add(r);
                case Specimen s -> tubes.add(s);
                case Patient p -> patients.add(p);
                case null -> throw new LabRuleViolation("unsupported-entry", "An entry has no resource");
                default -> throw new LabRuleViolation("unsupported-entry", "A transaction places an order: it may carry "
                        + "ServiceRequest, Specimen and Patient entries, not " + entry.getResource().fhirType());
            }
        }
        if (patients.size() != 1) {
            throw new LabRuleViolation(patients.isEmpty() ? "patient-not-identified" : "mixed-order", "The network router keeps no "
                    + "patients: the Bundle must carry one Patient (NHS number, family name, date of birth, sex) for the lab that "
                    + "will do the tests");
        }
        String message = NetworkOrderMessage.of("FHIR", controlId(bundle), order(actor, patients.getFirst(), requests, tubes));
        Hl7Sender door = new Hl7Sender("fhir:" + actor.name(), null, null, List.of(actor.organisation()), List.of());
        return response(bundle, OrderResponse.read(intake.answer(message, door)));
    }

    private static NetworkOrderMessage.Order order(Actor actor, Patient patient, List<ServiceRequest> requests, List<Specimen> tubes) {
        if (requests.isEmpty()) {
            throw new LabRuleViolation("no-tests", "An order needs at least one ServiceRequest");
        }
        ServiceRequest first = requests.getFirst();
        String[] requester = OrderIntake.requester(first);
        if (!actor.organisation().equalsIgnoreCase(requester[0])) {
            throw new LabRuleViolation("requester-mismatch", "ServiceRequest.requester names " + requester[0] + ", but this "
                    + "credential orders for " + actor.organisation() + "; nothing was recorded");
        }
        String placer = null;
        List<String> tests = new ArrayList<>();
        for (ServiceRequest request : requests) {
            if (request.getPriority() != first.getPriority() || !java.util.Arrays.equals(OrderIntake.requester(request), requester)) {
                throw new LabRuleViolation("mixed-order", "ServiceRequests placed together must share requester and priority");
            }
            String code = request.getCode().getCoding().stream().filter(c -> UkCore.LAB_TEST.equals(c.getSystem()))
                    .map(Coding::getCode).filter(Objects::nonNull).findFirst().orElseThrow(() -> new LabRuleViolation(
                            "unknown-test-code", "ServiceRequest.code needs a coding from " + UkCore.LAB_TEST));
            tests.add(code);
            for (Identifier identifier : request.getIdentifier()) {
                if (identifier.getType().hasCoding("http://terminology.hl7.org/CodeSystem/v2-0203", "PLAC")) {
                    placer = identifier.getValue();
                }
            }
        }
        if (placer == null || placer.isBlank()) {
            throw new LabRuleViolation("missing-field", "ServiceRequest.identifier with type PLAC (the placer order number) is "
                    + "required: the router keeps each order by it, so the practice knows which one to re-bleed");
        }
        String nhs = patient.getIdentifier().stream().filter(i -> UkCore.NHS_NUMBER.equals(i.getSystem()))
                .map(Identifier::getValue).filter(Objects::nonNull).findFirst()
                .orElseThrow(() -> new LabRuleViolation("missing-field", "The Patient needs an identifier with system " + UkCore.NHS_NUMBER));
        if (!patient.hasBirthDate() || !patient.getNameFirstRep().hasFamily()) {
            throw new LabRuleViolation("missing-field", "The Patient needs a family name and a date of birth");
        }
        var person = new org.pathguard.patient.Patient(null, NhsNumber.parse(nhs).value(), null, patient.getNameFirstRep().getFamily(),
                patient.getNameFirstRep().getGivenAsSingleString(),
                patient.getBirthDate().toInstant().atZone(ZoneId.of("UTC")).toLocalDate(), LabResources.sex(patient.getGender()),
                patient.hasAddress() ? patient.getAddressFirstRep().getPostalCode() : null, false);
        List<OrderRequest.SpecimenLabel> labels = tubes.stream().map(t -> new OrderRequest.SpecimenLabel(OrderIntake.barcode(t),
                t.getType().getCoding().stream().filter(c -> UkCore.SPECIMEN_TYPE.equals(c.getSystem())).map(Coding::getCode)
                        .findFirst().orElseThrow(() -> new LabRuleViolation("unknown-specimen-type", "Specimen.type needs a coding from "
                                + UkCore.SPECIMEN_TYPE)),
                t.getCollection().hasCollectedDateTimeType() ? t.getCollection().getCollectedDateTimeType().getValue().toInstant() : null))
                .toList();
        String details = first.hasNote() ? first.getNoteFirstRep().getText() : null;
        return new NetworkOrderMessage.Order(person, requester[0].toUpperCase(java.util.Locale.ROOT), requester[1],
                LabResources.priority(first.getPriority()), placer, details, tests, labels);
    }

    /** The Bundle's own identifier, else its content's digest: the same Bundle sent again is a resend, answered as the first time. */
    private static String controlId(Bundle bundle) {
        if (bundle.hasIdentifier() && bundle.getIdentifier().hasValue() && bundle.getIdentifier().getValue().length() <= 40) {
            return bundle.getIdentifier().getValue();
        }
        try {
            byte[] content = ca.uhn.fhir.context.FhirContext.forR4Cached().newJsonParser().encodeResourceToString(bundle)
                    .getBytes(StandardCharsets.UTF_8);
            return "F" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content), 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The order's fate from the router's answer (ORC-5): IP active, HD on-hold, CA revoked. */
    private static ServiceRequest.ServiceRequestStatus status(OrderResponse fate) {
        return switch (fate.firstStatus()) {
            case "HD" -> ServiceRequest.ServiceRequestStatus.ONHOLD;
            case "CA" -> ServiceRequest.ServiceRequestStatus.REVOKED;
            default -> ServiceRequest.ServiceRequestStatus.ACTIVE;
        };
    }

    private static Bundle response(Bundle request, OrderResponse fate) {
        if (!fate.accepted()) {
            throw new UnprocessableEntityException(fate.reason());
        }
        Bundle response = new Bundle().setType(Bundle.BundleType.TRANSACTIONRESPONSE);
        for (Bundle.BundleEntryComponent entry : request.getEntry()) {
            Bundle.BundleEntryResponseComponent answer = response.addEntry().getResponse().setStatus("201 Created");
            if (entry.getResource() instanceof ServiceRequest asked) {
                ServiceRequest fated = asked.copy();
                fated.setStatus(status(fate));
                fated.setNote(List.of(new Annotation().setText(fate.note())));
                response.getEntry().getLast().setResource(fated);
                OperationOutcome outcome = new OperationOutcome();
                outcome.addIssue().setSeverity(status(fate) == ServiceRequest.ServiceRequestStatus.ACTIVE
                                ? OperationOutcome.IssueSeverity.INFORMATION : OperationOutcome.IssueSeverity.WARNING)
                        .setCode(OperationOutcome.IssueType.INFORMATIONAL).setDiagnostics(fate.note());
                answer.setOutcome(outcome);
            }
        }
        return response;
    }
}
