package org.pathguard.cli;

import org.pathguard.bench.LabBenchmark;
import org.pathguard.eventlog.EventLog;
import org.pathguard.lab.Catalogue;
import org.pathguard.order.OrderDesk;
import org.pathguard.patient.PatientRegistry;
import org.pathguard.result.ResultDesk;
import org.pathguard.specimen.SpecimenReception;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.util.concurrent.Callable;

@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measure event appends at several writer counts, result submissions, and rebuild replay. "
                + "Runs on a fresh throwaway data directory unless --data-dir or --db-url is given.")
final class BenchCommand implements Callable<Integer> {

    @Mixin
    StoreOptions store;

    @Option(names = "--writers", split = ",", defaultValue = "1,8,64", description = "Concurrent writer counts (default: ${DEFAULT-VALUE})")
    int[] writers;

    @Option(names = "--appends", defaultValue = "20000", description = "Raw appends per writer count (default: ${DEFAULT-VALUE})")
    int appends;

    @Option(names = "--submissions", defaultValue = "2000", description = "Result submissions per writer count (default: ${DEFAULT-VALUE})")
    int submissions;

    @Override
    public Integer call() throws Exception {
        if (store.dbUrl == null && store.dataDir.toString().equals("./pathguard-data")) {
            store.dataDir = Files.createTempDirectory("pathguard-bench-");
        }
        System.out.println("PathGuard benchmark on " + (store.dbUrl == null ? "embedded PostgreSQL in " + store.dataDir : store.dbUrl));
        try (var context = PathGuardCommand.start(store, null)) {
            new LabBenchmark(context.getBean(EventLog.class), context.getBean(PatientRegistry.class),
                    context.getBean(OrderDesk.class), context.getBean(SpecimenReception.class),
                    context.getBean(ResultDesk.class), context.getBean(Catalogue.class), System.out)
                    .run(writers, appends, submissions);
        }
        return 0;
    }
}
