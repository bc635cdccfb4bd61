package org.pathguard.access;

import java.time.Instant;
import java.util.UUID;

/** A privileged account change as proposed, and what the second administrator decided. */
public record AccountChange(UUID id, UUID accountId, String username, Kind kind, Actor.Role newRole, String reason,
                            String proposedBy, Instant proposedAt, State state, String decidedBy, Instant decidedAt) {

    public enum Kind {
        /** To a role that manages accounts, audits access or runs the lab. */
        ROLE,
        /** Re-enabling an account the read checks flagged. */
        ENABLE,
        /** Resetting an administrator's authenticator: whoever enrols through the link becomes that administrator. */
        AUTHENTICATOR_RESET
    }

    public enum State {
        AWAITING_APPROVAL, APPROVED, REFUSED
    }

    /** In words, for the screens and the privacy officer's notices. */
    public String describe() {
        return switch (kind) {
            case ROLE -> "make " + username + " " + newRole;
            case ENABLE -> "re-enable " + username + ", whose account the read checks flagged";
            case AUTHENTICATOR_RESET -> "reset the authenticator of administrator " + username;
        };
    }
}
