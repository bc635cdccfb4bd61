package org.pathguard.cli;

import org.pathguard.eventlog.ChainVerification;
import org.pathguard.eventlog.EventLog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.concurrent.Callable;

@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Recompute the event log's hash chain and authenticate every payload.")
final class VerifyCommand implements Callable<Integer> {

    @Mixin
    StoreOptions store;

    @Override
    public Integer call() {
        try (var context = PathGuardCommand.start(store, null)) {
            ChainVerification v = context.getBean(EventLog.class).verify();
            if (v.intact()) {
                System.out.println("OK: " + v.eventCount() + " events, head hash " + v.headHash());
                return 0;
            }
            System.out.println("FAILED at sequence " + v.firstBadSequence() + ": " + v.problem()
                    + " (" + v.eventCount() + " events before it verify)");
            return 1;
        }
    }
}
