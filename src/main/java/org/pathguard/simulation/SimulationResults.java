package org.pathguard.simulation;

import java.util.List;

/** A scenario's baseline and its router runs, one per partner spare share, in the order asked. */
public record SimulationResults(Scenario scenario, SimulationRun baseline, List<SimulationRun> withRouter) {

    public SimulationResults {
        withRouter = List.copyOf(withRouter);
    }
}
