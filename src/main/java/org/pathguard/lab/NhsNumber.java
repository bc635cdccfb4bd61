package org.pathguard.lab;

/**
 * An NHS number that passed the NHS Data Dictionary modulus-11 check. Numbers starting 999 are
 * the test range: valid, but they belong to test patients. Error messages never echo the number.
 */
public record NhsNumber(String value) {

    public NhsNumber {
        String problem = problemWith(value);
        if (problem != null) {
            throw new LabRuleViolation("invalid-nhs-number", problem);
        }
    }

    /** Accepts the usual written forms ("943 476 5919", "943-476-5919"). */
    public static NhsNumber parse(String written) {
        if (written == null) {
            throw new LabRuleViolation("invalid-nhs-number", "NHS number is missing");
        }
        return new NhsNumber(written.replace(" ", "").replace("-", ""));
    }

    public boolean isTestRange() {
        return value.startsWith("999");
    }

    /** Null when valid, otherwise what is wrong, in words a person can act on. */
    static String problemWith(String digits) {
        if (digits == null || digits.length() != 10) {
            return "NHS number must have exactly 10 digits";
        }
        int sum = 0;
        for (int i = 0; i < 10; i++) {
            char c = digits.charAt(i);
            if (c < '0' || c > '9') {
                return "NHS number must contain only digits";
            }
            if (i < 9) {
                sum += (c - '0') * (10 - i);
            }
        }
        int check = 11 - (sum % 11);
        if (check == 11) {
            check = 0;
        }
        if (check == 10) {
            return "NHS number is not valid: its first nine digits give check digit 10, which is never issued";
        }
        if (check != digits.charAt(9) - '0') {
            return "NHS number check digit does not match (mistyped digit?)";
        }
        return null;
    }

    /** Appends the modulus-11 check digit to nine digits; empty when the check digit would be 10. */
    public static java.util.Optional<NhsNumber> withCheckDigit(String nineDigits) {
        int sum = 0;
        for (int i = 0; i < 9; i++) {
            sum += (nineDigits.charAt(i) - '0') * (10 - i);
        }
        int check = (11 - sum % 11) % 11;
        return check == 10 ? java.util.Optional.empty() : java.util.Optional.of(new NhsNumber(nineDigits + check));
    }

    @Override
    public String toString() {
        return "NhsNumber[redacted]";
    }
}
