package org.pathguard.cli;

import org.pathguard.crypto.Keyring;
import org.pathguard.eventlog.EventLog;
import org.pathguard.keys.KeyRotated;
import org.pathguard.keys.KeyRotations;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.Set;
import java.util.concurrent.Callable;

@Command(name = "rebuild", mixinStandardHelpOptions = true,
        description = "Drop every projection and replay the event log into them.")
final class RebuildCommand implements Callable<Integer> {

    @Mixin
    StoreOptions store;

    @Option(names = "--operator", defaultValue = "${sys:user.name}",
            description = "Who is rebuilding, recorded if the rebuild finishes an interrupted key rotation (default: ${DEFAULT-VALUE})")
    String operator;

    @Override
    public Integer call() {
        // The rebuild is what makes the indexes with the current key, so it starts where the lab would refuse to.
        try (var context = PathGuardCommand.start(store, null, "--pathguard.keys.index-key-check=false")) {
            long started = System.nanoTime();
            long events = context.getBean(EventLog.class).rebuild();
            double seconds = (System.nanoTime() - started) / 1e9;
            System.out.printf("Rebuilt every projection from %d events in %.2f s (%.0f events/s)%n",
                    events, seconds, events / Math.max(seconds, 1e-9));
            // A key rotation interrupted before its rebuild is finished now: the rotation is recorded, the lab starts.
            for (KeyRotated rotated : context.getBean(KeyRotations.class).recordKeysTheProjectionsAreMadeWith(
                    context.getBean(Keyring.class), Set.of(Keyring.Kind.DATA, Keyring.Kind.INDEX), operator,
                    "projections rebuilt under the new key after the rotation was interrupted")) {
                System.out.println("Recorded the " + rotated.keyset().toLowerCase() + " key rotation to " + rotated.newKeyId()
                        + ": every projection is now made with it.");
            }
            return 0;
        }
    }
}
