package org.pathguard.cli;

import org.pathguard.backup.BackupRefused;
import org.pathguard.backup.Restore;
import org.pathguard.crypto.KeyEscrow;
import org.pathguard.crypto.KeyStoreSettings;
import org.pathguard.writeonce.WriteOnceStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "restore", mixinStandardHelpOptions = true,
        description = "Restore the lab from its backup repository onto an empty database: check every segment against the "
                + "signed checkpoints, load the events, rebuild the projections.")
final class RestoreCommand implements Callable<Integer> {

    @Mixin
    StoreOptions store;

    @Option(names = "--from", required = true, description = "The backup repository: a directory or s3://bucket/prefix")
    String from;

    @Option(names = "--key-escrow", description = "Where the keys were escrowed (default for a directory repository: REPO-key-escrow)")
    String keyEscrow;

    @Option(names = "--recovery-key", description = "The offline recovery-private.json; not needed if the key directory still holds the lab's keys")
    Path recoveryKey;

    @Option(names = "--replay-all", description = "Rebuild the projections by replaying every event, ignoring snapshots")
    boolean replayAll;

    @Override
    public Integer call() throws Exception {
        long started = System.nanoTime();
        Path keyDir = store.keyDirectory();
        if (!Files.exists(keyDir.resolve("data-aead.json"))) {
            if (recoveryKey == null) {
                System.err.println("The key directory " + keyDir + " holds no keys: give --recovery-key (the offline recovery key)"
                        + " to unwrap the escrowed keys.");
                return 2;
            }
            String escrowAt = keyEscrow != null ? keyEscrow : from.startsWith("s3://") ? null : Path.of(from).toAbsolutePath().normalize() + "-key-escrow";
            if (escrowAt == null) {
                System.err.println("Give --key-escrow: where the keys of this S3 repository were escrowed.");
                return 2;
            }
            try (WriteOnceStore escrow = WriteOnceStore.open(escrowAt)) {
                var newest = KeyEscrow.newest(escrow);
                if (newest.isEmpty()) {
                    System.err.println("No escrowed keys in " + escrow.location());
                    return 2;
                }
                KeyEscrow.unwrapInto(escrow.read(newest.get()).orElseThrow(), Files.readString(recoveryKey),
                        new KeyStoreSettings(keyDir, store.kmsKeyUri, System.getenv().getOrDefault("PATHGUARD_MASTER_PASSPHRASE", "").toCharArray()));
                System.out.println("Keys unwrapped from " + escrow.location() + " into " + keyDir + " under this machine's master key.");
            }
        }
        try (var context = PathGuardCommand.start(store, null); WriteOnceStore repository = WriteOnceStore.open(from)) {
            Restore.Restored r = context.getBean(Restore.class).restore(repository, replayAll, new ProgressBar(System.out));
            double seconds = (System.nanoTime() - started) / 1e9;
            System.out.printf("""
                    Restored %,d events from %,d segments of %s
                      last sequence %,d, recorded at %s
                      every segment matched its signed checkpoint and the hash chain is unbroken
                      projections: %s, then %,d events replayed
                      checking and loading %.1f s, replaying %.1f s; %.1f s in all (%,.0f events/s)
                    """, r.events(), r.segments(), repository.location(), r.events(), r.lastRecordedAt(),
                    r.snapshotAt() == 0 ? "rebuilt from the log" : "snapshot at sequence %,d".formatted(r.snapshotAt()), r.replayed(),
                    r.loading().toMillis() / 1e3, r.replaying().toMillis() / 1e3, seconds, r.events() / seconds);
            return 0;
        } catch (BackupRefused refused) {
            System.err.println("REFUSED: " + refused.getMessage() + ". Nothing was restored.");
            return 1;
        }
    }
}
