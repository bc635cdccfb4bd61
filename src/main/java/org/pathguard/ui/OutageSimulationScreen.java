package org.pathguard.ui;

import org.pathguard.access.Actor;
import org.pathguard.lab.Priority;
import org.pathguard.simulation.OutageSimulation;
import org.pathguard.simulation.Scenario;
import org.pathguard.simulation.SimulationFiles;
import org.pathguard.simulation.SimulationResults;
import org.pathguard.simulation.SimulationRun;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * The outage simulation on the router's screens: the network manager picks a shipped scenario and the partners' spare
 * capacities, and sees the chart (the same SVG the command writes) and each run's figures against what happened in 2024.
 * It is the same simulation as {@code ./pathguard network simulate}, run here on request; the last few answers are kept,
 * since a scenario and its spare levels always give the same figures.
 */
@Controller
@ConditionalOnProperty(name = "pathguard.mode", havingValue = "router")
class OutageSimulationScreen {

    private static final int MOST_SPARE_LEVELS = 7;
    private static final int KEPT = 4;

    /** One run's line in the table, in words. */
    record RunLine(String run, String critical, String urgent, long routineDeferred, long routineBacklogPeak, String cleared,
                   long turnedAway, long routed) {
    }

    private final Map<String, SimulationResults> kept = new LinkedHashMap<>(KEPT, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, SimulationResults> eldest) {
            return size() > KEPT;
        }
    };

    @GetMapping("/network/simulation")
    String simulation(Actor actor, @RequestParam(required = false) String scenario, @RequestParam(required = false) String spare,
                      Model model) {
        actor.require(Actor.Role.NETWORK_MANAGER, Actor.Role.LAB_MANAGER, Actor.Role.AUDITOR);
        model.addAttribute("scenarios", Scenario.SHIPPED);
        model.addAttribute("scenario", scenario == null ? Scenario.SHIPPED.getFirst() : scenario);
        model.addAttribute("spare", spare == null ? "0, 10, 30" : spare);
        Map<String, String> errors = new LinkedHashMap<>();
        model.addAttribute("errors", errors);
        if (scenario == null && spare == null) {
            return "network-simulation";
        }
        if (scenario == null || !Scenario.SHIPPED.contains(scenario)) {
            errors.put("scenario", "Choose one of the shipped scenarios: " + String.join(", ", Scenario.SHIPPED));
        }
        List<Double> spares = spares(spare, errors);
        if (!errors.isEmpty()) {
            return "network-simulation";
        }
        SimulationResults results = results(scenario, spares);
        model.addAttribute("results", results);
        model.addAttribute("chart", SimulationFiles.svg(results));
        List<RunLine> lines = new ArrayList<>();
        lines.add(line(results.baseline()));
        results.withRouter().forEach(run -> lines.add(line(run)));
        model.addAttribute("lines", lines);
        return "network-simulation";
    }

    private synchronized SimulationResults results(String scenario, List<Double> spares) {
        return kept.computeIfAbsent(scenario + spares, key -> new OutageSimulation(Scenario.load(scenario)).sweep(spares));
    }

    /** Whole percentages from 0 to 100, separated by commas or spaces; each problem said in words. */
    private static List<Double> spares(String typed, Map<String, String> errors) {
        List<Double> spares = new ArrayList<>();
        String[] parts = typed == null ? new String[0] : typed.strip().split("[,\\s]+");
        for (String part : parts) {
            if (part.isEmpty()) {
                continue;
            }
            if (!part.matches("\\d{1,3}") || Integer.parseInt(part) > 100) {
                errors.put("spare", "Spare capacity is a whole percentage from 0 to 100, for example 0, 10, 30; '"
                        + (part.length() > 20 ? part.substring(0, 20) + "…" : part) + "' is not");
                return List.of();
            }
            double share = Integer.parseInt(part) / 100.0;
            if (!spares.contains(share)) {
                spares.add(share);
            }
        }
        if (spares.isEmpty() && !errors.containsKey("spare")) {
            errors.put("spare", "Give at least one spare capacity, for example 0, 10, 30");
        } else if (spares.size() > MOST_SPARE_LEVELS) {
            errors.put("spare", "At most " + MOST_SPARE_LEVELS + " spare capacities in one run; " + spares.size() + " were given");
        }
        return spares;
    }

    private static RunLine line(SimulationRun run) {
        String label = run.response() == SimulationRun.Response.ROUTER
                ? "With the router, partners " + Math.round(run.spare() * 100) + "% spare" : "As in 2024 (no router)";
        String cleared = run.backlogClearedOn().isPresent() ? "day " + run.backlogClearedOn().getAsInt()
                : run.totals(Priority.ROUTINE).deferred() == 0 ? "nothing held" : "not by the end of the run";
        return new RunLine(label, percent(run.withinTargetDuringOutage(Priority.CRITICAL)),
                percent(run.withinTargetDuringOutage(Priority.URGENT)), run.totals(Priority.ROUTINE).deferred(),
                run.peakBacklog(Priority.ROUTINE), cleared, run.refusedTotal(), run.routedTotal());
    }

    private static String percent(OptionalDouble share) {
        return share.isPresent() ? String.format(Locale.ROOT, "%.1f%%", share.getAsDouble() * 100) : "none done";
    }
}
