package org.pathguard.cli;

import org.pathguard.access.Accounts;
import org.pathguard.access.PatientReads;
import org.pathguard.bench.BaselineBuild;
import org.pathguard.bench.Build;
import org.pathguard.bench.HapiYardstick;
import org.pathguard.bench.InterfaceBenchmark;
import org.pathguard.bench.InterfaceRounds;
import org.pathguard.bench.LabBenchmark;
import org.pathguard.bench.PostgresLimit;
import org.pathguard.bench.ReferralBenchmark;
import org.pathguard.bench.RouterBenchmark;
import org.pathguard.bench.ScreenBenchmark;
import org.pathguard.bench.ServerProcess;
import org.pathguard.demo.DemoDay;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.pathguard.bench.RestoreBenchmark;
import org.pathguard.crypto.KeyEscrow;
import org.pathguard.database.DatabaseServer;
import org.pathguard.eventlog.EventLog;
import org.pathguard.lab.Catalogue;
import org.pathguard.order.OrderDesk;
import org.pathguard.patient.PatientRegistry;
import org.pathguard.result.ResultDesk;
import org.pathguard.specimen.SpecimenReception;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "bench", mixinStandardHelpOptions = true,
        subcommands = {BenchCommand.Hl7.class, BenchCommand.Fhir.class, BenchCommand.RestoreRun.class, BenchCommand.Screens.class,
                BenchCommand.ReferralRun.class, BenchCommand.RouterRun.class, BenchCommand.SitrepRun.class,
                BenchCommand.BreachRun.class, BenchCommand.PostgresLimitRun.class},
        description = "Measure event appends at several writer counts, result submissions, and rebuild replay. "
                + "Runs on a fresh throwaway data directory unless --data-dir or --db-url is given.")
final class BenchCommand implements Callable<Integer> {

    @Mixin
    StoreOptions store;

    @Option(names = "--writers", split = ",", defaultValue = "1,8,64", description = "Concurrent writer counts (default: ${DEFAULT-VALUE})")
    int[] writers;

    @Option(names = "--appends", defaultValue = "20000", description = "Raw appends per writer count (default: ${DEFAULT-VALUE})")
    int appends;

    @Option(names = "--submissions", defaultValue = "2000", description = "Result submissions per writer count (default: ${DEFAULT-VALUE})")
    int submissions;

    @Override
    public Integer call() throws Exception {
        if (store.dbUrl == null && store.dataDir.toString().equals("./pathguard-data")) {
            store.dataDir = Files.createTempDirectory("pathguard-bench-");
        }
        System.out.println("PathGuard benchmark on " + (store.dbUrl == null ? "embedded PostgreSQL in " + store.dataDir : store.dbUrl));
        try (var context = PathGuardCommand.start(store, null)) {
            return new LabBenchmark(context.getBean(EventLog.class), context.getBean(PatientRegistry.class),
                    context.getBean(OrderDesk.class), context.getBean(SpecimenReception.class),
                    context.getBean(ResultDesk.class), context.getBean(Catalogue.class), context.getBean(PatientReads.class),
                    context.getBean(Accounts.class), context.getEnvironment().getProperty("pathguard.lab.ods-code"), System.out)
                    .run(writers, appends, submissions) == 0 ? 0 : 1;
        }
    }

    /**
     * Options of the interface load: by default each round starts its own server from the jar (a separate process on a
     * throwaway data directory, made ready by that jar's own admin commands); with --baseline, the same on a build of
     * another revision, alternately; with --host or a port, every round goes to a server already running.
     */
    static final class Interfaces {
        @Option(names = "--connections", split = ",", defaultValue = "1,8,32", description = "Concurrent connections (default: ${DEFAULT-VALUE})")
        int[] connections;

        @Option(names = "--messages", defaultValue = "5000", description = "Messages per round (default: ${DEFAULT-VALUE})")
        int messages;

        @Option(names = "--rounds", description = "Rounds per side and connection count, alternately (default: 2 with --baseline, else 1)")
        Integer rounds;

        @Option(names = "--baseline", paramLabel = "REV", description = "Also measure this git revision (e.g. HEAD~1, main), built beside "
                + "the working tree in target/baseline/SHA, alternately with this build, and print the ratio")
        String baseline;

        @Option(names = "--checkout", defaultValue = ".", description = "The git working tree --baseline's revision is resolved in "
                + "(default: the current directory)")
        Path checkout;

        @Option(names = "--rate-limit", description = "The started server's API calls per principal per minute "
                + "(default: twice the HTTP calls a round makes, and at least the product's 1200)")
        Integer rateLimit;

        @Option(names = "--server-jvm-option", description = "A JVM option for the started servers, e.g. -XX:+FlightRecorder (repeatable)")
        List<String> serverJvmOptions = new ArrayList<>();

        @Option(names = "--host", description = "Aim at a server already running on this host instead of starting one")
        String host;

        @Option(names = "--mllp-port", description = "The running server's MLLP port (default 2575; implies a running server)")
        Integer mllpPort;

        @Option(names = "--http-port", description = "The running server's HTTP port (default 8080; implies a running server)")
        Integer httpPort;

        @Option(names = "--credential", defaultValue = "${env:PATHGUARD_CREDENTIAL}",
                description = "For a running server: a machine credential with the orders and reception scopes (or PATHGUARD_CREDENTIAL)")
        String credential;

        int run(InterfaceRounds.Kind kind) throws Exception {
            return run(kind, false);
        }

        int run(InterfaceRounds.Kind kind, boolean againstHapi) throws Exception {
            boolean running = host != null || mllpPort != null || httpPort != null;
            if (againstHapi && (running || baseline != null)) {
                System.err.println("--against-hapi starts its own servers, HAPI's and this build's: it takes no --host, ports or --baseline");
                return 2;
            }
            if (messages < 1 || connections.length == 0 || java.util.Arrays.stream(connections).anyMatch(c -> c < 1)
                    || (rounds != null && rounds < 1) || (running && baseline != null)) {
                System.err.println("--messages, --rounds and every --connections must be at least 1; --baseline starts its own servers, "
                        + "so it takes no --host or ports");
                return 2;
            }
            List<InterfaceRounds.Side> sides = new ArrayList<>();
            var target = new InterfaceBenchmark.Target(host == null ? "localhost" : host, mllpPort == null ? 2575 : mllpPort,
                    httpPort == null ? 8080 : httpPort, credential);
            if (running) {
                sides.add(InterfaceRounds.Side.running(target));
            } else {
                var needs = new ServerProcess.Needs(kind == InterfaceRounds.Kind.HL7,
                        rateLimit != null ? rateLimit : Math.max(1200, 2 * messages), serverJvmOptions);
                if (againstHapi) {
                    try {
                        sides.add(HapiYardstick.side(checkout, System.out));
                    } catch (IllegalArgumentException | IllegalStateException refused) {
                        System.err.println(refused.getMessage());
                        return 2;
                    }
                }
                if (baseline != null) {
                    try {
                        sides.add(InterfaceRounds.Side.started(BaselineBuild.build(checkout, baseline, System.out), needs));
                    } catch (IllegalArgumentException | IllegalStateException refused) {
                        System.err.println(refused.getMessage());
                        return 2;
                    }
                }
                sides.add(InterfaceRounds.Side.started(Build.current(), needs));
            }
            int perSide = rounds != null ? rounds : baseline != null ? 2 : 1;
            System.out.printf("PathGuard interface load (%s): %s; %,d %s a round, %d round(s) per side and connection count, "
                            + "alternately; %d processors, %s%n", kind == InterfaceRounds.Kind.HL7 ? "bench hl7" : "bench fhir",
                    running ? "every round to the running server at %s (MLLP %d, HTTP %d)".formatted(target.host(), target.mllpPort(), target.httpPort())
                            : "each round on a fresh server process (serve --mllp-plain, its own embedded PostgreSQL, fsync on"
                            + (againstHapi ? "; HAPI's: the starter's defaults, a fresh database on an embedded PostgreSQL 15 with the same settings" : "")
                            + ") from " + String.join(", then ", sides.stream().map(InterfaceRounds.Side::name).toList()),
                    messages, kind == InterfaceRounds.Kind.HL7 ? "ORU^R01" : "Bundles", perSide,
                    Runtime.getRuntime().availableProcessors(), Runtime.version());
            try {
                return new InterfaceRounds(kind, System.out).run(sides, connections, messages, perSide);
            } catch (IllegalStateException serverFailed) {
                System.err.println(serverFailed.getMessage());
                return 1;
            }
        }
    }

    @Command(name = "hl7", mixinStandardHelpOptions = true,
            description = "ORU^R01 messages with 10 OBX over concurrent MLLP connections, after untimed orders (OML^O21) and specimen "
                    + "receipts (HTTP). Prints errors first; exits 1 on any error, set-up included.")
    static final class Hl7 implements Callable<Integer> {
        @Mixin
        Interfaces load;

        @Override
        public Integer call() throws Exception {
            return load.run(InterfaceRounds.Kind.HL7);
        }
    }

    @Command(name = "fhir", mixinStandardHelpOptions = true,
            description = "FHIR transaction Bundles (one order each) over concurrent HTTP connections. Prints errors first; exits 1 on any error.")
    static final class Fhir implements Callable<Integer> {
        @Mixin
        Interfaces load;

        @Option(names = "--against-hapi", description = "Also send the same Bundles to HAPI FHIR's JPA server as its starter ships it "
                + "(bench-hapi/, built into target/bench-hapi/ on first use; ADR 0059), alternately, and print this build / HAPI")
        boolean againstHapi;

        @Override
        public Integer call() throws Exception {
            return load.run(InterfaceRounds.Kind.FHIR, againstHapi);
        }
    }

    @Command(name = "restore", mixinStandardHelpOptions = true,
            description = "Ship a lab of N results to a backup repository, then time PathGuard's restore against pg_dump + pg_restore "
                    + "of the same database on the same PostgreSQL server.")
    static final class RestoreRun implements Callable<Integer> {
        @Option(names = "--results", defaultValue = "1000000", description = "Results in the lab's log (default: ${DEFAULT-VALUE})")
        int results;

        @Option(names = "--work-dir", description = "Where the lab, its backups and the dump go (default: a new temporary directory)")
        Path work;

        @Option(names = "--pg-bin", defaultValue = "/usr/lib/postgresql/15/bin",
                description = "Directory of pg_dump and pg_restore for the embedded server's major version (default: ${DEFAULT-VALUE})")
        Path pgBin;

        @Override
        public Integer call() throws Exception {
            Path dir = work != null ? work : Files.createTempDirectory("pathguard-restore-bench-");
            Path repository = dir.resolve("backups");
            RecoveryOptions.writeRecoveryKey(KeyEscrow.newRecoveryKey(), dir.resolve("recovery"));
            StoreOptions source = new StoreOptions();
            source.dataDir = dir.resolve("lab");
            System.out.println("PathGuard restore benchmark in " + dir);
            try (var lab = PathGuardCommand.start(source, null, "--pathguard.backup.repository=" + repository,
                    "--pathguard.backup.key-escrow=" + dir.resolve("key-escrow"),
                    "--pathguard.backup.recovery-public-key=" + dir.resolve("recovery").resolve("recovery-public.json"),
                    // The benchmark takes its one snapshot itself, after the load.
                    "--pathguard.backup.snapshot-every=" + Long.MAX_VALUE)) {
                new RestoreBenchmark(System.out, pgBin).run(lab, repository, dir, results, url -> {
                    // The lab's own keys stand for keys unwrapped from the escrow: unwrapping is one HPKE decryption.
                    StoreOptions target = new StoreOptions();
                    target.dataDir = dir.resolve("restored");
                    target.keyDir = source.keyDirectory();
                    target.dbUrl = url;
                    // In-process arguments, never a process's command line: the lab's embedded server needs its password.
                    return PathGuardCommand.start(target, null, "--pathguard.db-user=postgres",
                            "--pathguard.db-password=" + lab.getBean(DatabaseServer.class).password());
                }, new ProgressBar(System.out));
            }
            return 0;
        }
    }

    @Command(name = "pg-limit", mixinStandardHelpOptions = true,
            description = "PostgreSQL alone doing what one ORU^R01 causes (the script bench/oru-r01.pgbench): pgbench on a fresh "
                    + "embedded PostgreSQL with the lab's schema, fsync and synchronous_commit on; prints messages/s and, given "
                    + "--pathguard, PathGuard's rate as a fraction of it.")
    static final class PostgresLimitRun implements Callable<Integer> {
        @Option(names = "--clients", defaultValue = "16", description = "pgbench clients, as MLLP connections (default: ${DEFAULT-VALUE})")
        int clients;

        @Option(names = "--seconds", defaultValue = "10", description = "How long pgbench runs (default: ${DEFAULT-VALUE})")
        int seconds;

        @Option(names = "--pgbench", defaultValue = "/usr/lib/postgresql/15/bin/pgbench",
                description = "pgbench of the embedded server's major version (default: ${DEFAULT-VALUE})")
        Path pgbench;

        @Option(names = "--pathguard", description = "PathGuard's ORU^R01 messages/s at the same connections (from bench hl7), "
                + "to print as a fraction of the limit")
        Double pathguard;

        @Option(names = "--messages-per-commit", defaultValue = "1", description = "Messages whose rows commit together, as "
                + "the event log's group commit joins them (default: ${DEFAULT-VALUE}, a commit per message)")
        int perCommit;

        @Override
        public Integer call() throws Exception {
            if (clients < 1 || seconds < 1 || perCommit < 1) {
                System.err.println("--clients, --seconds and --messages-per-commit must be at least 1");
                return 2;
            }
            Path dir = Files.createTempDirectory("pathguard-pg-limit-");
            StoreOptions store = new StoreOptions();
            store.dataDir = dir.resolve("lab");
            try (var lab = PathGuardCommand.start(store, null)) {
                PostgresLimit.Figure figure = new PostgresLimit(lab.getBean(javax.sql.DataSource.class), lab.getBean(DatabaseServer.class),
                        pgbench, System.out).run(clients, seconds, perCommit, dir);
                if (figure.failed() > 0 || figure.problem() != null) {
                    System.out.printf("errors: %d failed transactions%s; not measured%n", figure.failed(),
                            figure.problem() == null ? "" : " (" + figure.problem() + ")");
                    return 1;
                }
                System.out.printf("errors: 0%nPostgreSQL limit, ORU^R01 (10 OBX) statements, %d clients, %d s, %s, fsync and "
                        + "synchronous_commit on: %,d messages = %,.0f messages/s (%,.0f results/s)%n", clients, seconds,
                        perCommit == 1 ? "a commit per message" : perCommit + " messages a commit", figure.messages(),
                        figure.perSecond(), figure.perSecond() * 10);
                if (pathguard != null) {
                    System.out.printf("PathGuard %,.0f messages/s = %.2f of the limit%n", pathguard, pathguard / figure.perSecond());
                }
                return 0;
            } finally {
                org.springframework.util.FileSystemUtils.deleteRecursively(dir);
            }
        }
    }

    @Command(name = "screens", mixinStandardHelpOptions = true,
            description = "Server time of every screen on the demo day: its own server on a throwaway data directory, "
                    + "seeded like ./pathguard demo, people of each role signed in through the sign-in page.")
    static final class Screens implements Callable<Integer> {
        @Option(names = "--patients", defaultValue = "1000", description = "Synthetic patients, as the demo (default: ${DEFAULT-VALUE})")
        int patients;

        @Option(names = "--rounds", defaultValue = "30", description = "Fetches of each screen (default: ${DEFAULT-VALUE})")
        int rounds;

        @Override
        public Integer call() throws Exception {
            StoreOptions store = new StoreOptions();
            store.dataDir = Files.createTempDirectory("pathguard-bench-screens-");
            try (var context = PathGuardCommand.start(store, 0, "--logging.level.root=WARN",
                    "--pathguard.rate-limit.sign-ins-per-address-per-minute=100000")) {
                long started = System.nanoTime();
                context.getBean(DemoDay.class).seed(patients, 2024, 8);
                System.out.printf("PathGuard screens on the demo day: %,d patients seeded in %.1f s, %d processors, %s%n", patients,
                        (System.nanoTime() - started) / 1e9, Runtime.getRuntime().availableProcessors(), Runtime.version());
                new ScreenBenchmark(Integer.parseInt(context.getEnvironment().getProperty("local.server.port")),
                        context.getBean(Accounts.class), context.getBean(JdbcClient.class),
                        context.getEnvironment().getProperty("pathguard.lab.ods-code"), System.out).run(rounds);
            }
            return 0;
        }
    }

    @Command(name = "referral", mixinStandardHelpOptions = true,
            description = "Referral round trips between two PathGuard labs in this JVM (each its own throwaway data directory and "
                    + "embedded PostgreSQL, plain MLLP on loopback): lab A refers a troponin to lab B, B receives A's tube and its "
                    + "result is autoverified, B's report goes back to A. Exits non-zero if any round trip fails.")
    static final class ReferralRun implements Callable<Integer> {
        @Option(names = "--referrals", defaultValue = "500", description = "Round trips per concurrency (default: ${DEFAULT-VALUE})")
        int referrals;

        @Option(names = "--concurrency", split = ",", defaultValue = "1,8",
                description = "Referrals in flight at once (default: ${DEFAULT-VALUE})")
        int[] concurrency;

        @Option(names = "--poll", defaultValue = "PT1S",
                description = "Both labs' dispatchers' poll when idle, pathguard.outbound.poll (default: ${DEFAULT-VALUE}, the product's)")
        Duration poll;

        @Option(names = "--first-retry", defaultValue = "PT2S",
                description = "pathguard.outbound.first-retry (default: ${DEFAULT-VALUE}, the product's)")
        Duration firstRetry;

        @Option(names = "--longest-retry", defaultValue = "PT5M",
                description = "pathguard.outbound.longest-retry (default: ${DEFAULT-VALUE}, the product's)")
        Duration longestRetry;

        @Option(names = "--look-every", defaultValue = "PT0.01S",
                description = "How often the bench's staff look for B's order and for A's result (default: ${DEFAULT-VALUE})")
        Duration look;

        @Option(names = "--timeout", defaultValue = "PT2M", description = "A round trip not done by then is a failure (default: ${DEFAULT-VALUE})")
        Duration timeout;

        @Override
        public Integer call() throws Exception {
            Path dir = Files.createTempDirectory("pathguard-bench-referral-");
            List<String> pace = List.of("--pathguard.outbound.poll=" + poll, "--pathguard.outbound.first-retry=" + firstRetry,
                    "--pathguard.outbound.longest-retry=" + longestRetry);
            System.out.printf("PathGuard referral round trips: two labs in one JVM in %s, %d processors, %s%n", dir,
                    Runtime.getRuntime().availableProcessors(), Runtime.version());
            System.out.printf("Lab A %s (%s) refers to lab B %s (%s): plain MLLP on loopback (no TLS), each lab its own embedded "
                            + "PostgreSQL, fsync on%n", ReferralBenchmark.REFERRING.odsCode(), ReferralBenchmark.REFERRING.name(),
                    ReferralBenchmark.PERFORMING.odsCode(), ReferralBenchmark.PERFORMING.name());
            System.out.printf("Both labs' referral and report dispatchers: poll %s when idle, retry after %s doubling to %s; "
                    + "the bench's staff look every %s; a round trip not done in %s fails%n", poll, firstRetry, longestRetry, look, timeout);
            try (var a = lab(dir.resolve("lab-a"), ReferralBenchmark.REFERRING, pace);
                 var b = lab(dir.resolve("lab-b"), ReferralBenchmark.PERFORMING, pace)) {
                ReferralBenchmark bench = new ReferralBenchmark(a, b, new ReferralBenchmark.Pace(look, timeout), System.out);
                bench.introduce();
                int failed = bench.run(referrals, concurrency);
                System.out.printf("%nround trips failed: %d%n", failed);
                return failed == 0 ? 0 : 1;
            }
        }

        private static ConfigurableApplicationContext lab(Path dataDir, ReferralBenchmark.Lab lab,
                                                                                     List<String> pace) {
            StoreOptions store = new StoreOptions();
            store.dataDir = dataDir;
            List<String> settings = new ArrayList<>(ReferralBenchmark.settings(lab));
            settings.addAll(pace);
            return PathGuardCommand.start(store, null, settings.toArray(String[]::new));
        }
    }

    @Command(name = "router", mixinStandardHelpOptions = true,
            description = "The network router's throughput and added latency on a throwaway demo network in this JVM (router and "
                    + "three labs, each its own data directory and embedded PostgreSQL, MLLP over TLS with client certificates): RJ1's "
                    + "orders through the router to RJ1, straight to RJ1, and through the router while RJ1 is down (triage, partners, "
                    + "the drain on its return). Exits non-zero on any AE/AR, refusal or order not where it should be.")
    static final class RouterRun implements Callable<Integer> {
        @Option(names = "--orders", defaultValue = "500", description = "Orders per phase and connection count (default: ${DEFAULT-VALUE})")
        int orders;

        @Option(names = "--connections", split = ",", defaultValue = "1,8,16",
                description = "Order communications' connections at once (default: ${DEFAULT-VALUE})")
        int[] connections;

        @Option(names = "--timeout", defaultValue = "PT5M",
                description = "An order not where it should be by then is an error (default: ${DEFAULT-VALUE})")
        Duration timeout;

        @Override
        public Integer call() throws Exception {
            Path dir = Files.createTempDirectory("pathguard-bench-router-");
            long started = System.nanoTime();
            var certificates = org.pathguard.demo.DemoNetwork.certificates(dir.resolve("tls"), true);
            List<NetworkDemo.Server> servers = NetworkDemo.start(dir, certificates, 0, 0);
            try (var endpoint = org.pathguard.demo.RequesterEndpoint.listen(0)) {
                var router = servers.getFirst().context();
                List<ConfigurableApplicationContext> labs = servers.subList(1, servers.size()).stream().map(NetworkDemo.Server::context).toList();
                org.pathguard.demo.DemoNetwork.introduce(router, labs, endpoint.port(), RouterBenchmark.BENCH_AID);
                org.pathguard.demo.DemoNetwork.letOrderCommsSendTo(org.pathguard.demo.DemoNetwork.HOME, labs.getFirst());
                java.util.Map<String, ConfigurableApplicationContext> byOds = new java.util.LinkedHashMap<>();
                for (int i = 0; i < labs.size(); i++) {
                    byOds.put(org.pathguard.demo.DemoNetwork.LABS.get(i).ods(), labs.get(i));
                }
                var network = new org.pathguard.demo.NetworkRun(router, byOds, endpoint, org.pathguard.demo.OrderComms.tls(
                        certificates.party(org.pathguard.demo.DemoNetwork.ORDER_COMMS), certificates.password()),
                        router.getBean(org.pathguard.interop.hl7.MllpListener.class).port(), java.time.Instant.now().minusSeconds(60));
                System.out.printf("PathGuard router benchmark: the demo network in one JVM in %s, %d processors, %s; started in %.1f s%n",
                        dir, Runtime.getRuntime().availableProcessors(), Runtime.version(), (System.nanoTime() - started) / 1e9);
                System.out.printf("Router and labs: MLLP over TLS 1.3 with client certificates on loopback, each its own embedded "
                        + "PostgreSQL (fsync on); the router passes a round's orders to each lab on one connection (its dispatcher's round, poll "
                        + "%s); RJ1's partners RYJ and RJZ take any test, without limit%n",
                        router.getEnvironment().getProperty("pathguard.router.poll", "PT0.5S"));
                int errors = new RouterBenchmark(router, network, labs.getFirst().getBean(org.pathguard.interop.hl7.MllpListener.class).port(),
                        labs.getFirst().getBean(Catalogue.class), timeout, System.out).run(orders, connections);
                System.out.printf("%nerrors: %d%n", errors);
                return errors == 0 ? 0 : 1;
            } finally {
                NetworkDemo.close(servers);
            }
        }
    }

    @Command(name = "sitrep", mixinStandardHelpOptions = true,
            description = "Time to make a lab's weekly sitrep (and its JSON and CSV files) for an incident week at N tests a day, "
                    + "with the baseline weeks its capacity figure needs: its own lab on a throwaway data directory, the log laid down "
                    + "on a stepped clock (set-up through the services, the orders' events appended in ten-minute batches). "
                    + "Exits non-zero if any figure differs from what was laid down, or on any error.")
    static final class SitrepRun implements Callable<Integer> {
        @Option(names = "--tests-per-day", defaultValue = "100000", description = "Tests requested every day (default: ${DEFAULT-VALUE})")
        int testsPerDay;

        @Option(names = "--baseline-weeks", defaultValue = "4",
                description = "Weeks before the incident, at the same volume: normal capacity is their mean (default: ${DEFAULT-VALUE})")
        int baselineWeeks;

        @Option(names = "--repetitions", defaultValue = "5", description = "Sitreps made and timed (default: ${DEFAULT-VALUE})")
        int repetitions;

        @Option(names = "--slot", defaultValue = "PT10M",
                description = "The clock's step; each step's events are appended together (default: ${DEFAULT-VALUE})")
        Duration slot;

        @Option(names = "--incident-monday", defaultValue = "2026-09-28", description = "The incident week's Monday (default: ${DEFAULT-VALUE})")
        java.time.LocalDate incidentMonday;

        @Override
        public Integer call() throws Exception {
            if (incidentMonday.getDayOfWeek() != java.time.DayOfWeek.MONDAY || testsPerDay < 1 || repetitions < 1 || baselineWeeks < 0) {
                System.err.println("--incident-monday must be a Monday; --tests-per-day and --repetitions at least 1, --baseline-weeks 0 or more");
                return 2;
            }
            StoreOptions store = new StoreOptions();
            store.dataDir = Files.createTempDirectory("pathguard-bench-sitrep-");
            var clock = new org.pathguard.bench.SteppedClock(org.pathguard.bench.SitrepBenchmark.start(incidentMonday, baselineWeeks));
            try (var lab = PathGuardCommand.start(store, null, clock)) {
                return new org.pathguard.bench.SitrepBenchmark(lab, clock, slot, System.out).run(incidentMonday, baselineWeeks, testsPerDay,
                        repetitions) == 0 ? 0 : 1;
            }
        }
    }

    @Command(name = "breach", mixinStandardHelpOptions = true,
            description = "Make a dump with planted patients (plain text and mixed formats, the known-answer files among them), "
                    + "scan it as the privacy officer on a fresh lab, and print MB/s plain and mixed, recall and precision "
                    + "of the confirmed matches, and ripgrep's NHS-number search over the same plain files (Debian's ripgrep).")
    static final class BreachRun implements Callable<Integer> {
        @Option(names = "--gigabytes", defaultValue = "1", description = "Size of the dump, 10^9 bytes (default: ${DEFAULT-VALUE})")
        double gigabytes;

        @Option(names = "--mixed-percent", defaultValue = "10",
                description = "Share of the dump in formats other than plain text (default: ${DEFAULT-VALUE})")
        int mixedPercent;

        @Option(names = "--patients", defaultValue = "2000",
                description = "The lab's patients planted in the dump, each once, besides the known-answer ones (default: ${DEFAULT-VALUE})")
        int patients;

        @Option(names = "--work-dir", description = "Where the lab, the dump and the outputs go (default: a new temporary directory)")
        Path work;

        @Option(names = "--reader-jar", description = "The breach reader's jar, for the scan and for writing the documents "
                + "(default: target/breach-reader/ beside the application)")
        Path readerJar;

        @Override
        public Integer call() throws Exception {
            if (gigabytes <= 0 || mixedPercent < 0 || mixedPercent > 100 || patients < 0) {
                System.err.println("--gigabytes must be above 0, --mixed-percent 0 to 100, --patients 0 or more");
                return 2;
            }
            Path dir = work != null ? work : Files.createTempDirectory("pathguard-bench-breach-");
            StoreOptions store = new StoreOptions();
            store.dataDir = dir.resolve("lab");
            var writer = readerJar == null ? org.pathguard.bench.PlantedCorpus.SampleWriter.besideBuild()
                    : new org.pathguard.bench.PlantedCorpus.SampleWriter(readerJar.toAbsolutePath());
            String[] settings = readerJar == null ? new String[0]
                    : new String[]{"--pathguard.breach.reader-jar=" + readerJar.toAbsolutePath()};
            try (var lab = PathGuardCommand.start(store, null, settings)) {
                return new org.pathguard.bench.BreachBenchmark(lab, writer, System.out).run(dir, gigabytes, patients, mixedPercent);
            }
        }
    }
}
