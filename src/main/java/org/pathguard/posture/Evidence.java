package org.pathguard.posture;

/** One fact a reading rests on, as a person reads it: "accounts with a second factor" = "14 of 14". No patient data. */
public record Evidence(String name, String value) {
}
