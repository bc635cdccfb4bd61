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

    public static final String ACTOR_HEADER = "X-PathGuard-Actor";
    public static final String ROLE_HEADER = "X-PathGuard-Role";
    private static final java.util.regex.Pattern NAME = java.util.regex.Pattern.compile("^[A-Za-z0-9._@-]{2,64}$");

    /** The actor a request names in its headers; SYSTEM is never taken from outside. */
    public static Actor fromHeaders(String name, String role) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new UnidentifiedActor("Send the " + ACTOR_HEADER + " header naming who is acting (2-64 letters, digits, . _ @ -)");
        }
        try {
            Role parsed = Role.valueOf(role == null ? "" : role.trim().toUpperCase());
            if (parsed == Role.SYSTEM) {
                throw new IllegalArgumentException();
            }
            return new Actor(name, parsed);
        } catch (IllegalArgumentException e) {
            throw new UnidentifiedActor("Send the " + ROLE_HEADER + " header with one of " + java.util.Arrays.toString(
                    java.util.Arrays.stream(Role.values()).filter(r -> r != Role.SYSTEM).toArray()));
        }
    }

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
