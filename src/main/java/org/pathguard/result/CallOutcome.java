package org.pathguard.result;

/** A call about a critical result that did not reach anyone who could act on it, or the hand-over to the duty biochemist. */
public enum CallOutcome {
    NO_ANSWER("No answer"), ENGAGED("Engaged"), LEFT_MESSAGE("Left a message"), ESCALATED("Escalated");

    private final String words;

    CallOutcome(String words) {
        this.words = words;
    }

    public String words() {
        return words;
    }
}
