package org.pathguard.posture;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/** B3.c: the keys are kept apart from the data they protect (see {@link KeyPlacement} for what is checked). */
@Component
class KeysOutsideDatabaseProbe implements Probe {

    static final Indicator INDICATOR = new Indicator("b3c-keys-outside-database", CafOutcome.B3_C,
            "The keys are kept outside the database and the backups, and the master key apart from them", Indicator.Kind.AUTOMATED);

    private final Path keyDir;
    private final Path databaseDir;
    private final Path backupDir;
    private final KeyPlacement.MasterSource master;

    KeysOutsideDatabaseProbe(@Value("${pathguard.key-dir}") Path keyDir, @Value("${pathguard.data-dir}") Path dataDir,
                             @Value("${pathguard.db-url:}") String dbUrl,
                             @Value("${pathguard.backup.repository:}") String backupRepository,
                             @Value("${pathguard.kms-key-uri:${PATHGUARD_KMS_KEY_URI:}}") String kmsKeyUri,
                             @Value("${PATHGUARD_MASTER_PASSPHRASE:}") String passphrase) {
        this.keyDir = keyDir;
        // As DatabaseConfiguration places the embedded PostgreSQL.
        this.databaseDir = dbUrl.isBlank() ? dataDir.resolve("postgres") : null;
        this.backupDir = backupRepository.isBlank() || backupRepository.startsWith("s3://") ? null : Path.of(backupRepository);
        // Only whether a passphrase is set is kept, never the passphrase.
        this.master = !kmsKeyUri.isBlank() ? KeyPlacement.MasterSource.KMS
                : !passphrase.isBlank() ? KeyPlacement.MasterSource.PASSPHRASE : KeyPlacement.MasterSource.KEY_FILE;
    }

    @Override
    public Indicator indicator() {
        return INDICATOR;
    }

    @Override
    public Reading take(Instant now) {
        List<String> readable = new ArrayList<>();
        try (Stream<Path> files = Files.list(keyDir)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                if (file.getFileName().toString().equals("checkpoint-public.json")) {
                    continue; // public by design: handed to witnesses and auditors
                }
                Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
                if (permissions.contains(PosixFilePermission.GROUP_READ) || permissions.contains(PosixFilePermission.OTHERS_READ)) {
                    readable.add(file.getFileName().toString());
                }
            }
        } catch (IOException | UnsupportedOperationException e) {
            return new Reading(INDICATOR, Rating.NOT_ACHIEVED, "Cannot look at the key directory " + keyDir + ": " + e.getMessage(),
                    List.of(), now);
        }
        KeyPlacement placement = new KeyPlacement(keyDir, databaseDir, backupDir, master,
                Files.exists(keyDir.resolve("master-key.json")), readable);
        List<Evidence> evidence = new ArrayList<>(List.of(
                new Evidence("key directory", placement.keyDir().toString()),
                new Evidence("database files", databaseDir == null ? "an external database (not on this server's disk)"
                        : placement.databaseDir().toString()),
                new Evidence("backup repository", backupDir == null ? "none on this server's disk" : placement.backupDir().toString()),
                new Evidence("master key", switch (master) {
                    case KEY_FILE -> "a key file in the key directory";
                    case PASSPHRASE -> "a passphrase (PATHGUARD_MASTER_PASSPHRASE)";
                    case KMS -> "a KMS key";
                })));
        return new Reading(INDICATOR, placement.rating(), placement.finding(), evidence, now);
    }
}
