package org.pathguard.access;

import java.util.Set;

/** What a machine credential may send. No scope reads patient data. */
public final class Scope {

    /** Place orders and register their patients (order communications, FHIR transactions). */
    public static final String ORDERS = "orders";
    /** Post analyser results, patient and QC. */
    public static final String RESULTS = "results";
    /** See routes and the outbound report queue, replay dead letters (interface engineers' tools); routes are set by a lab manager. */
    public static final String INTERFACES = "interfaces";
    /** Mark specimens received (a lab automation line's tube scanner). */
    public static final String RECEPTION = "reception";
    public static final Set<String> NAMES = Set.of(ORDERS, RESULTS, INTERFACES, RECEPTION);

    private Scope() {
    }
}
