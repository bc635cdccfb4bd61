package org.pathguard.posture;

/** The CAF's three ratings, worst last so that an outcome takes the worst of its indicators. */
public enum Rating {
    ACHIEVED, PARTIALLY_ACHIEVED, NOT_ACHIEVED;

    public Rating worse(Rating other) {
        return other.ordinal() > ordinal() ? other : this;
    }
}
