package org.pathguard.drill;

import org.pathguard.PathGuardApplication;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.context.logging.LoggingApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.util.FileSystemUtils;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A PathGuard of its own on a scratch embedded PostgreSQL, for one drill, deleted when closed. It opens the lab's own
 * keys (read only: the key directory is shared, not copied, so no second copy of the keysets is left on disk) and
 * does nothing by itself: no web server, no HL7 listener or outbound queue (a restored queue must never resend to
 * the lab's partners), no checkpoints, witnesses, backup shipping or drills of its own. Always in lab mode, even for a
 * router's backups: router mode would start the router's dispatch, which sends to the labs.
 */
final class ScratchLab implements AutoCloseable {

    private final Path directory;
    private final ConfigurableApplicationContext context;

    private ScratchLab(Path directory, ConfigurableApplicationContext context) {
        this.directory = directory;
        this.context = context;
    }

    /** {@code passphrase}: the master key's, when the lab's is one (given to the lab's context, perhaps not by the environment). */
    static ScratchLab start(Path directory, Path keyDir, String kmsKeyUri, String passphrase, String labOds) {
        SpringApplication application = new SpringApplication(PathGuardApplication.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        application.setRegisterShutdownHook(false);
        // The logging system is the whole process's: a scratch context must not reset the running server's.
        application.setListeners(application.getListeners().stream().filter(l -> !(l instanceof LoggingApplicationListener)).toList());
        // A default, not an argument: the environment's own value, if any, is the same and still wins.
        application.setDefaultProperties(Map.of("PATHGUARD_MASTER_PASSPHRASE", passphrase));
        List<String> args = List.of("--pathguard.data-dir=" + directory, "--pathguard.key-dir=" + keyDir,
                "--pathguard.kms-key-uri=" + (kmsKeyUri == null ? "" : kmsKeyUri), "--pathguard.lab.ods-code=" + labOds,
                "--pathguard.db-url=", "--pathguard.db-pool-size=4", "--pathguard.mode=lab",
                "--pathguard.mllp.enabled=false", "--pathguard.outbound.enabled=false", "--pathguard.checkpoint.enabled=false",
                "--pathguard.backup.repository=", "--pathguard.witness.targets=", "--pathguard.witness.logs=",
                "--pathguard.drill.every=", "--pathguard.breach.roots=",
                // The copy must hold exactly the backup's events: a restore that replays under a newer index key records
                // that key in a lab that will start, which this copy never does.
                "--pathguard.restore.record-index-key=false");
        try {
            return new ScratchLab(directory, application.run(args.toArray(String[]::new)));
        } catch (RuntimeException e) {
            delete(directory);
            throw e;
        }
    }

    <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    /** Stops the scratch database, then deletes its files. */
    @Override
    public void close() {
        try {
            context.close();
        } finally {
            delete(directory);
        }
    }

    /** ScratchLab's own failure to delete, whose message is only the scratch directory's name. */
    static final class NotRemoved extends UncheckedIOException {
        NotRemoved(Path directory, IOException cause) {
            super("Cannot remove the drill's scratch copy " + directory, cause);
        }
    }

    /**
     * Removes every {@code drill-*} directory under {@code scratchRoot}: copies of the lab left by a drill whose JVM was
     * killed before it could delete its own. Returns what it removed (their names carry a drill id, nothing of a patient).
     */
    static List<Path> removeStale(Path scratchRoot) {
        if (!Files.isDirectory(scratchRoot)) {
            return List.of();
        }
        List<Path> stale;
        try (Stream<Path> list = Files.list(scratchRoot)) {
            stale = list.filter(p -> p.getFileName().toString().startsWith("drill-") && Files.isDirectory(p)).sorted().toList();
        } catch (IOException e) {
            throw new NotRemoved(scratchRoot, e);
        }
        stale.forEach(ScratchLab::delete);
        return stale;
    }

    static void delete(Path directory) {
        try {
            FileSystemUtils.deleteRecursively(directory);
        } catch (IOException e) {
            throw new NotRemoved(directory, e);
        }
    }
}
