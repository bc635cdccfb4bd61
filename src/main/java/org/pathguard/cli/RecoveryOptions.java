package org.pathguard.cli;

import org.pathguard.crypto.KeyEscrow;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/** Signed checkpoints, witnesses and backup shipping of a running server (serve and demo). */
final class RecoveryOptions {

    @Option(names = "--backup-repo", description = "Ship the event log to this write-once repository: a directory, or "
            + "s3://bucket/prefix (Object Lock in compliance mode; ?endpoint=URL for an S3-compatible server)")
    String backupRepo;

    @Option(names = "--key-escrow", description = "Where the keys are escrowed, wrapped to the recovery key, apart from the "
            + "backups (default for a directory repository: a sibling directory REPO-key-escrow)")
    String keyEscrow;

    @Option(names = "--recovery-public-key", description = "The recovery public key the escrow is wrapped to "
            + "(./pathguard backup recovery-key makes the pair; docs/recovery.md)")
    Path recoveryPublicKey;

    @Option(names = "--witness", description = "Send each checkpoint to this witness: a directory, or a partner lab's "
            + "PathGuard URL (repeatable)")
    List<String> witnesses = new ArrayList<>();

    @Option(names = "--witness-for", description = "Witness the log whose checkpoint public key is in this file: a partner "
            + "lab's checkpoint-public.json (repeatable)")
    List<Path> witnessFor = new ArrayList<>();

    @Option(names = "--drill-every", description = "Run the restore drill from the backup repository this often, e.g. P7D "
            + "(off unless given; ./pathguard drill restore runs one now)")
    java.time.Duration drillEvery;

    /**
     * Spring properties for these options. A demo without a recovery key gets one made in the data
     * directory, with a warning: a convenience a real lab replaces by the offline ceremony.
     */
    List<String> springArguments(Path dataDir, boolean demo) {
        List<String> args = new ArrayList<>(List.of("--pathguard.checkpoint.enabled=true"));
        if (!witnesses.isEmpty()) {
            args.add("--pathguard.witness.targets=" + String.join(",", witnesses));
        }
        if (!witnessFor.isEmpty()) {
            args.add("--pathguard.witness.logs=" + String.join(",", witnessFor.stream().map(p -> p.toAbsolutePath().toString()).toList()));
        }
        if (drillEvery != null) {
            args.add("--pathguard.drill.every=" + drillEvery);
        }
        if (backupRepo == null) {
            return args;
        }
        String escrow = keyEscrow;
        if (escrow == null && !backupRepo.startsWith("s3://")) {
            escrow = Path.of(backupRepo).toAbsolutePath().normalize() + "-key-escrow";
        }
        Path recoveryKey = recoveryPublicKey;
        if (recoveryKey == null && demo) {
            recoveryKey = demoRecoveryKey(dataDir.resolve("recovery-key"));
        }
        args.add("--pathguard.backup.repository=" + (backupRepo.startsWith("s3://") ? backupRepo : Path.of(backupRepo).toAbsolutePath().normalize()));
        args.add("--pathguard.backup.key-escrow=" + (escrow == null ? "" : escrow));
        args.add("--pathguard.backup.recovery-public-key=" + (recoveryKey == null ? "" : recoveryKey.toAbsolutePath()));
        return args;
    }

    private static Path demoRecoveryKey(Path directory) {
        Path publicKey = directory.resolve("recovery-public.json");
        if (!Files.exists(publicKey)) {
            writeRecoveryKey(KeyEscrow.newRecoveryKey(), directory);
            System.out.println("Demo: made a recovery key pair in " + directory + ". The private half belongs OFFLINE, not on this"
                    + " server (docs/recovery.md); restore needs it: --recovery-key " + directory.resolve("recovery-private.json"));
        }
        return publicKey;
    }

    static void writeRecoveryKey(KeyEscrow.RecoveryKey key, Path directory) {
        try {
            Files.createDirectories(directory);
            Path privateKey = directory.resolve("recovery-private.json");
            Files.writeString(privateKey, key.privateKeyset());
            Files.setPosixFilePermissions(privateKey, PosixFilePermissions.fromString("rw-------"));
            Files.writeString(directory.resolve("recovery-public.json"), key.publicKeyset());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the recovery key to " + directory, e);
        }
    }
}
