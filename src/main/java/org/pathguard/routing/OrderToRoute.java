package org.pathguard.routing;

import org.pathguard.lab.Priority;

import java.util.Set;

/** What triage needs to know of one incoming request for a fallen lab: its priority, its tests and who asked. */
public record OrderToRoute(Priority priority, Set<String> tests, String requester) {

    public OrderToRoute {
        tests = Set.copyOf(tests);
    }
}
