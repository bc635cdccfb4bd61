package org.pathguard.result;

import org.pathguard.lab.LabRuleViolation;
import org.pathguard.lab.OdsCode;

/**
 * The laboratory that performed a test when it was not this one (a referral): what the report names beside each
 * result it did (ISO 15189:2022 7.4.1.7), as HL7 OBX-23 and the FHIR Observation's performer. Also this lab's own
 * identity ({@link ThisLab}).
 */
public record PerformingLab(String odsCode, String name) {

    public PerformingLab {
        try {
            odsCode = OdsCode.parse(odsCode).value();
        } catch (LabRuleViolation e) {
            // OdsCode's own words speak of the requester; here it is the laboratory that did the test.
            throw new LabRuleViolation(e.code(), "A performing laboratory's ODS code is 3 to 6 letters or digits (e.g. RJ122)");
        }
        if (name == null || name.isBlank()) {
            throw new LabRuleViolation("missing-field", "A performing laboratory needs its name");
        }
        name = name.strip();
    }
}
