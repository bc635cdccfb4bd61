package org.pathguard.sitrep;

import java.util.List;

import org.pathguard.access.Actor;

/**
 * Where sitreps come from in this mode: at a lab, its own projections (one subject, the lab); at the network
 * router, its ledger (the network, and each lab as the router saw it). The REST API, the screen and the files
 * ask this, whichever mode they run in.
 */
public interface SitrepSource {

    /** What the actor may ask a sitrep about; refuses (with the reason) an actor who may see none. */
    List<Sitrep.Subject> subjects(Actor actor);

    /** The sitrep for one subject and period; refuses a subject not in {@link #subjects}, or a period not yet begun. */
    Sitrep make(Actor actor, Sitrep.Subject subject, SitrepPeriod period);
}
