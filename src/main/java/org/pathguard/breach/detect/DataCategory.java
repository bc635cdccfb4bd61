package org.pathguard.breach.detect;

/** The kinds of personal data a leaked file exposes about a person, as the ICO's breach report asks for them. */
public enum DataCategory {
    NHS_NUMBER("NHS number"),
    HOSPITAL_NUMBER("hospital number"),
    NAME("name"),
    DATE_OF_BIRTH("date of birth"),
    POSTCODE("postcode"),
    /** Health data: the names of tests the lab performs, which say what a person was tested for. */
    TEST_NAMES("test names"),
    /** Health data: result values beside a test name or unit. */
    RESULT_VALUES("result values"),
    /** Health data: clinical details and diagnoses written by the requester. */
    CLINICAL_DETAILS("clinical details");

    private final String words;

    DataCategory(String words) {
        this.words = words;
    }

    /** As a person writes it in a report. */
    public String words() {
        return words;
    }

    /** Special category data under UK GDPR Article 9, which raises the breach's severity. */
    public boolean health() {
        return this == TEST_NAMES || this == RESULT_VALUES || this == CLINICAL_DETAILS;
    }
}
