package org.pathguard.result;

import org.pathguard.lab.OdsCode;

/**
 * The laboratory that performed a test when it was not this one (a referral): what the report names beside each
 * result it did (ISO 15189:2022 7.4.1.7), as HL7 OBX-23 and the FHIR Observation's performer.
 */
public record PerformingLab(String odsCode, String name) {

    public PerformingLab {
        odsCode = OdsCode.parse(odsCode).value();
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("A performing laboratory needs its name");
        }
        name = name.strip();
    }
}
