package org.pathguard.bench;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.springframework.boot.system.ApplicationHome;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Issue 21's yardstick ({@code bench fhir --against-hapi}, ADR 0059): HAPI FHIR's JPA server as its starter ships it
 * (bench-hapi/), in a JVM of its own, on an embedded PostgreSQL 15 with the lab's own server settings. Each round gets
 * a fresh HAPI process on a fresh database (HAPI creates its schema there, as the starter does on first start); the
 * PostgreSQL server lives for the whole run. The server is built from bench-hapi/pom.xml into target/bench-hapi/ on
 * first use, and again when its pom or sources change, so the lab's own build never downloads HAPI.
 */
public final class HapiYardstick implements InterfaceRounds.Servers {

    /** Not a performance limit: how long a build, a start or a stop may take before it is called a failure. */
    private static final long GIVE_UP_SECONDS = 300;
    private static final String READY = "HAPI FHIR JPA server is serving on";
    private static final String HOST = "127.0.0.1";

    private final Path jar;
    private final Path directory;
    private final Thread interrupted;
    private EmbeddedPostgres postgres;
    private Process hapi;
    private int rounds;

    private HapiYardstick(Path jar, Path directory) {
        this.jar = jar;
        this.directory = directory;
        // Ctrl-C on the benchmark stops HAPI and its PostgreSQL too, rather than leaving them running.
        this.interrupted = new Thread(() -> {
            stopAll();
            ServerProcess.delete(directory);
        });
        Runtime.getRuntime().addShutdownHook(interrupted);
    }

    /** The yardstick side of a benchmark: HAPI's server (built first if need be), named with HAPI's version. */
    public static InterfaceRounds.Side side(Path checkout, PrintStream out) throws IOException, InterruptedException {
        Path jar = build(checkout, out);
        return new InterfaceRounds.Side("HAPI FHIR JPA " + version(jar.resolveSibling("lib")), new HapiYardstick(jar,
                Files.createTempDirectory("pathguard-bench-hapi-")));
    }

    @Override
    public InterfaceRounds.Lease open() throws Exception {
        if (postgres == null) {
            postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(directory.resolve("postgres"))
                    .setPGStartupWait(Duration.ofSeconds(180))
                    // The lab's own PostgreSQL settings (database.DatabaseServer): durable commits on both sides.
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("fsync", "on")
                    .setServerConfig("full_page_writes", "on")
                    .setServerConfig("listen_addresses", "localhost")
                    .setServerConfig("max_connections", "100")
                    // Its initdb and server output to a file, not the report.
                    .setOutputRedirector(ProcessBuilder.Redirect.appendTo(directory.resolve("postgres.log").toFile()))
                    .setErrorRedirector(ProcessBuilder.Redirect.appendTo(directory.resolve("postgres.log").toFile()))
                    .start();
        }
        String database = "hapi_round_" + (++rounds);
        sql("create database " + database);
        int port = ServerProcess.freePort();
        Path log = directory.resolve(database + ".log");
        hapi = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString(),
                "--jdbc-url", postgres.getJdbcUrl("postgres", database), "--port", String.valueOf(port))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        awaitReady(log);
        InterfaceBenchmark.Target target = new InterfaceBenchmark.Target(HOST, 0, port, null);
        return new InterfaceRounds.Lease() {
            @Override
            public InterfaceBenchmark.Target target() {
                return target;
            }

            @Override
            public void close() throws InterruptedException {
                stopHapi();
                try {
                    sql("drop database " + database + " with (force)");
                } catch (SQLException e) {
                    throw new IllegalStateException("Cannot drop HAPI's database " + database + ": " + e.getMessage(), e);
                }
            }
        };
    }

    /** Stops PostgreSQL and deletes its directory, after the last round. */
    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(interrupted);
        } catch (IllegalStateException shuttingDown) {
            // the hook is already stopping everything
        }
        stopAll();
        ServerProcess.delete(directory);
    }

    private void stopAll() {
        try {
            stopHapi();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (postgres != null) {
            try {
                postgres.close();
            } catch (IOException e) {
                throw new IllegalStateException("Cannot stop HAPI's PostgreSQL in " + directory, e);
            }
            postgres = null;
        }
    }

    /** SIGTERM, as an operator stops the starter; killed if it has not stopped by then. */
    private void stopHapi() throws InterruptedException {
        if (hapi != null && hapi.isAlive()) {
            hapi.destroy();
            if (!hapi.waitFor(GIVE_UP_SECONDS, TimeUnit.SECONDS)) {
                hapi.destroyForcibly().waitFor();
            }
        }
        hapi = null;
    }

    private void awaitReady(Path log) throws InterruptedException {
        long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(GIVE_UP_SECONDS);
        while (!ServerProcess.read(log).contains(READY)) {
            if (!hapi.isAlive() || System.nanoTime() > giveUp) {
                String why = hapi.isAlive() ? "gave up after " + GIVE_UP_SECONDS + " s" : "exit " + hapi.exitValue();
                stopHapi();
                throw new IllegalStateException("HAPI's server did not start (" + why + "); its log (" + log + ") ends:\n"
                        + ServerProcess.tail(ServerProcess.read(log)));
            }
            Thread.sleep(100);
        }
    }

    private void sql(String statement) throws SQLException {
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }

    /**
     * target/bench-hapi/pathguard-bench-hapi.jar of the project holding bench-hapi/pom.xml (the checkout, or a directory
     * above the running code), built with the Maven Wrapper when it is missing or older than that pom or its sources.
     */
    static Path build(Path checkout, PrintStream out) throws IOException, InterruptedException {
        Path project = project(checkout);
        Path sources = project.resolve("bench-hapi");
        Path jar = project.resolve("target").resolve("bench-hapi").resolve("pathguard-bench-hapi.jar");
        if (Files.exists(jar) && Files.isDirectory(jar.resolveSibling("lib")) && !newerThan(sources, Files.getLastModifiedTime(jar).toMillis())) {
            return jar;
        }
        Path log = Files.createDirectories(project.resolve("target")).resolve("bench-hapi.build.log");
        out.println("HAPI FHIR JPA server: building " + sources + " (./mvnw -q -B -f bench-hapi/pom.xml package; output in " + log + ")");
        ProcessBuilder maven = new ProcessBuilder("./mvnw", "-q", "-B", "-f", "bench-hapi/pom.xml", "package").directory(project.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        maven.environment().putIfAbsent("JAVA_HOME", System.getProperty("java.home"));
        Process build = maven.start();
        if (!build.waitFor(3 * GIVE_UP_SECONDS, TimeUnit.SECONDS)) {
            build.destroyForcibly().waitFor();
            throw new IllegalStateException("The HAPI server's build did not finish in " + 3 * GIVE_UP_SECONDS + " s; its output is in " + log);
        }
        if (build.exitValue() != 0 || !Files.exists(jar)) {
            throw new IllegalStateException("Cannot build the HAPI server: ./mvnw -f bench-hapi/pom.xml package exited " + build.exitValue()
                    + "; its output (" + log + ") ends:\n" + ServerProcess.tail(ServerProcess.read(log)));
        }
        return jar;
    }

    private static Path project(Path checkout) {
        List<Path> starts = new ArrayList<>(List.of(checkout.toAbsolutePath().normalize(),
                new ApplicationHome(HapiYardstick.class).getDir().toPath().toAbsolutePath()));
        for (Path start : starts) {
            for (Path dir = start; dir != null; dir = dir.getParent()) {
                if (Files.isRegularFile(dir.resolve("bench-hapi").resolve("pom.xml"))) {
                    return dir;
                }
            }
        }
        throw new IllegalArgumentException("The HAPI server's sources (bench-hapi/pom.xml) are not in " + starts.getFirst()
                + " or above it, nor above the running code: run the bench in PathGuard's checkout, or give --checkout");
    }

    private static boolean newerThan(Path sources, long millis) throws IOException {
        try (Stream<Path> files = Files.walk(sources)) {
            return files.filter(Files::isRegularFile).anyMatch(f -> {
                try {
                    return Files.getLastModifiedTime(f).toMillis() > millis;
                } catch (IOException unreadable) {
                    return true;
                }
            });
        }
    }

    /** HAPI's version, from its JPA server library's file name in lib/. */
    private static String version(Path lib) throws IOException {
        String prefix = "hapi-fhir-jpaserver-base-";
        try (Stream<Path> jars = Files.list(lib)) {
            return jars.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(prefix) && n.endsWith(".jar"))
                    .map(n -> n.substring(prefix.length(), n.length() - ".jar".length())).findFirst().orElse("(version unknown)");
        }
    }
}
