package org.pathguard.breach;

/** Told how a scan is going, from the scan's own threads, at most a few times a second. */
public interface ScanProgress {

    ScanProgress NONE = status -> {
    };

    void update(ScanStatus status);
}
