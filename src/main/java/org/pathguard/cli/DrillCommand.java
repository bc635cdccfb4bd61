package org.pathguard.cli;

import org.pathguard.access.Actor;
import org.pathguard.drill.RestoreDrill;
import org.pathguard.drill.RestoreDrillResult;
import org.pathguard.writeonce.WriteOnceStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

@Command(name = "drill", mixinStandardHelpOptions = true, description = "Drills that prove the lab can recover.",
        subcommands = DrillCommand.RestoreDrillCommand.class)
final class DrillCommand {

    @Command(name = "restore", mixinStandardHelpOptions = true,
            description = "Restore the latest backup into a scratch embedded PostgreSQL, verify its chain and checkpoint, compare its "
                    + "counts with this lab's, record the result and remove the copy. Exit code 0 when the drill passed, 1 when it failed.")
    static final class RestoreDrillCommand implements Callable<Integer> {

        @Mixin
        StoreOptions store;

        @Option(names = "--from", required = true, description = "The backup repository: a directory or s3://bucket/prefix")
        String from;

        @Override
        public Integer call() {
            try (var context = PathGuardCommand.start(store, null); WriteOnceStore repository = WriteOnceStore.open(from)) {
                RestoreDrillResult r = context.getBean(RestoreDrill.class).run(Actor.SYSTEM, repository);
                System.out.printf("%s: restore drill from %s in %.1f s; %,d events restored%n  %s%n",
                        r.passed() ? "PASSED" : "FAILED", r.repository(), r.duration().toMillis() / 1e3, r.eventsRestored(),
                        r.passed() ? r.counts() : r.reason());
                return r.passed() ? 0 : 1;
            }
        }
    }
}
