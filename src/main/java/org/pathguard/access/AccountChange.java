package org.pathguard.access;

import java.time.Instant;
import java.util.UUID;

/** An account change that needs a second administrator, as proposed, and what the second administrator decided. */
public record AccountChange(UUID id, UUID accountId, String username, Kind kind, Actor.Role newRole, String reason,
                            String proposedBy, Instant proposedAt, State state, String decidedBy, Instant decidedAt) {

    public enum Kind {
        /** To a role that manages accounts, audits access or runs the lab. */
        ROLE,
        /** Re-enabling a disabled account: whoever disabled it may have had cause. */
        ENABLE,
        /** Resetting someone's authenticator: whoever enrols through the link becomes that person. */
        AUTHENTICATOR_RESET
    }

    public enum State {
        AWAITING_APPROVAL, APPROVED, REFUSED
    }

    /** In words, for the screens and the privacy officer's notices. */
    public String describe() {
        return switch (kind) {
            case ROLE -> "make " + username + " " + newRole;
            case ENABLE -> "re-enable " + username;
            case AUTHENTICATOR_RESET -> "reset " + username + "'s authenticator with a new enrolment link for the approver to hand over";
        };
    }
}
