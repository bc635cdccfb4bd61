package org.pathguard.access;

/**
 * Who is making a request, written into every event they cause. Until the access-security issue
 * replaces it, the caller names itself in the {@code X-PathGuard-Actor} and {@code X-PathGuard-Role}
 * headers.
 */
public record Actor(String name, Role role) {

    public enum Role {
        REQUESTER, SCIENTIST, AUTHORISER, INTERFACE, SYSTEM
    }

    public static final Actor SYSTEM = new Actor("pathguard", Role.SYSTEM);

    public void require(Role... allowed) {
        for (Role r : allowed) {
            if (r == role) {
                return;
            }
        }
        throw new ForbiddenAction("This action needs one of the roles " + java.util.Arrays.toString(allowed)
                + "; you are acting as " + role);
    }

    public String logName() {
        return name + "/" + role;
    }
}
