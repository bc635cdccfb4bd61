package org.pathguard.lab;

import java.util.regex.Pattern;

/** An organisation's ODS code: trusts (3 characters), sites (5), GP practices (6, e.g. G85001). */
public record OdsCode(String value) {

    private static final Pattern FORM = Pattern.compile("^[A-Z0-9]{3,6}$");

    public OdsCode {
        if (value == null || !FORM.matcher(value).matches()) {
            throw new LabRuleViolation("invalid-ods-code", "requesterOds must be the requester's ODS code (3 to 6 letters or digits, e.g. G85001)");
        }
    }

    /** As written by a person or system: surrounding space and lower case are forgiven. */
    public static OdsCode parse(String written) {
        return new OdsCode(written == null ? "" : written.trim().toUpperCase());
    }
}
