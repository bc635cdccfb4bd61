package org.pathguard.posture;

import java.nio.file.Path;
import java.util.List;

/**
 * B3.c's rule for where the keys are, plain Java. What it checks: the key directory is not inside the embedded
 * database's data directory nor inside a backup repository directory (a copy of either must not carry the keys); the
 * key files are readable by their owner only; and the master key that unlocks them is not beside them — with a key
 * file it is (partially achieved: a copy of the key directory is then all it takes), with a passphrase or a KMS it must
 * not be (a master key file left there is partially achieved too).
 *
 * @param databaseDir the embedded PostgreSQL's data directory; null for an external database (its files are elsewhere)
 * @param backupDir the backup repository when it is a directory; null for none or S3
 * @param readableByOthers key files that group or others can read
 */
record KeyPlacement(Path keyDir, Path databaseDir, Path backupDir, MasterSource master, boolean masterFileInKeyDir,
                    List<String> readableByOthers) {

    enum MasterSource {
        KEY_FILE, PASSPHRASE, KMS
    }

    KeyPlacement {
        keyDir = keyDir.toAbsolutePath().normalize();
        databaseDir = databaseDir == null ? null : databaseDir.toAbsolutePath().normalize();
        backupDir = backupDir == null ? null : backupDir.toAbsolutePath().normalize();
        readableByOthers = List.copyOf(readableByOthers);
    }

    Rating rating() {
        if (inside(databaseDir) || inside(backupDir) || !readableByOthers.isEmpty()) {
            return Rating.NOT_ACHIEVED;
        }
        return master == MasterSource.KEY_FILE || masterFileInKeyDir ? Rating.PARTIALLY_ACHIEVED : Rating.ACHIEVED;
    }

    String finding() {
        if (inside(databaseDir)) {
            return "The keys are inside the database's data directory " + databaseDir + ": a copy of the database carries them";
        }
        if (inside(backupDir)) {
            return "The keys are inside the backup repository " + backupDir + ": a backup carries them";
        }
        if (!readableByOthers.isEmpty()) {
            return "Key files readable by others than their owner: " + String.join(", ", readableByOthers);
        }
        if (master == MasterSource.KEY_FILE) {
            return "The keys are outside the database, but the master key file is beside them: use a passphrase or a KMS";
        }
        if (masterFileInKeyDir) {
            return "The master key is a " + master.name().toLowerCase() + ", but a master key file is left in the key directory";
        }
        return "The keys are outside the database and the backups, and the master key (" + master.name().toLowerCase()
                + ") is not beside them";
    }

    private boolean inside(Path directory) {
        return directory != null && keyDir.startsWith(directory);
    }
}
