package org.pathguard.cli;

import org.pathguard.eventlog.EventLog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.concurrent.Callable;

@Command(name = "rebuild", mixinStandardHelpOptions = true,
        description = "Drop every projection and replay the event log into them.")
final class RebuildCommand implements Callable<Integer> {

    @Mixin
    StoreOptions store;

    @Override
    public Integer call() {
        try (var context = PathGuardCommand.start(store, null)) {
            long started = System.nanoTime();
            long events = context.getBean(EventLog.class).rebuild();
            double seconds = (System.nanoTime() - started) / 1e9;
            System.out.printf("Rebuilt every projection from %d events in %.2f s (%.0f events/s)%n",
                    events, seconds, events / Math.max(seconds, 1e-9));
            return 0;
        }
    }
}
