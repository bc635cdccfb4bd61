package org.pathguard.e2e;

import org.pathguard.Api;
import org.pathguard.backup.BackupStatus;
import org.pathguard.cli.PathGuardCommand;
import org.pathguard.database.DatabaseServer;
import org.pathguard.writeonce.WriteOnceStore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A PathGuard command ({@code serve}, {@code router}) in a JVM of its own on its own data directory and embedded
 * PostgreSQL, as a deployment runs it, so that a test can kill it as a crash or an attack would: the JVM and every
 * PostgreSQL process of its data directory at once, with SIGKILL. Restarted or restored, it listens on the same ports,
 * so its partners reach it again where they always did.
 * <p>
 * Each start writes the process's output to a log of its own ({@code LOGDIR/NAME-NN.log}); every failure names it.
 */
public final class LabProcess implements AutoCloseable {

    /** Not a performance limit: how long to wait before calling a start, a command or a condition that never comes a failure. */
    public static final Duration GIVE_UP = Duration.ofMinutes(3);

    private static final Pattern DATABASE = Pattern.compile("Embedded PostgreSQL running on port (\\d+)");
    private static final Pattern HTTP = Pattern.compile("Tomcat started on port (\\d+)");
    private static final Pattern MLLP = Pattern.compile("MLLP on port (\\d+)");
    private static final Map<String, String> TEST_PACE = Map.of(
            "pathguard.outbound.poll", "PT0.2S", "pathguard.outbound.first-retry", "PT0.5S", "pathguard.outbound.longest-retry", "PT2S",
            "pathguard.rate-limit.sign-ins-per-address-per-minute", "100000",
            "pathguard.rate-limit.sign-ins-per-username-per-minute", "100000",
            "pathguard.rate-limit.calls-per-principal-per-minute", "100000");

    /**
     * How to start one process: the command, its data directory, the ports it listens on (0: of its choosing, read from
     * its output; a test that restarts a process chooses them, {@link #freePort()}), command-line options, and Spring
     * settings ({@code pathguard.lab.ods-code} and the like), which go to the JVM as system properties because the
     * command line takes only its own options.
     */
    public record Launch(String name, String command, Path dataDir, int httpPort, int mllpPort, List<String> options,
                         Map<String, String> settings, Backups backups, Pattern ready) {

        public Launch {
            options = List.copyOf(options);
            settings = Map.copyOf(settings);
        }

        /**
         * {@code pathguard serve} taking plain MLLP from its registered senders' addresses. Reports to requesters are
         * retried within a second or two rather than the production back-off, so a test waits for delivery, not for a
         * timer; sign-ins are not rate-limited, since a test signs in its staff from one address in a burst.
         */
        public static Launch serve(String name, Path dataDir, int httpPort, int mllpPort) {
            return new Launch(name, "serve", dataDir, httpPort, mllpPort, List.of("--mllp-plain"), TEST_PACE, null,
                    Pattern.compile("PathGuard is serving on"));
        }

        /**
         * {@code pathguard router} (the network router: the same application in router mode), with serve's options and
         * the same test pace. Its own settings (forwarding retries, the suspicion window) are the caller's to add.
         */
        public static Launch router(String name, Path dataDir, int httpPort, int mllpPort) {
            return new Launch(name, "router", dataDir, httpPort, mllpPort, List.of("--mllp-plain"), TEST_PACE, null,
                    Pattern.compile("PathGuard network router is serving on"));
        }

        /** Another PathGuard command started the same way; {@code ready} is the line it prints once it serves. */
        public static Launch of(String name, String command, Path dataDir, int httpPort, int mllpPort, Pattern ready) {
            return new Launch(name, command, dataDir, httpPort, mllpPort, List.of(), Map.of(), null, ready);
        }

        public Launch option(String... more) {
            List<String> all = new ArrayList<>(options);
            all.addAll(List.of(more));
            return new Launch(name, command, dataDir, httpPort, mllpPort, all, settings, backups, ready);
        }

        public Launch setting(String key, String value) {
            Map<String, String> all = new LinkedHashMap<>(settings);
            all.put(key, value);
            return new Launch(name, command, dataDir, httpPort, mllpPort, options, all, backups, ready);
        }

        /** This lab's ODS code: as it names itself in HL7 (MSH-4), in reports and in its checkpoints' origin. */
        public Launch odsCode(String ods) {
            return setting("pathguard.lab.ods-code", ods);
        }

        public String labOdsCode() {
            return settings.getOrDefault("pathguard.lab.ods-code", "PGLAB");
        }

        /** Ships the event log to this write-once repository, its keys escrowed to the recovery key. */
        public Launch backups(Backups repository) {
            return new Launch(name, command, dataDir, httpPort, mllpPort, options, settings, repository, ready);
        }

        public Launch dataDir(Path other) {
            return new Launch(name, command, other, httpPort, mllpPort, options, settings, backups, ready);
        }

        List<String> arguments() {
            List<String> args = new ArrayList<>(List.of(command, "--data-dir", dataDir.toString(), "--port",
                    String.valueOf(httpPort), "--mllp-port", String.valueOf(mllpPort)));
            args.addAll(options);
            if (backups != null) {
                args.addAll(List.of("--backup-repo", backups.repository().toString(), "--key-escrow", backups.escrow().toString(),
                        "--recovery-public-key", backups.recoveryKey().resolve("recovery-public.json").toString()));
            }
            return args;
        }
    }

    /**
     * A write-once backup repository, the escrow of the keys that open it, and the recovery key pair: the private half
     * is what the lab keeps offline, in a safe, and fetches on the day (docs/recovery.md).
     */
    public record Backups(Path repository, Path escrow, Path recoveryKey) {

        /** A new repository, escrow and recovery key under {@code directory}. */
        public static Backups under(Path directory) {
            Backups b = new Backups(directory.resolve("repository"), directory.resolve("key-escrow"), directory.resolve("recovery-key"));
            if (PathGuardCommand.run("backup", "recovery-key", "--out", b.recoveryKey().toString()) != 0) {
                throw new AssertionError("backup recovery-key refused to make a key in " + b.recoveryKey());
            }
            return b;
        }
    }

    /** A one-shot command's exit code and output. */
    public record Run(int exitCode, String output, Path log) {

        /** The output's first match of {@code pattern}'s group 1, or a failure naming the log. */
        public String find(Pattern pattern) {
            Matcher m = pattern.matcher(output);
            if (!m.find()) {
                throw new AssertionError("No " + pattern + " in the output of " + log + ":\n" + tail(output));
            }
            return m.group(1);
        }
    }

    private final Launch launch;
    private final Process jvm;
    private final Path logDir;
    private final Path log;
    private final int httpPort;
    private final int mllpPort;
    private final int databasePort;
    private final Duration startUp;

    private LabProcess(Launch launch, Process jvm, Path logDir, Path log, int httpPort, int mllpPort, int databasePort,
                       Duration startUp) {
        this.launch = launch;
        this.jvm = jvm;
        this.logDir = logDir;
        this.log = log;
        this.httpPort = httpPort;
        this.mllpPort = mllpPort;
        this.databasePort = databasePort;
        this.startUp = startUp;
    }

    /** Starts the process and returns once it says it serves; its output goes to {@code logDir/NAME-NN.log}. */
    public static LabProcess start(Launch launch, Path logDir) {
        Path log = nextLog(logDir, launch.name());
        long started = System.nanoTime();
        Process jvm = spawn(launch.settings(), launch.arguments(), log);
        long giveUp = started + GIVE_UP.toNanos();
        while (true) {
            String output = read(log);
            if (launch.ready().matcher(output).find()) {
                Matcher database = DATABASE.matcher(output);
                if (!database.find()) {
                    kill(jvm, postmaster(launch.dataDir()), log);
                    throw new AssertionError(launch.name() + " serves, but its embedded PostgreSQL's port is not in " + log);
                }
                return new LabProcess(launch, jvm, logDir, log, port(HTTP, output, launch.httpPort()), port(MLLP, output,
                        launch.mllpPort()), Integer.parseInt(database.group(1)), Duration.ofNanos(System.nanoTime() - started));
            }
            if (!jvm.isAlive() || System.nanoTime() > giveUp) {
                kill(jvm, postmaster(launch.dataDir()), log);
                throw new AssertionError(launch.name() + " did not start on " + launch.dataDir() + "; its output (" + log
                        + ") ends:\n" + tail(output));
            }
            pause(50);
        }
    }

    /** The same launch again, on the same data directory and ports: after {@link #kill()} or {@link #stop()}. */
    public LabProcess restart() {
        if (running()) {
            throw new IllegalStateException(launch.name() + " is still running (" + log + ")");
        }
        return start(launch, logDir);
    }

    /**
     * The day after the attack: {@code ./pathguard restore} (in a process of its own) from this lab's backups with the
     * offline recovery key onto {@code newDataDir}, then the lab started there on the same ports and settings, shipping
     * to {@code newBackups} (a restored lab ships to a new repository, docs/recovery.md; null for none). This process
     * must be dead by then: killed, or its server lost.
     */
    public LabProcess restoreInto(Path newDataDir, Backups newBackups) {
        if (running()) {
            throw new IllegalStateException(launch.name() + " is still running (" + log + "): kill it first");
        }
        Backups from = launch.backups();
        if (from == null) {
            throw new IllegalStateException(launch.name() + " shipped no backups: start it with Launch.backups(...)");
        }
        Run restore = run(launch.settings(), nextLog(logDir, launch.name() + "-restore"), "restore",
                "--from", from.repository().toString(), "--key-escrow", from.escrow().toString(),
                "--recovery-key", from.recoveryKey().resolve("recovery-private.json").toString(),
                "--data-dir", newDataDir.toString());
        if (restore.exitCode() != 0) {
            throw new AssertionError("restore of " + launch.name() + " from " + from.repository() + " failed with "
                    + restore.exitCode() + " (" + restore.log() + "):\n" + tail(restore.output()));
        }
        return start(launch.dataDir(newDataDir).backups(newBackups), logDir);
    }

    /**
     * A one-shot PathGuard command ({@code admin ...}, {@code restore}, {@code verify}) in a JVM of its own, run to its
     * end; its output in {@code log}. Commands that open the data directory need the server on it stopped.
     */
    public static Run run(Map<String, String> settings, Path log, String... args) {
        Process jvm = spawn(settings, List.of(args), log);
        try {
            if (!jvm.waitFor(GIVE_UP.toMillis(), TimeUnit.MILLISECONDS)) {
                jvm.destroyForcibly();
                throw new AssertionError("pathguard " + String.join(" ", args) + " did not finish; its output (" + log + ") ends:\n"
                        + tail(read(log)));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return new Run(jvm.exitValue(), read(log), log);
    }

    /**
     * A one-shot command in a JVM of its own, killed with its embedded PostgreSQL (SIGKILL, as {@link #kill()}) as soon as
     * its output matches {@code at}: a crash at a chosen point of a long command such as {@code restore}. Its exit code is
     * the command's own if it ended before that point, else the kill's.
     */
    public static Run killedAt(Pattern at, Path dataDir, Map<String, String> settings, Path log, String... args) {
        Process jvm = spawn(settings, List.of(args), log);
        long giveUp = System.nanoTime() + GIVE_UP.toNanos();
        while (jvm.isAlive() && !at.matcher(read(log)).find()) {
            if (System.nanoTime() > giveUp) {
                kill(jvm, postmaster(dataDir), log);
                throw new AssertionError("pathguard " + String.join(" ", args) + " never printed " + at + "; its output (" + log
                        + ") ends:\n" + tail(read(log)));
            }
            pause(5);
        }
        if (jvm.isAlive() || postmaster(dataDir).isPresent()) {
            kill(jvm, postmaster(dataDir), log);
        }
        try {
            jvm.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return new Run(jvm.exitValue(), read(log), log);
    }

    public Launch launch() {
        return launch;
    }

    public String name() {
        return launch.name();
    }

    public Path dataDir() {
        return launch.dataDir();
    }

    public int httpPort() {
        return httpPort;
    }

    public int mllpPort() {
        return mllpPort;
    }

    public int databasePort() {
        return databasePort;
    }

    public Duration startUp() {
        return startUp;
    }

    public boolean running() {
        return jvm.isAlive();
    }

    public Path log() {
        return log;
    }

    /** A machine with its bearer credential, on this process's API. */
    public Api machine(String credential) {
        return Api.machine(httpPort, credential);
    }

    public Api anonymous() {
        return Api.anonymous(httpPort);
    }

    /** The embedded PostgreSQL's processes: the postmaster, named by DATA-DIR/postgres/postmaster.pid, and its children. */
    public List<ProcessHandle> databaseProcesses() {
        List<ProcessHandle> processes = new ArrayList<>();
        postmaster(launch.dataDir()).ifPresent(p -> {
            processes.add(p);
            p.descendants().forEach(processes::add);
        });
        return processes;
    }

    /**
     * SIGKILL to the JVM and to every PostgreSQL process of its data directory, all at once: what a crash or a pulled
     * power cord leaves. pg_ctl starts the postmaster in a session of its own, so it is not the JVM's descendant.
     */
    public void kill() {
        Optional<ProcessHandle> postmaster = postmaster(launch.dataDir());
        if (postmaster.isEmpty() && jvm.isAlive()) {
            throw new AssertionError(launch.name() + "'s embedded PostgreSQL (postmaster.pid in " + launch.dataDir()
                    + ") is not running; see " + log);
        }
        kill(jvm, postmaster, log);
    }

    /** Stops the process as an operator would (SIGTERM): Spring closes and PostgreSQL shuts down cleanly. */
    public void stop() {
        jvm.destroy();
        try {
            if (!jvm.waitFor(GIVE_UP.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError(launch.name() + " did not stop on SIGTERM (see " + log + ")");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Kills whatever still runs: a test's clean-up, so no process outlives it. */
    @Override
    public void close() {
        if (jvm.isAlive() || postmaster(launch.dataDir()).isPresent()) {
            kill(jvm, postmaster(launch.dataDir()), log);
        }
    }

    /** A connection to the running process's own PostgreSQL, as its operator would open one: to read what is stored. */
    public Connection database() {
        try {
            return DriverManager.getConnection("jdbc:postgresql://localhost:" + databasePort + "/postgres", "postgres",
                    Files.readString(DatabaseServer.passwordFile(launch.dataDir().resolve("keys"))).strip());
        } catch (SQLException | IOException e) {
            throw new AssertionError("Cannot connect to " + launch.name() + "'s PostgreSQL on port " + databasePort + " (see " + log + ")", e);
        }
    }

    /** The rows of a one-column query on this process's database, as text. */
    public List<String> query(String sql) {
        try (Connection db = database(); Statement s = db.createStatement(); ResultSet rows = s.executeQuery(sql)) {
            List<String> values = new ArrayList<>();
            while (rows.next()) {
                values.add(rows.getString(1));
            }
            return values;
        } catch (SQLException e) {
            throw new AssertionError(sql + " on " + launch.name() + " failed (see " + log + ")", e);
        }
    }

    /** The sequence of the last event committed to the log. */
    public long lastSequence() {
        return Long.parseLong(query("select coalesce(max(seq), 0) from event_log").getFirst());
    }

    /**
     * Waits until the backup repository holds every event committed so far (a checkpoint every 2 s, each shipped at
     * once): what is acknowledged after the last shipment is the recovery point's loss, which a drill does not test.
     */
    public void awaitShipped() {
        Backups backups = launch.backups();
        if (backups == null) {
            throw new IllegalStateException(launch.name() + " ships no backups");
        }
        long committed = lastSequence();
        String origin = "pathguard/" + launch.labOdsCode() + "/event-log";
        await(launch.name() + "'s backups hold its events up to " + committed + " (see " + log + ")", () -> {
            if (!Files.exists(backups.repository())) {
                return false;
            }
            try (WriteOnceStore store = WriteOnceStore.open(backups.repository().toString())) {
                return BackupStatus.of(store, origin, BackupStatus.storedKey(store)).lastSequence() >= committed;
            } catch (IllegalStateException noKeyShippedYet) {
                return false;
            }
        });
    }

    /** Waits for a condition of another process's making, with {@link #GIVE_UP}: a wait, not a timing assertion. */
    public static void await(String what, BooleanSupplier done) {
        await(() -> what, done);
    }

    /** The same, describing what was awaited (and what came instead) only if it never came. */
    public static void await(Supplier<String> what, BooleanSupplier done) {
        long giveUp = System.nanoTime() + GIVE_UP.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > giveUp) {
                throw new AssertionError("Gave up after " + GIVE_UP.toSeconds() + " s waiting until " + what.get());
            }
            pause(100);
        }
    }

    /**
     * A free port below the kernel's ephemeral range (32768 and up): a process listens on it again after its restart,
     * and in that gap an outgoing connection (JDBC, HTTP) could be given a port from the ephemeral range, taking it.
     */
    public static int freePort() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int tries = 0; tries < 200; tries++) {
            int candidate = random.nextInt(20_000, 32_000);
            try (ServerSocket socket = new ServerSocket(candidate)) {
                return socket.getLocalPort();
            } catch (IOException taken) {
                // in use: try another
            }
        }
        throw new IllegalStateException("No free port between 20000 and 32000");
    }

    private static Process spawn(Map<String, String> settings, List<String> args, Path log) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // Tests start these processes many times on two cores: the C1 compiler alone and the serial collector nearly
                // halve a start-up. Durability is PostgreSQL's, which no JVM flag touches.
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx1g"));
        settings.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), PathGuardCommand.class.getName()));
        command.addAll(args);
        try {
            Files.createDirectories(log.getParent());
            return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start " + String.join(" ", args), e);
        }
    }

    private static Path nextLog(Path logDir, String name) {
        for (int n = 1; ; n++) {
            Path log = logDir.resolve("%s-%02d.log".formatted(name, n));
            if (!Files.exists(log)) {
                return log;
            }
        }
    }

    private static int port(Pattern pattern, String output, int configured) {
        Matcher m = pattern.matcher(output);
        return m.find() ? Integer.parseInt(m.group(1)) : configured;
    }

    private static Optional<ProcessHandle> postmaster(Path dataDir) {
        Path pidFile = dataDir.resolve("postgres").resolve("postmaster.pid");
        try {
            if (!Files.exists(pidFile)) {
                return Optional.empty();
            }
            long pid = Long.parseLong(Files.readAllLines(pidFile).getFirst().strip());
            // Only a postgres: a file left by an earlier crash may name a number since given to another process.
            return ProcessHandle.of(pid).filter(p -> p.info().command().orElse("").endsWith("/postgres"));
        } catch (IOException | RuntimeException unreadable) {
            // Being written by a starting PostgreSQL, or removed by a stopping one.
            return Optional.empty();
        }
    }

    private static void kill(Process jvm, Optional<ProcessHandle> postmaster, Path log) {
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
                    throw new AssertionError("Process " + process.pid() + " survived SIGKILL (see " + log + ")");
                }
                pause(10);
            }
        }
    }

    private static String read(Path log) {
        try {
            return Files.exists(log) ? new String(Files.readAllBytes(log), StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String tail(String output) {
        return output.substring(Math.max(0, output.length() - 4_000));
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
