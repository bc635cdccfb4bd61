package org.pathguard.backup;

/** Told how a long restore is going, for a progress bar. */
public interface RestoreProgress {

    /** A phase starts with this many events to go through. */
    void phase(String name, long events);

    /** So many events of the current phase are done. */
    void done(long events);
}
