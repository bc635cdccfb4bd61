package org.pathguard.backup;

/** Told how a long restore is going, for a progress bar. */
public interface RestoreProgress {

    /** A phase starts with this many items (events, or snapshot parts) to go through. */
    void phase(String name, long total, String items);

    /** So many items of the current phase are done. */
    void done(long items);
}
