package org.pathguard.cli;

import org.pathguard.simulation.OutageSimulation;
import org.pathguard.simulation.Scenario;
import org.pathguard.simulation.SimulationFiles;
import org.pathguard.simulation.SimulationResults;
import org.pathguard.simulation.SimulationRun;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** Commands about the pathology network as a whole, run without a lab's database. */
@Command(name = "network", mixinStandardHelpOptions = true, subcommands = NetworkCommand.Simulate.class,
        description = "The pathology network: simulate a lab falling and the network answering.")
final class NetworkCommand {

    @Command(name = "simulate", mixinStandardHelpOptions = true,
            description = "Simulate an outage of one lab of a network over weeks, with the network router's own routing policy at each "
                    + "level of partner spare capacity and against the baseline of what happened without a router. Writes a CSV per "
                    + "run, a summary CSV, the chart as SVG and PNG, and a report in Markdown. No database, no server.")
    static final class Simulate implements Callable<Integer> {

        @Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--scenario", required = true,
                description = "A shipped scenario by name (london-2024) or a scenario JSON file")
        String scenario;

        @Option(names = "--out", defaultValue = "./pathguard-simulation", description = "Directory for the files (default: ${DEFAULT-VALUE})")
        Path out;

        @Option(names = "--spare", split = ",", paramLabel = "PERCENT",
                description = "Partner spare capacity to sweep, in percent of their normal (default: the scenario's, 0,5,...,30 for london-2024)")
        int[] sparePercent;

        @Override
        public Integer call() {
            Scenario loaded;
            try {
                loaded = Scenario.load(scenario);
            } catch (Scenario.Invalid e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
            List<Double> spares = sparePercent == null ? loaded.partnerSpareShare().value()
                    : Arrays.stream(sparePercent).mapToObj(p -> p / 100.0).toList();
            if (spares.isEmpty() || spares.stream().anyMatch(s -> s < 0 || s > 1)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--spare takes percentages from 0 to 100");
            }
            long started = System.nanoTime();
            OutageSimulation simulation = new OutageSimulation(loaded);
            SimulationResults results = simulation.sweep(spares);
            double simulated = (System.nanoTime() - started) / 1e9;
            List<Path> files;
            try {
                files = SimulationFiles.write(results, out);
            } catch (java.io.IOException e) {
                System.err.println("Cannot write the simulation's files to " + out + ": " + e.getMessage());
                return 1;
            }
            double total = (System.nanoTime() - started) / 1e9;
            System.out.printf(Locale.ROOT, "%s: %d days, %,d requests, %d router runs and the baseline simulated in %.2f s "
                            + "(%.2f s with the files) on %d processors.%n", loaded.name(), loaded.days(),
                    results.baseline().arrivedTotal(), results.withRouter().size(), simulated, total, Runtime.getRuntime().availableProcessors());
            for (SimulationRun run : java.util.stream.Stream.concat(results.withRouter().stream(), java.util.stream.Stream.of(results.baseline())).toList()) {
                if (!run.accountsForEveryRequest()) {
                    System.err.println("A run does not account for every request: " + run.label());
                    return 1;
                }
            }
            System.out.println();
            System.out.print(SimulationFiles.table(results));
            System.out.println();
            files.forEach(f -> System.out.println("wrote " + f));
            return 0;
        }
    }
}
