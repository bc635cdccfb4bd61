package org.pathguard.access;

import org.pathguard.lab.FreeText;

import java.util.Set;

/**
 * Whether someone may read a patient's data, and why. A requester reads patients their own
 * organisation has asked the lab to test; lab staff read patients whose work is in their lab;
 * anyone else, and anyone without such a reason, only by break-glass with a typed reason.
 * Machines never read patients.
 */
public final class ReadPolicy {

    public enum Reason {
        CARE_RELATIONSHIP, LAB_WORK, BREAK_GLASS,
        /** A registered export (approved by a second person when identifiable): the register governs it, not the budget. */
        REGISTERED_EXPORT,
        /**
         * A requester's own list of the samples it sent (every sample accounted for, in an incident): only patients its own
         * organisation ordered for, each read kept, a download noticed to the privacy officer; not the budget's.
         */
        OWN_SAMPLE_LIST
    }

    /** What the lab knows that could justify a read: which organisations requested work for the patient. */
    public record PatientRelations(Set<String> requesters) {

        public boolean labWork() {
            return !requesters.isEmpty();
        }
    }

    static final int SHORTEST_BREAK_GLASS_REASON = FreeText.SHORTEST_REASON;

    private ReadPolicy() {
    }

    /** Whether a break-glass reason reads as a reason (see {@link FreeText#saysWhy}): the privacy officer reviews it. */
    static boolean saysWhy(String reason) {
        return FreeText.saysWhy(reason);
    }

    public static Reason decide(Actor actor, String labOds, PatientRelations relations) {
        if (!actor.role().human()) {
            throw new ReadRefused("Machine credentials can send orders and results but cannot read patient data");
        }
        if (actor.role() == Actor.Role.NETWORK_MANAGER) {
            // The network's directory and its declarations never need a patient; break-glass is for care.
            throw new ReadRefused("A network manager keeps the network's directory and reads no patient data");
        }
        if (actor.role() == Actor.Role.REQUESTER && actor.organisation() != null
                && relations.requesters().contains(actor.organisation())) {
            return Reason.CARE_RELATIONSHIP;
        }
        if (actor.role().labStaff() && labOds.equals(actor.organisation()) && relations.labWork()) {
            return Reason.LAB_WORK;
        }
        String reason = actor.breakGlass();
        if (reason != null && saysWhy(reason)) {
            return Reason.BREAK_GLASS;
        }
        if (reason != null) {
            throw new ReadRefused("A break-glass reason must say why, in words: at least " + SHORTEST_BREAK_GLASS_REASON
                    + " characters and two words (for example \"unconscious patient in ED, no GP record\")");
        }
        throw new ReadRefused("You have no care relationship with this patient and no lab work for them. "
                + "In an emergency, repeat the request with a break-glass reason; it will be logged and reviewed by the privacy officer");
    }
}
