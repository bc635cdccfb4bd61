package org.pathguard.interop.hl7;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code pathguard serve} on embedded PostgreSQL in a process of its own, so that a test can kill it
 * as a crash would: the JVM and every PostgreSQL process at once, with SIGKILL.
 */
final class ServerProcess {

    private static final Pattern SERVING = Pattern.compile("PathGuard is serving on .* HL7 v2 over MLLP on port (\\d+)");
    private static final Pattern DATABASE = Pattern.compile("Embedded PostgreSQL running on port (\\d+)");

    private final Process jvm;
    private final Path dataDir;
    private final Path log;
    private final int mllpPort;
    private final int databasePort;
    private final Duration startUp;

    private ServerProcess(Process jvm, Path dataDir, Path log, int mllpPort, int databasePort, Duration startUp) {
        this.jvm = jvm;
        this.dataDir = dataDir;
        this.log = log;
        this.mllpPort = mllpPort;
        this.databasePort = databasePort;
        this.startUp = startUp;
    }

    /** Starts the server on the data directory (free ports of its choosing) and returns once MLLP takes connections. */
    static ServerProcess start(Path dataDir, Path log) throws IOException, InterruptedException {
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // A drill starts the server many times on two cores: the C1 compiler alone and the serial collector
                // nearly halve its start-up. Durability is PostgreSQL's, which no JVM flag touches.
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"),
                "org.pathguard.cli.PathGuardCommand", "serve", "--data-dir", dataDir.toString(), "--port", "0", "--mllp-port", "0",
                "--mllp-plain");
        long started = System.nanoTime();
        Process jvm = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        // Not a performance limit: only how long to wait before calling a start that never finishes a failure.
        long giveUp = started + TimeUnit.MINUTES.toNanos(3);
        while (true) {
            String output = new String(Files.readAllBytes(log), StandardCharsets.UTF_8);
            Matcher serving = SERVING.matcher(output);
            if (serving.find()) {
                Matcher database = DATABASE.matcher(output);
                assertThat(database.find()).as("the embedded PostgreSQL's port in %s", log).isTrue();
                return new ServerProcess(jvm, dataDir, log, Integer.parseInt(serving.group(1)),
                        Integer.parseInt(database.group(1)), Duration.ofNanos(System.nanoTime() - started));
            }
            if (!jvm.isAlive() || System.nanoTime() > giveUp) {
                kill(jvm, postmaster(dataDir));
                throw new AssertionError("The server did not start on " + dataDir + "; its output (" + log + ") ends:\n"
                        + output.substring(Math.max(0, output.length() - 4_000)));
            }
            Thread.sleep(50);
        }
    }

    int mllpPort() {
        return mllpPort;
    }

    int databasePort() {
        return databasePort;
    }

    Duration startUp() {
        return startUp;
    }

    boolean running() {
        return jvm.isAlive();
    }

    Path log() {
        return log;
    }

    /**
     * SIGKILL to the JVM and to every PostgreSQL process. pg_ctl starts the postmaster in a session of its own, so it is
     * not the JVM's descendant: DATA-DIR/postgres/postmaster.pid names it.
     */
    void crash() throws IOException, InterruptedException {
        Optional<ProcessHandle> postmaster = postmaster(dataDir);
        assertThat(postmaster).as("the embedded PostgreSQL's postmaster (postmaster.pid in %s)", dataDir).isPresent();
        kill(jvm, postmaster);
    }

    /** Stops the server as an operator would (SIGTERM): Spring closes and PostgreSQL shuts down cleanly. */
    void stop() throws InterruptedException {
        jvm.destroy();
        assertThat(jvm.waitFor(2, TimeUnit.MINUTES)).as("the server stopped on SIGTERM (see %s)", log).isTrue();
    }

    private static Optional<ProcessHandle> postmaster(Path dataDir) throws IOException {
        Path pidFile = dataDir.resolve("postgres").resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return Optional.empty();
        }
        long pid = Long.parseLong(Files.readAllLines(pidFile).getFirst().strip());
        // Only a postgres: a file left by an earlier crash may name a number since given to another process.
        return ProcessHandle.of(pid).filter(p -> p.info().command().orElse("").endsWith("/postgres"));
    }

    private static void kill(Process jvm, Optional<ProcessHandle> postmaster) throws InterruptedException {
        // Every process is listed before any is killed: once a parent dies its children are no longer its descendants.
        List<ProcessHandle> processes = new ArrayList<>();
        processes.add(jvm.toHandle());
        jvm.descendants().forEach(processes::add);
        postmaster.ifPresent(p -> {
            processes.add(p);
            p.descendants().forEach(processes::add);
        });
        processes.forEach(ProcessHandle::destroyForcibly);
        // Polled, not onExit(): for a process not our child that waits 300 ms and more per process.
        long giveUp = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        for (ProcessHandle process : processes) {
            while (process.isAlive()) {
                if (System.nanoTime() > giveUp) {
                    throw new AssertionError("Process " + process.pid() + " survived SIGKILL");
                }
                Thread.sleep(10);
            }
        }
    }
}
