package org.pathguard.access;

/** How the privacy officer closed an access alert. */
public enum AlertOutcome {
    /** A notice of an administrative act, read and understood. */
    NOTED("Noted"),
    /** The reading was the person's normal work. */
    EXPECTED_WORK("Expected work"),
    INVESTIGATED_NO_ACTION("Investigated: no further action"),
    /** Passed on (to the information governance lead, HR or the police); the account stays flagged. */
    INVESTIGATED_REFERRED("Investigated: referred");

    private final String words;

    AlertOutcome(String words) {
        this.words = words;
    }

    public String words() {
        return words;
    }
}
