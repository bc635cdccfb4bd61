package org.pathguard.interop.fhir;

import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.CanonicalType;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.PractitionerRole;
import org.hl7.fhir.r4.model.Reference;

import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Specimen;
import org.pathguard.access.Actor;
import org.pathguard.eventlog.NewEvent;
import org.pathguard.eventlog.Prepared;
import org.pathguard.lab.Catalogue;
import org.pathguard.lab.LabRuleViolation;
import org.pathguard.lab.SpecimenType;
import org.pathguard.order.LabOrder;
import org.pathguard.order.OrderDesk;
import org.pathguard.order.OrderRequest;
import org.pathguard.order.SpecimenCollected;
import org.pathguard.patient.PatientRegistry;
import org.pathguard.patient.Registration;
import org.springframework.stereotype.Component;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * Turns ServiceRequests (one per test, sharing patient and requester) and their Specimens into one
 * lab order, checked against what UK Core requires and prepared for a single append, with the
 * patient's registration when the request carries a Patient the lab does not know yet.
 */
@Component
class OrderIntake {

    private static final Set<String> ACCEPTED_PROFILES = Set.of(UkCore.SERVICE_REQUEST_LAB,
            "https://fhir.hl7.org.uk/StructureDefinition/UKCore-ServiceRequest", "http://hl7.org/fhir/StructureDefinition/ServiceRequest");

    private final PatientRegistry patients;
    private final OrderDesk orders;
    private final Catalogue catalogue;

    OrderIntake(PatientRegistry patients, OrderDesk orders, Catalogue catalogue) {
        this.patients = patients;
        this.orders = orders;
        this.catalogue = catalogue;
    }

    /** The prepared order as its events place it, and every event that records it (the patient's registration included). */
    record Intake(LabOrder order, List<NewEvent> events) {

        /** The tubes the order's events collect, as reception will find them. */
        List<org.pathguard.specimen.Specimen> specimens() {
            return events.stream().map(NewEvent::decoded).filter(SpecimenCollected.class::isInstance).map(SpecimenCollected.class::cast)
                    .map(c -> new org.pathguard.specimen.Specimen(c.specimenId(), c.barcode(), c.orderId(), c.specimenType(),
                            c.container(), c.collectedAt(), null, org.pathguard.specimen.Specimen.Status.COLLECTED, null))
                    .toList();
        }
    }

    Intake prepare(Actor actor, List<ServiceRequest> requests, List<Specimen> specimens, Map<String, Patient> patientsInBundle) {
        if (requests.isEmpty()) {
            throw new LabRuleViolation("no-tests", "An order needs at least one ServiceRequest");
        }
        requests.forEach(OrderIntake::checkProfile);
        ServiceRequest first = requests.getFirst();
        Prepared<UUID> patient = patient(actor, first.getSubject(), patientsInBundle);
        List<NewEvent> events = new ArrayList<>(patient.events());
        String[] requester = requester(first);
        List<String> tests = new ArrayList<>();
        String placer = null;
        String clinicalDetails = null;
        for (ServiceRequest request : requests) {
            if (!Objects.equals(request.getSubject().getReference(), first.getSubject().getReference())
                    || !Objects.equals(request.getSubject().getIdentifier().getValue(), first.getSubject().getIdentifier().getValue())
                    || !java.util.Arrays.equals(requester(request), requester)
                    || request.getPriority() != first.getPriority()) {
                throw new LabRuleViolation("mixed-order", "ServiceRequests placed together must share subject, requester and priority");
            }
            tests.add(testCode(request));
            for (Identifier identifier : request.getIdentifier()) {
                if (identifier.getType().hasCoding("http://terminology.hl7.org/CodeSystem/v2-0203", "PLAC")) {
                    placer = identifier.getValue();
                }
            }
            if (clinicalDetails == null && request.hasNote()) {
                clinicalDetails = request.getNoteFirstRep().getText();
            }
        }
        List<OrderRequest.SpecimenLabel> labels = specimens.stream().map(s -> label(s, tests)).toList();
        Prepared<LabOrder> order = orders.prepareOrder(actor, patient, new OrderRequest(null, null, null, null, requester[0], requester[1],
                LabResources.priority(first.getPriority()), clinicalDetails, placer, null, tests, labels));
        events.addAll(order.events());
        return new Intake(order.outcome(), events);
    }

    private static void checkProfile(ServiceRequest request) {
        for (CanonicalType profile : request.getMeta().getProfile()) {
            String url = profile.getValue() == null ? "" : profile.getValue().replaceAll("\\|.*$", "");
            if (!ACCEPTED_PROFILES.contains(url)) {
                throw new LabRuleViolation("unsupported-profile", "ServiceRequest declares profile " + url
                        + "; the lab takes " + UkCore.SERVICE_REQUEST_LAB);
            }
        }
        if (request.getStatus() != ServiceRequest.ServiceRequestStatus.ACTIVE) {
            throw new LabRuleViolation("invalid-status", "ServiceRequest.status must be active for a new order");
        }
        if (request.getIntent() != ServiceRequest.ServiceRequestIntent.ORDER
                && request.getIntent() != ServiceRequest.ServiceRequestIntent.ORIGINALORDER) {
            throw new LabRuleViolation("invalid-intent", "ServiceRequest.intent must be order (UK Core requires intent)");
        }
        if (!request.hasSubject()) {
            throw new LabRuleViolation("missing-field", "ServiceRequest.subject (the patient) is required");
        }
        if (!request.hasRequester()) {
            throw new LabRuleViolation("missing-field", "ServiceRequest.requester is required: a PractitionerRole "
                    + "(contained) with the clinician and their organisation's ODS code");
        }
    }

    /** The order's patient: matched, registered in the order's append (with the registration's events), or referenced. */
    private Prepared<UUID> patient(Actor actor, Reference subject, Map<String, Patient> inBundle) {
        // A subject named by identifier has no reference to look up (and Map.of() refuses a null key).
        Patient named = subject.getResource() instanceof Patient p ? p
                : subject.hasReference() ? inBundle.get(subject.getReference()) : null;
        if (named != null) {
            String nhs = named.getIdentifier().stream().filter(i -> UkCore.NHS_NUMBER.equals(i.getSystem()))
                    .map(Identifier::getValue).filter(Objects::nonNull).findFirst()
                    .orElseThrow(() -> new LabRuleViolation("missing-field", "The Patient needs an identifier with system " + UkCore.NHS_NUMBER));
            String hospital = named.getIdentifier().stream().filter(i -> UkCore.HOSPITAL_NUMBER.equals(i.getSystem()))
                    .map(Identifier::getValue).filter(Objects::nonNull).findFirst().orElse(null);
            return patients.matchOrPrepare(actor, new Registration(nhs, hospital,
                    named.getNameFirstRep().getFamily(), named.getNameFirstRep().getGivenAsSingleString(),
                    named.hasBirthDate() ? named.getBirthDate().toInstant().atZone(ZoneId.of("UTC")).toLocalDate() : null,
                    LabResources.sex(named.getGender()),
                    named.hasAddress() ? named.getAddressFirstRep().getPostalCode() : null));
        }
        if (subject.hasIdentifier()) {
            // An NHS number alone would let anyone who knows one order their way into a care relationship.
            throw new LabRuleViolation("patient-not-identified", "ServiceRequest.subject cannot name the patient by NHS number "
                    + "alone: reference Patient/ID, or send a transaction whose Patient carries the NHS number, family name and "
                    + "date of birth");
        }
        String reference = subject.getReference() == null ? "" : subject.getReference();
        if (!reference.startsWith("Patient/")) {
            throw new LabRuleViolation("missing-field", "ServiceRequest.subject must reference Patient/ID, carry an NHS number identifier, "
                    + "or point to a Patient in the same transaction");
        }
        return new Prepared<>(patients.get(FhirRequests.id(reference.substring("Patient/".length()), "Patient")).id(), List.of());
    }

    /** ODS code and clinician, from a contained PractitionerRole (or an Organization reference with the clinician's name as display). */
    static String[] requester(ServiceRequest request) {
        Reference requester = request.getRequester();
        IBaseResource resource = requester.getResource();
        if (resource == null && requester.getReference() != null && requester.getReference().startsWith("#")) {
            resource = request.getContained().stream()
                    .filter(r -> requester.getReference().substring(1).equals(r.getIdElement().getIdPart()))
                    .findFirst().orElse(null);
        }
        if (resource instanceof PractitionerRole role && role.getOrganization().hasIdentifier()) {
            return new String[]{role.getOrganization().getIdentifier().getValue(), role.getPractitioner().getDisplay()};
        }
        if ("Organization".equals(requester.getType()) && requester.hasIdentifier()) {
            return new String[]{requester.getIdentifier().getValue(), requester.getDisplay()};
        }
        throw new LabRuleViolation("missing-field", "ServiceRequest.requester must be a PractitionerRole with organization.identifier "
                + "(" + UkCore.ODS_CODE + ") and practitioner.display, or an Organization identifier with the clinician as display");
    }

    private String testCode(ServiceRequest request) {
        for (Coding coding : request.getCode().getCoding()) {
            if (UkCore.LAB_TEST.equals(coding.getSystem())) {
                return coding.getCode();
            }
        }
        throw new LabRuleViolation("unknown-test-code", "ServiceRequest.code needs a coding from " + UkCore.LAB_TEST
                + "; the catalogue lists " + String.join(", ", catalogue.tests().stream().map(t -> t.code()).toList()));
    }

    /** The tube's barcode: the first identifier with a value. */
    static String barcode(Specimen specimen) {
        return specimen.getIdentifier().stream().map(Identifier::getValue).filter(Objects::nonNull).findFirst()
                .orElseThrow(() -> new LabRuleViolation("invalid-barcode", "Specimen.identifier (the tube's barcode) is required"));
    }

    private OrderRequest.SpecimenLabel label(Specimen specimen, List<String> tests) {
        String barcode = barcode(specimen);
        String type = null;
        for (Coding coding : specimen.getType().getCoding()) {
            if (UkCore.SPECIMEN_TYPE.equals(coding.getSystem())) {
                type = coding.getCode();
            } else if (type == null && UkCore.SNOMED.equals(coding.getSystem())) {
                type = tests.stream().map(t -> catalogue.specimenType(catalogue.test(t).specimenType()))
                        .filter(s -> s.snomed().equals(coding.getCode())).map(SpecimenType::code).findFirst().orElse(null);
            }
        }
        if (type == null) {
            throw new LabRuleViolation("unknown-specimen-type", "Specimen.type needs a coding from " + UkCore.SPECIMEN_TYPE
                    + " or a SNOMED CT specimen type that one of the tests needs");
        }
        java.util.Date collected = specimen.getCollection().hasCollectedDateTimeType()
                ? specimen.getCollection().getCollectedDateTimeType().getValue() : null;
        return new OrderRequest.SpecimenLabel(barcode, type, collected == null ? null : collected.toInstant());
    }

}
