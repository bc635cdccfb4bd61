package org.pathguard.interop.fhir;

/** Profile URLs and code systems PathGuard uses in FHIR (UK Core 2.0.0 and the NHS's identifier systems). */
final class UkCore {

    static final String PATIENT = "https://fhir.hl7.org.uk/StructureDefinition/UKCore-Patient";
    static final String SERVICE_REQUEST_LAB = "https://fhir.hl7.org.uk/StructureDefinition/UKCore-ServiceRequest-Lab";
    static final String SPECIMEN = "https://fhir.hl7.org.uk/StructureDefinition/UKCore-Specimen";
    static final String OBSERVATION_LAB = "https://fhir.hl7.org.uk/StructureDefinition/UKCore-Observation-Lab";
    static final String DIAGNOSTIC_REPORT_LAB = "https://fhir.hl7.org.uk/StructureDefinition/UKCore-DiagnosticReport-Lab";
    static final String PRACTITIONER_ROLE = "https://fhir.hl7.org.uk/StructureDefinition/UKCore-PractitionerRole";

    static final String NHS_NUMBER = "https://fhir.nhs.uk/Id/nhs-number";
    static final String ODS_CODE = "https://fhir.nhs.uk/Id/ods-organization-code";
    static final String SNOMED = "http://snomed.info/sct";
    static final String LOINC = "http://loinc.org";
    static final String UCUM = "http://unitsofmeasure.org";
    static final String OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category";
    static final String V2_0074 = "http://terminology.hl7.org/CodeSystem/v2-0074";
    static final String V2_0203 = "http://terminology.hl7.org/CodeSystem/v2-0203";
    static final String INTERPRETATION = "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation";

    // The lab's own identifier and code systems.
    static final String HOSPITAL_NUMBER = "https://pathguard.nhs.uk/Id/hospital-number";
    static final String ACCESSION = "https://pathguard.nhs.uk/Id/accession-number";
    static final String PLACER_ORDER = "https://pathguard.nhs.uk/Id/placer-order-number";
    static final String BARCODE = "https://pathguard.nhs.uk/Id/specimen-barcode";
    static final String LAB_TEST = "https://pathguard.nhs.uk/CodeSystem/lab-test";
    static final String ANALYTE = "https://pathguard.nhs.uk/CodeSystem/analyte";
    static final String SPECIMEN_TYPE = "https://pathguard.nhs.uk/CodeSystem/specimen-type";

    private UkCore() {
    }
}
