package org.pathguard.access;

import java.util.Arrays;

/**
 * Who is making a request, written into every event they cause: a signed-in person, a machine
 * credential, an HL7 sender, or PathGuard itself. The organisation (ODS code) is what the read
 * policy compares with a patient's requesters; a break-glass reason is present only on a request
 * that declared one.
 */
public record Actor(String name, Role role, String organisation, String breakGlass) {

    public enum Role {
        /** A requesting clinician (ward, clinic or GP practice). */
        REQUESTER,
        /** A biomedical scientist. */
        SCIENTIST,
        /** A clinical scientist or pathologist, who authorises results. */
        AUTHORISER,
        LAB_MANAGER,
        /** The privacy officer: reviews break-glass and alerts, reads no clinical data without break-glass. */
        AUDITOR,
        /** Manages users and configuration, reads no clinical data without break-glass. */
        ADMINISTRATOR,
        /**
         * Keeps the pathology network's directory at the network router (labs, requesters, mutual aid) with a second
         * person, and declares labs down and back. Reads no patient data, not even by break-glass.
         */
        NETWORK_MANAGER,
        /** A machine: analysers, order communications, partner labs. */
        INTERFACE,
        SYSTEM;

        public boolean human() {
            return this != INTERFACE && this != SYSTEM;
        }

        public boolean labStaff() {
            return this == SCIENTIST || this == AUTHORISER || this == LAB_MANAGER;
        }
    }

    public static final Actor SYSTEM = new Actor("pathguard", Role.SYSTEM);

    public Actor(String name, Role role) {
        this(name, role, null, null);
    }

    public Actor withBreakGlass(String reason) {
        return new Actor(name, role, organisation, reason);
    }

    public void require(Role... allowed) {
        for (Role r : allowed) {
            if (r == role) {
                return;
            }
        }
        throw new ForbiddenAction("This action needs one of the roles " + Arrays.toString(allowed)
                + "; you are acting as " + role);
    }

    public String logName() {
        return name + "/" + role;
    }

    /** Whether an event's actor (a {@link #logName()}) is this person, in whatever role they acted. */
    public boolean recorded(String actorLogName) {
        return actorLogName.startsWith(name + "/");
    }
}
