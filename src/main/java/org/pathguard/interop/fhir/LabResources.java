package org.pathguard.interop.fhir;

import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.PractitionerRole;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.StringType;
import org.pathguard.lab.Analyte;
import org.pathguard.lab.Catalogue;
import org.pathguard.lab.LabTest;
import org.pathguard.lab.Priority;
import org.pathguard.lab.Sex;
import org.pathguard.lab.SpecimenType;
import org.pathguard.order.LabOrder;
import org.pathguard.patient.Patient;
import org.pathguard.report.Report;
import org.pathguard.result.LabResult;
import org.pathguard.result.PerformingLab;
import org.pathguard.result.ResultStatus;
import org.pathguard.result.ThisLab;
import org.pathguard.specimen.Specimen;
import org.springframework.stereotype.Component;

import java.sql.Date;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The lab's records as UK Core resources. Ids are the lab's own: patient, order-test, specimen, result and order ids. */
@Component
class LabResources {

    private final Catalogue catalogue;
    private final ThisLab thisLab;

    LabResources(Catalogue catalogue, ThisLab thisLab) {
        this.catalogue = catalogue;
        this.thisLab = thisLab;
    }

    /** A ServiceRequest is one test of an order; the order is its requisition. */
    static String serviceRequestId(UUID orderId, String testCode) {
        return orderId + "-" + testCode;
    }

    org.hl7.fhir.r4.model.Patient patient(Patient p) {
        var patient = new org.hl7.fhir.r4.model.Patient();
        patient.setId(p.id().toString());
        patient.getMeta().addProfile(UkCore.PATIENT);
        patient.addIdentifier().setSystem(UkCore.NHS_NUMBER).setValue(p.nhsNumber());
        if (p.hospitalNumber() != null) {
            patient.addIdentifier().setSystem(UkCore.HOSPITAL_NUMBER).setValue(p.hospitalNumber());
        }
        patient.addName().setFamily(p.familyName()).addGiven(p.givenName());
        patient.setGender(switch (p.sex()) {
            case MALE -> Enumerations.AdministrativeGender.MALE;
            case FEMALE -> Enumerations.AdministrativeGender.FEMALE;
            case UNKNOWN -> Enumerations.AdministrativeGender.UNKNOWN;
        });
        patient.setBirthDate(Date.valueOf(p.dateOfBirth()));
        if (p.postcode() != null) {
            patient.addAddress().setPostalCode(p.postcode());
        }
        return patient;
    }

    static Sex sex(Enumerations.AdministrativeGender gender) {
        return gender == Enumerations.AdministrativeGender.MALE ? Sex.MALE
                : gender == Enumerations.AdministrativeGender.FEMALE ? Sex.FEMALE : Sex.UNKNOWN;
    }

    ServiceRequest serviceRequest(LabOrder order, String testCode, boolean reported, String clinicalDetails) {
        LabTest test = catalogue.test(testCode);
        ServiceRequest request = new ServiceRequest();
        request.setId(serviceRequestId(order.id(), testCode));
        request.getMeta().addProfile(UkCore.SERVICE_REQUEST_LAB);
        if (order.placerOrderNumber() != null) {
            request.addIdentifier(identifier("PLAC", "Placer identifier", UkCore.PLACER_ORDER + "/" + order.requesterOds(),
                    order.placerOrderNumber()));
        }
        request.addIdentifier(identifier("ACSN", "Accession ID", UkCore.ACCESSION, order.accession()));
        request.setRequisition(new Identifier().setSystem(UkCore.ACCESSION).setValue(order.accession()));
        request.setStatus(reported ? ServiceRequest.ServiceRequestStatus.COMPLETED : ServiceRequest.ServiceRequestStatus.ACTIVE);
        request.setIntent(ServiceRequest.ServiceRequestIntent.ORDER);
        request.addCategory(new CodeableConcept(new Coding(UkCore.SNOMED, "108252007", "Laboratory procedure")));
        request.setPriority(switch (order.priority()) {
            case CRITICAL -> ServiceRequest.ServiceRequestPriority.STAT;
            case URGENT -> ServiceRequest.ServiceRequestPriority.URGENT;
            case ROUTINE -> ServiceRequest.ServiceRequestPriority.ROUTINE;
        });
        request.setCode(new CodeableConcept(new Coding(UkCore.LAB_TEST, test.code(), test.name())).setText(test.name()));
        request.setSubject(new Reference("Patient/" + order.patientId()));
        request.setAuthoredOn(java.util.Date.from(order.placedAt()));
        PractitionerRole requester = new PractitionerRole();
        requester.setId("requester");
        requester.getMeta().addProfile(UkCore.PRACTITIONER_ROLE);
        requester.setPractitioner(new Reference().setDisplay(order.clinician()));
        requester.setOrganization(organisation(order.requesterOds()));
        request.addContained(requester);
        request.setRequester(new Reference("#requester"));
        if (clinicalDetails != null) {
            request.addNote().setText(clinicalDetails);
        }
        return request;
    }

    static Priority priority(ServiceRequest.ServiceRequestPriority priority) {
        if (priority == null) {
            return Priority.ROUTINE;
        }
        return switch (priority) {
            case STAT -> Priority.CRITICAL;
            case ASAP, URGENT -> Priority.URGENT;
            default -> Priority.ROUTINE;
        };
    }

    org.hl7.fhir.r4.model.Specimen specimen(Specimen s, LabOrder order) {
        SpecimenType type = catalogue.specimenType(s.specimenType());
        var specimen = new org.hl7.fhir.r4.model.Specimen();
        specimen.setId(s.id().toString());
        specimen.getMeta().addProfile(UkCore.SPECIMEN);
        specimen.addIdentifier().setSystem(UkCore.BARCODE).setValue(s.barcode());
        specimen.setAccessionIdentifier(new Identifier().setSystem(UkCore.ACCESSION).setValue(order.accession()));
        specimen.setStatus(s.status() == Specimen.Status.REJECTED ? org.hl7.fhir.r4.model.Specimen.SpecimenStatus.UNSATISFACTORY
                : org.hl7.fhir.r4.model.Specimen.SpecimenStatus.AVAILABLE);
        CodeableConcept typeCode = new CodeableConcept().setText(type.name());
        if (type.snomed() != null) {
            typeCode.addCoding(new Coding(UkCore.SNOMED, type.snomed(), null));
        }
        typeCode.addCoding(new Coding(UkCore.SPECIMEN_TYPE, type.code(), type.name()));
        specimen.setType(typeCode);
        specimen.setSubject(new Reference("Patient/" + order.patientId()));
        order.tests().stream().filter(t -> catalogue.test(t).specimenType().equals(s.specimenType()))
                .forEach(t -> specimen.addRequest(new Reference("ServiceRequest/" + serviceRequestId(order.id(), t))));
        if (s.receivedAt() != null) {
            specimen.setReceivedTime(java.util.Date.from(s.receivedAt()));
        }
        specimen.getCollection().setCollected(new DateTimeType(java.util.Date.from(s.collectedAt())));
        if (s.rejectionReason() != null) {
            specimen.addNote().setText("Rejected: " + s.rejectionReason());
        }
        return specimen;
    }

    Observation observation(LabResult r, Specimen specimen) {
        Analyte analyte = catalogue.analyte(r.analyteCode());
        Observation o = new Observation();
        o.setId(r.id().toString());
        o.getMeta().addProfile(UkCore.OBSERVATION_LAB);
        o.setStatus(switch (r.status()) {
            case PRELIMINARY -> Observation.ObservationStatus.PRELIMINARY;
            case FINAL -> Observation.ObservationStatus.FINAL;
            case AMENDED -> Observation.ObservationStatus.AMENDED;
            case REJECTED -> Observation.ObservationStatus.CANCELLED;
        });
        o.addCategory(new CodeableConcept(new Coding(UkCore.OBSERVATION_CATEGORY, "laboratory", "Laboratory")));
        o.setCode(new CodeableConcept(new Coding(UkCore.LOINC, analyte.loinc(), analyte.name()))
                .addCoding(new Coding(UkCore.ANALYTE, analyte.code(), analyte.name())).setText(analyte.name()));
        o.setSubject(new Reference("Patient/" + r.patientId()));
        o.addBasedOn(new Reference("ServiceRequest/" + serviceRequestId(r.orderId(), r.testCode())));
        o.setSpecimen(new Reference("Specimen/" + r.specimenId()));
        o.setEffective(new DateTimeType(java.util.Date.from(specimen.collectedAt())));
        o.setIssuedElement(new InstantType(java.util.Date.from(r.authorisedAt() != null ? r.authorisedAt() : r.recordedAt())));
        // The laboratory that performed the test: a partner for a referred one (ISO 15189:2022 7.4.1.7), else this lab.
        o.addPerformer(organisation(thisLab.performerOf(r)));
        var m = r.measurement();
        if (m.numeric() != null) {
            o.setValue(new Quantity().setValue(m.numeric()).setUnit(m.unit()).setSystem(UkCore.UCUM).setCode(m.unit()));
        } else {
            o.setValue(new StringType(m.value()));
        }
        if (m.flag() != null) {
            o.addInterpretation(new CodeableConcept(new Coding(UkCore.INTERPRETATION, m.flag().name(), switch (m.flag()) {
                case LL -> "Critical low";
                case L -> "Low";
                case H -> "High";
                case HH -> "Critical high";
            })));
        } else if (m.numeric() != null && (m.rangeLow() != null || m.rangeHigh() != null)) {
            o.addInterpretation(new CodeableConcept(new Coding(UkCore.INTERPRETATION, "N", "Normal")));
        }
        if (m.rangeLow() != null || m.rangeHigh() != null) {
            var range = o.addReferenceRange();
            if (m.rangeLow() != null) {
                range.setLow(new Quantity().setValue(m.rangeLow()).setUnit(m.unit()).setSystem(UkCore.UCUM).setCode(m.unit()));
            }
            if (m.rangeHigh() != null) {
                range.setHigh(new Quantity().setValue(m.rangeHigh()).setUnit(m.unit()).setSystem(UkCore.UCUM).setCode(m.unit()));
            }
        }
        return o;
    }

    /** The latest version of an order's report; its results are the observations it reports. */
    DiagnosticReport diagnosticReport(Report report, LabOrder order, List<Specimen> specimens, Map<String, UUID> resultIdByAnalyte) {
        DiagnosticReport d = new DiagnosticReport();
        d.setId(order.id().toString());
        d.getMeta().addProfile(UkCore.DIAGNOSTIC_REPORT_LAB);
        d.addIdentifier().setSystem(UkCore.ACCESSION).setValue(order.accession() + "-" + report.version());
        order.tests().forEach(t -> d.addBasedOn(new Reference("ServiceRequest/" + serviceRequestId(order.id(), t))));
        d.setStatus(report.amended() ? DiagnosticReport.DiagnosticReportStatus.AMENDED : DiagnosticReport.DiagnosticReportStatus.FINAL);
        d.addCategory(new CodeableConcept(new Coding(UkCore.V2_0074, "LAB", "Laboratory")));
        d.setCode(new CodeableConcept(new Coding(UkCore.LOINC, "11502-2", "Laboratory report")).setText("Laboratory report"));
        d.setSubject(new Reference("Patient/" + order.patientId()));
        specimens.stream().map(Specimen::collectedAt).min(Comparator.naturalOrder())
                .ifPresent(t -> d.setEffective(new DateTimeType(java.util.Date.from(t))));
        d.setIssuedElement(new InstantType(java.util.Date.from(report.releasedAt())));
        d.addPerformer(organisation(report.content().reportingLab()));
        specimens.stream().filter(s -> s.status() != Specimen.Status.REJECTED)
                .forEach(s -> d.addSpecimen(new Reference("Specimen/" + s.id())));
        for (Report.Line line : report.content().lines()) {
            UUID resultId = resultIdByAnalyte.get(line.analyteCode());
            if (resultId != null) {
                d.addResult(new Reference("Observation/" + resultId));
            }
        }
        return d;
    }

    static boolean reportable(LabResult r) {
        return r.status() == ResultStatus.FINAL || r.status() == ResultStatus.AMENDED;
    }

    private static Identifier identifier(String type, String display, String system, String value) {
        return new Identifier().setType(new CodeableConcept(new Coding(UkCore.V2_0203, type, display)))
                .setSystem(system).setValue(value);
    }

    private static Reference organisation(String ods) {
        return new Reference().setType("Organization").setIdentifier(new Identifier().setSystem(UkCore.ODS_CODE).setValue(ods));
    }

    private static Reference organisation(PerformingLab lab) {
        return organisation(lab.odsCode()).setDisplay(lab.name());
    }

}
