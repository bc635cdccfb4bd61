package org.pathguard.breach;

import java.time.Duration;

/**
 * Where a running scan stands.
 *
 * @param bytesDone          bytes of the dump's files finished (files skipped on resume count as done)
 * @param bytesTotal         bytes of all the dump's files, known once the paths are walked
 * @param filesDone          top-level files finished
 * @param filesTotal         top-level files found
 * @param megabytesPerSecond the rate of this run (10^6 bytes a second), skipped files not counted
 * @param timeLeft           at that rate; null until there is a rate to go by
 * @param current            the path in the dump of a file being read now, or null
 */
public record ScanStatus(long bytesDone, long bytesTotal, int filesDone, int filesTotal, double megabytesPerSecond,
                         Duration timeLeft, String current) {
}
