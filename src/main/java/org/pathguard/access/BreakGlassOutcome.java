package org.pathguard.access;

import org.pathguard.lab.FreeText;
import org.pathguard.lab.LabRuleViolation;

/** The privacy officer's finding on a break-glass read. */
public enum BreakGlassOutcome {
    /** The emergency was real and the reading matched it. */
    JUSTIFIED("Justified"),
    /** The glass was broken without the need it claimed: the note says what was found and what follows. */
    NOT_JUSTIFIED("Not justified");

    private final String words;

    BreakGlassOutcome(String words) {
        this.words = words;
    }

    public String words() {
        return words;
    }

    /**
     * The note that goes with this finding: optional when justified, required in words when not, since whoever
     * follows it up (the information governance lead, HR) needs to know why. Trimmed, or null.
     */
    public String note(String note) {
        if (this == NOT_JUSTIFIED) {
            return FreeText.reason("The note", note, "no patient of ours in the clinic that day; referred to the IG lead");
        }
        return FreeText.note("The note", note);
    }

    /** The finding a form or a request named, refused in words when absent or unknown. */
    public static BreakGlassOutcome named(String name) {
        for (BreakGlassOutcome o : values()) {
            if (o.name().equals(name)) {
                return o;
            }
        }
        throw new LabRuleViolation("outcome-required", "Choose whether the break-glass read was justified or not justified");
    }
}
