package org.pathguard.interop.hl7;

import org.pathguard.lab.Priority;

/**
 * HL7 priority codes (TQ1-9, OBR-27.6, ORC-7.6) both ways, read the same by the lab and by the network router so that
 * the two agree on how urgent an order is: S (stat) is critical; A, P, C and T urgent; R routine.
 */
public final class PriorityCode {

    private PriorityCode() {
    }

    /** The priority a code asks for, or null when none is given. */
    public static Priority read(String code) {
        return switch (code == null ? "" : code.trim()) {
            case "" -> null;
            case "S" -> Priority.CRITICAL;
            case "A", "P", "C", "T" -> Priority.URGENT;
            case "R" -> Priority.ROUTINE;
            default -> throw Hl7Rejection.error(Hl7Rejection.TABLE_VALUE_NOT_FOUND, "Priority '" + code
                    + "' (TQ1-9, OBR-27.6 or ORC-7.6) is not one of S (stat), A (ASAP), R (routine); nothing was recorded");
        };
    }

    /** The code sent for a priority: S (stat) for critical, A (as soon as possible) for urgent, R (routine). */
    public static String of(Priority priority) {
        return switch (priority) {
            case CRITICAL -> "S";
            case URGENT -> "A";
            case ROUTINE -> "R";
        };
    }
}
