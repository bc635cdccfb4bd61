package org.pathguard.lab;

/**
 * A request broke a lab rule. The code is stable for machines; the message tells a person what to
 * fix and never contains patient data.
 */
public class LabRuleViolation extends RuntimeException {

    private final String code;

    public LabRuleViolation(String code, String message) {
        super(message);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
