package org.pathguard.keys;

/**
 * One keyset rotated: {@code keyset} is DATA, INDEX, CHECKPOINT or MASTER, {@code newKeyId} the new primary key's id as
 * Tink numbers it (for MASTER, the new master key's source: KEY_FILE or PASSPHRASE), {@code operator} the person who
 * ran the command on the server (the log's actor is PathGuard itself: a stopped server has no signed-in person).
 * No key material.
 */
public record KeyRotated(String keyset, String newKeyId, String operator, String note) {
}
