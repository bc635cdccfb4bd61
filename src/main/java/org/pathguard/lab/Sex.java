package org.pathguard.lab;

/** Administrative sex as used to choose reference ranges. */
public enum Sex {
    MALE, FEMALE, UNKNOWN
}
