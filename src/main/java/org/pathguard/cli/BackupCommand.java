package org.pathguard.cli;

import org.pathguard.audit.CheckpointKey;
import org.pathguard.backup.BackupStatus;
import org.pathguard.crypto.KeyEscrow;
import org.pathguard.writeonce.WriteOnceStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;

@Command(name = "backup", mixinStandardHelpOptions = true, description = "Backup status and the recovery key.",
        subcommands = {BackupCommand.Status.class, BackupCommand.RecoveryKey.class})
final class BackupCommand {

    @Command(name = "status", mixinStandardHelpOptions = true,
            description = "Show the last shipped sequence and when it was checkpointed (the current RPO), from the repository alone.")
    static final class Status implements Callable<Integer> {
        @Option(names = "--backup-repo", required = true, description = "The repository: a directory or s3://bucket/prefix")
        String repository;

        @Option(names = "--public-key", description = "The lab's checkpoint-public.json (default: the key stored in the repository)")
        Path publicKey;

        @Option(names = "--origin", defaultValue = "pathguard/${env:PATHGUARD_LAB_ODS:-PGLAB}/event-log",
                description = "The log's origin (default: ${DEFAULT-VALUE})")
        String origin;

        @Override
        public Integer call() throws Exception {
            try (WriteOnceStore store = WriteOnceStore.open(repository)) {
                CheckpointKey key = publicKey != null ? CheckpointKey.fromJson(Files.readString(publicKey)) : BackupStatus.storedKey(store);
                BackupStatus status = BackupStatus.of(store, origin, key);
                if (status.segments() == 0) {
                    System.out.println(store.location() + ": nothing shipped yet");
                    return 1;
                }
                Duration age = Duration.between(status.lastCheckpointAt(), Instant.now());
                System.out.printf("%s: %,d segments; last shipped sequence %,d, checkpointed at %s (%s ago: the current RPO)%n",
                        store.location(), status.segments(), status.lastSequence(), status.lastCheckpointAt(),
                        age.toSeconds() < 120 ? age.toSeconds() + " s" : age.toMinutes() + " min");
                return 0;
            }
        }
    }

    @Command(name = "recovery-key", mixinStandardHelpOptions = true,
            description = "Make the recovery key pair (on an offline machine: docs/recovery.md). The public half goes to the servers.")
    static final class RecoveryKey implements Callable<Integer> {
        @Option(names = "--out", required = true, description = "Directory for recovery-private.json and recovery-public.json")
        Path out;

        @Override
        public Integer call() {
            if (Files.exists(out.resolve("recovery-private.json"))) {
                System.err.println(out.resolve("recovery-private.json") + " exists already; it is never overwritten.");
                return 1;
            }
            RecoveryOptions.writeRecoveryKey(KeyEscrow.newRecoveryKey(), out);
            System.out.printf("""
                    Recovery key pair written to %s:
                      recovery-public.json   give to each server: --recovery-public-key
                      recovery-private.json  keep OFFLINE (two copies, sealed, apart); restore needs it: --recovery-key
                    """, out.toAbsolutePath());
            return 0;
        }
    }
}
