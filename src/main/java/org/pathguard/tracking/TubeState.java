package org.pathguard.tracking;

/** Where one tube of an order stands now, in the words the lab uses on the phone to the requester. */
public enum TubeState {
    AWAITING_SPECIMEN("Awaiting specimen"),
    RECEIVED("Received"),
    IN_PROGRESS("In progress"),
    REPORTED("Reported"),
    REFERRED("Referred"),
    DONE_ELSEWHERE("Done elsewhere"),
    REJECTED("Rejected"),
    CANCELLED("Cancelled"),
    /** Past its stability for analytes not yet resulted: the patient must be bled again, the tube cannot answer. */
    NEEDS_REBLEED("Needs re-bleed");

    private final String words;

    TubeState(String words) {
        this.words = words;
    }

    public String words() {
        return words;
    }
}
