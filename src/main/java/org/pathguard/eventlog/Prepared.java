package org.pathguard.eventlog;

import java.util.List;

/**
 * A checked change not yet appended: what it will create and the events that create it. Adapters
 * that must record several changes atomically (an HL7 order that registers its patient, say)
 * append the events of several together.
 */
public record Prepared<T>(T outcome, List<NewEvent> events) {

    public Prepared {
        events = List.copyOf(events);
    }
}
