package org.pathguard.bench;

import org.springframework.util.FileSystemUtils;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A PathGuard server of a benchmark's own, as a lab runs it: {@code serve} in a JVM of its own, from one build's jar,
 * on a throwaway data directory made ready the way docs/benchmarks.md says (the build's own {@code admin credential}
 * and {@code admin hl7-sender} first, {@link #prepare}), with the rate limit the load needs. Closing it stops it with
 * SIGTERM, as an operator would, and deletes its directory.
 */
public final class ServerProcess implements AutoCloseable {

    /** Not a performance limit: how long a start, a stop or an admin command may take before it is called a failure. */
    private static final long GIVE_UP_SECONDS = 180;
    private static final Pattern TOKEN = Pattern.compile("Authorization: Bearer (\\S+?)'");
    private static final String READY = "PathGuard is serving on";
    private static final String HOST = "127.0.0.1";

    /** What the load needs of the server: an HL7 sender at the loopback address, and a rate limit for its HTTP calls. */
    public record Needs(boolean hl7Sender, int callsPerMinute, List<String> jvmOptions) {

        public Needs {
            jvmOptions = List.copyOf(jvmOptions);
        }
    }

    private final Process jvm;
    private final Path directory;
    private final Path log;
    private final InterfaceBenchmark.Target target;
    private final Thread interrupted;

    private ServerProcess(Process jvm, Path directory, Path log, InterfaceBenchmark.Target target) {
        this.jvm = jvm;
        this.directory = directory;
        this.log = log;
        this.target = target;
        // Ctrl-C on the benchmark stops its server too, rather than leaving it and its PostgreSQL running.
        this.interrupted = new Thread(() -> {
            jvm.destroy();
            try {
                jvm.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Runtime.getRuntime().addShutdownHook(interrupted);
    }

    /**
     * A data directory made ready for the load by a build's own admin commands, copied for each of its servers: every
     * round starts on the same fresh state, and a build's initdb, migrations and admin commands run once, not per round.
     */
    public static final class Prepared implements AutoCloseable {
        private final Build build;
        private final Needs needs;
        private final Path directory;
        private final String credential;

        private Prepared(Build build, Needs needs, Path directory, String credential) {
            this.build = build;
            this.needs = needs;
            this.directory = directory;
            this.credential = credential;
        }

        /** Starts a server on a copy of the prepared directory and returns once it serves; its output goes to a log beside it. */
        public ServerProcess start() throws IOException, InterruptedException {
            Path copy = Files.createTempDirectory("pathguard-bench-server-");
            Path dataDir = copy.resolve("data");
            try {
                // cp -a keeps the owner-only modes PostgreSQL and the key files insist on.
                Process cp = new ProcessBuilder("cp", "-a", directory.resolve("data").toString(), dataDir.toString())
                        .redirectErrorStream(true).start();
                String said = new String(cp.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (cp.waitFor() != 0) {
                    throw new IllegalStateException("Cannot copy the prepared data directory " + directory + ": " + said);
                }
                int httpPort = freePort();
                int mllpPort = freePort();
                List<String> jvmOptions = new ArrayList<>(needs.jvmOptions());
                jvmOptions.add("-Dpathguard.rate-limit.calls-per-principal-per-minute=" + needs.callsPerMinute());
                Path log = copy.resolve("serve.log");
                Process jvm = build.spawn(jvmOptions, List.of("serve", "--data-dir", dataDir.toString(), "--port", String.valueOf(httpPort),
                        "--mllp-port", String.valueOf(mllpPort), "--mllp-plain"), log);
                ServerProcess server = new ServerProcess(jvm, copy, log, new InterfaceBenchmark.Target(HOST, mllpPort, httpPort, credential));
                try {
                    server.awaitReady(build);
                } catch (RuntimeException | InterruptedException notStarted) {
                    server.close();
                    throw notStarted;
                }
                return server;
            } catch (IOException | InterruptedException | RuntimeException failed) {
                stopPostgres(dataDir);
                delete(copy);
                throw failed;
            }
        }

        @Override
        public void close() {
            delete(directory);
        }
    }

    /**
     * A throwaway data directory made ready as docs/benchmarks.md says, by {@code build}'s own commands: a machine
     * credential with the orders and reception scopes, and (for HL7) a sender at the loopback address.
     */
    public static Prepared prepare(Build build, Needs needs) throws IOException, InterruptedException {
        Path directory = Files.createTempDirectory("pathguard-bench-prepared-");
        Path dataDir = directory.resolve("data");
        try {
            String credential = credential(build, dataDir, directory);
            if (needs.hl7Sender()) {
                admin(build, directory.resolve("hl7-sender.log"), "admin", "hl7-sender", "bench.loopback", "--address", HOST,
                        "--orders-for", "RJ122", "--results-for", "Clinical biochemistry", "--data-dir", dataDir.toString());
            }
            return new Prepared(build, needs, directory, credential);
        } catch (IOException | InterruptedException | RuntimeException failed) {
            stopPostgres(dataDir);
            delete(directory);
            throw failed;
        }
    }

    public InterfaceBenchmark.Target target() {
        return target;
    }

    /** SIGTERM, as an operator stops a server: Spring closes and the embedded PostgreSQL shuts down cleanly. */
    @Override
    public void close() throws InterruptedException {
        try {
            Runtime.getRuntime().removeShutdownHook(interrupted);
        } catch (IllegalStateException shuttingDown) {
            // the hook is already stopping the server
        }
        try {
            jvm.destroy();
            if (!jvm.waitFor(GIVE_UP_SECONDS, TimeUnit.SECONDS)) {
                jvm.destroyForcibly().waitFor();
                throw new IllegalStateException("The server did not stop on SIGTERM within " + GIVE_UP_SECONDS + " s; killed. Its log ends:\n"
                        + tail(read(log)));
            }
        } finally {
            stopPostgres(directory.resolve("data"));
            delete(directory);
        }
    }

    private void awaitReady(Build build) throws InterruptedException {
        long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(GIVE_UP_SECONDS);
        while (!read(log).contains(READY)) {
            if (!jvm.isAlive() || System.nanoTime() > giveUp) {
                jvm.destroyForcibly().waitFor();
                throw new IllegalStateException(build.name() + "'s server did not start (" + (jvm.isAlive() ? "gave up after "
                        + GIVE_UP_SECONDS + " s" : "exit " + jvm.exitValue()) + "); its log ends:\n" + tail(read(log)));
            }
            Thread.sleep(50);
        }
    }

    private static String credential(Build build, Path dataDir, Path directory) throws IOException, InterruptedException {
        String output = admin(build, directory.resolve("credential.log"), "admin", "credential", "bench.load", "--organisation", "PGLAB",
                "--scopes", "orders,reception", "--data-dir", dataDir.toString());
        Matcher token = TOKEN.matcher(output);
        if (!token.find()) {
            throw new IllegalStateException(build.name() + "'s admin credential printed no token:\n" + tail(output));
        }
        return token.group(1);
    }

    /** A one-shot command of the build's, on the data directory, run to its end; its output, or a failure with its tail. */
    private static String admin(Build build, Path log, String... args) throws IOException, InterruptedException {
        // Set-up, not measured: the client compiler alone and the serial collector nearly halve a one-shot command's start.
        Process command = build.spawn(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"), List.of(args), log);
        if (!command.waitFor(GIVE_UP_SECONDS, TimeUnit.SECONDS)) {
            command.destroyForcibly().waitFor();
            throw new IllegalStateException(build.name() + ": pathguard " + String.join(" ", args) + " did not finish in " + GIVE_UP_SECONDS + " s");
        }
        String output = read(log);
        if (command.exitValue() != 0) {
            throw new IllegalStateException(build.name() + ": pathguard " + args[0] + " " + args[1] + " failed (exit " + command.exitValue()
                    + "):\n" + tail(output));
        }
        return output;
    }

    /**
     * A PostgreSQL the JVM left behind (killed, or a start that failed half-way): pg_ctl starts the postmaster in a
     * session of its own, so it is not the JVM's descendant and outlives it.
     */
    private static void stopPostgres(Path dataDir) throws InterruptedException {
        Path pidFile = dataDir.resolve("postgres").resolve("postmaster.pid");
        Optional<ProcessHandle> postmaster;
        try {
            postmaster = Files.exists(pidFile)
                    ? ProcessHandle.of(Long.parseLong(Files.readAllLines(pidFile).getFirst().strip()))
                    .filter(p -> p.info().command().orElse("").endsWith("/postgres"))
                    : Optional.empty();
        } catch (IOException | RuntimeException unreadable) {
            // being written by a starting PostgreSQL or removed by a stopping one: nothing to stop
            postmaster = Optional.empty();
        }
        if (postmaster.isPresent()) {
            List<ProcessHandle> processes = new ArrayList<>();
            processes.add(postmaster.get());
            postmaster.get().descendants().forEach(processes::add);
            processes.forEach(ProcessHandle::destroyForcibly);
            for (ProcessHandle process : processes) {
                while (process.isAlive()) {
                    Thread.sleep(10);
                }
            }
        }
    }

    /**
     * A free port below the kernel's ephemeral range (32768 and up), chosen here rather than by the server so that any
     * build's serve, whatever it prints, listens where the load goes.
     */
    static int freePort() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int tries = 0; tries < 200; tries++) {
            try (ServerSocket socket = new ServerSocket(random.nextInt(20_000, 32_000))) {
                return socket.getLocalPort();
            } catch (IOException taken) {
                // in use: try another
            }
        }
        throw new IllegalStateException("No free port between 20000 and 32000");
    }

    static String read(Path log) {
        try {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String tail(String output) {
        return output.substring(Math.max(0, output.length() - 3_000));
    }

    static void delete(Path directory) {
        try {
            FileSystemUtils.deleteRecursively(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete the benchmark's server directory " + directory, e);
        }
    }
}
