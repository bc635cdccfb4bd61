package org.pathguard.lab;

/** Clinical priority of a request; critical is emergency-department and life-threatening work. */
public enum Priority {
    CRITICAL, URGENT, ROUTINE
}
