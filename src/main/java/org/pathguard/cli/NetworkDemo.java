package org.pathguard.cli;

import org.pathguard.access.Accounts;
import org.pathguard.access.Actor;
import org.pathguard.demo.DemoNetwork;
import org.pathguard.demo.DemoUsers;
import org.pathguard.demo.NetworkCertificates;
import org.pathguard.demo.NetworkDay;
import org.pathguard.demo.NetworkRun;
import org.pathguard.demo.OrderComms;
import org.pathguard.demo.RequesterEndpoint;
import org.pathguard.eventlog.ChainVerification;
import org.pathguard.eventlog.EventLog;
import org.pathguard.interop.hl7.MllpListener;
import org.pathguard.lab.Catalogue;
import org.pathguard.router.LabStatus;
import org.pathguard.router.Ledger;
import org.pathguard.router.RoutedOrder;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * {@code ./pathguard demo --network}: the router and three labs in this JVM, each a Spring context of its own on its own
 * data directory, embedded PostgreSQL, keys and ports, as four servers would be; the requesters' results endpoint and
 * their order communications are the demo's own. One JVM rather than four processes: the servers share nothing but the
 * JVM (each its own database, keys, listeners and sockets, talking over MLLP on loopback exactly as across a network),
 * and on two cores one JVM loads and compiles the classes once where four JVMs would each do it (17-25 s to start all
 * four here). The harness's five-process test shows the same network as separate processes, killed and restored.
 */
final class NetworkDemo {

    private static final Duration GIVE_UP = Duration.ofMinutes(5);
    private static final int CONNECTIONS = 4;

    private final Path root;
    private final int httpPort;
    private final int mllpPort;
    private final int orders;
    private final long seed;
    private final int drainPerMinute;

    NetworkDemo(Path root, int httpPort, int mllpPort, int orders, long seed, int drainPerMinute) {
        this.root = root;
        this.httpPort = httpPort;
        this.mllpPort = mllpPort;
        this.orders = orders;
        this.seed = seed;
        this.drainPerMinute = drainPerMinute;
    }

    /** One of the four servers: its name, data directory and running context. */
    record Server(String name, Path dataDir, ConfigurableApplicationContext context) {
    }

    int run(boolean exit) throws Exception {
        long started = System.nanoTime();
        NetworkCertificates certificates = DemoNetwork.certificates(root.resolve("tls"), false);
        double certificatesSeconds = (System.nanoTime() - started) / 1e9;
        List<Server> servers = start(root, certificates, httpPort, mllpPort);
        try (RequesterEndpoint endpoint = RequesterEndpoint.listen(port(mllpPort, 9))) {
            ConfigurableApplicationContext router = servers.getFirst().context();
            List<ConfigurableApplicationContext> labs = servers.subList(1, servers.size()).stream().map(Server::context).toList();
            DemoNetwork.introduce(router, labs, endpoint.port());
            String routerUsers = routerUsers(router, servers.getFirst().dataDir());
            labs.forEach(lab -> lab.getBean(DemoUsers.class).ensure());
            System.out.printf("%nPathGuard network demo: started in %.1f s on %d processors (certificates %.1f s)%n",
                    (System.nanoTime() - started) / 1e9, Runtime.getRuntime().availableProcessors(), certificatesSeconds);
            printServers(servers, endpoint);

            Map<String, ConfigurableApplicationContext> byOds = new LinkedHashMap<>();
            for (int i = 0; i < DemoNetwork.LABS.size(); i++) {
                byOds.put(DemoNetwork.LABS.get(i).ods(), labs.get(i));
            }
            int routerMllp = router.getBean(MllpListener.class).port();
            boolean worked = router.getBean(JdbcClient.class).sql("select count(*) from router_order").query(Long.class).single() > 0;
            // The console shows the day kept from before; the scripted day accounts for its own orders only.
            NetworkRun network = new NetworkRun(router, byOds, endpoint, OrderComms.tls(certificates.party(DemoNetwork.ORDER_COMMS),
                    certificates.password()), routerMllp, exit ? Instant.now() : Instant.now().minus(Duration.ofDays(1)));
            if (worked && !exit) {
                System.out.println("\nThe router already holds a day's orders; keeping them (no new orders).");
                return console(network, List.of(), servers, routerUsers);
            }
            String run = Long.toString(System.currentTimeMillis() % 2_000_000_000L, 36).toUpperCase(java.util.Locale.ROOT);
            List<NetworkDay.DemoOrder> day = NetworkDay.orders(orders, seed, run, labs.getFirst().getBean(Catalogue.class));
            List<NetworkDay.DemoOrder> morning = day.subList(0, day.size() / 2);
            List<NetworkDay.DemoOrder> afternoon = day.subList(day.size() / 2, day.size());
            List<NetworkRun.Sent> sent = new ArrayList<>();
            List<String> problems = new ArrayList<>();

            System.out.printf("%nMorning: %d orders from %d requesters' order comms through the router (%d connections)...%n",
                    morning.size(), DemoNetwork.requesters().size(), CONNECTIONS);
            sent.add(network.send(morning, CONNECTIONS));
            printSent(sent.getLast());
            problems.addAll(unsettled("the morning", network.settle(morning, false, GIVE_UP)));
            System.out.printf("  every morning order is at its home lab and its results are back at the requesters: %s%n",
                    network.workedByLab());
            if (!exit) {
                return console(network, afternoon, servers, routerUsers);
            }

            System.out.printf("%nRJ1 falls: the network manager declares it down.%n");
            print(network.declareDown(DemoNetwork.HOME.ods(), "Ransomware: systems isolated at 10:40, no results until restored"));
            System.out.printf("Afternoon: %d orders through the router while RJ1 is down...%n", afternoon.size());
            sent.add(network.send(afternoon, CONNECTIONS));
            printSent(sent.getLast());
            problems.addAll(unsettled("the afternoon", network.settle(afternoon, true, GIVE_UP)));
            System.out.printf("  partners worked on RJ1's routed orders and their results reached the requesters through the router%n");

            System.out.printf("%nRJ1 is restored and declared back, taking %d held orders a minute.%n", drainPerMinute);
            print(network.declareBack(DemoNetwork.HOME.ods(), drainPerMinute));
            problems.addAll(unsettled("the drain", network.settle(day, false, GIVE_UP)));
            problems.addAll(unsettled("the results owed to RJ1", owedToHomeLab(router, GIVE_UP)));

            boolean sums = summary(network, router, endpoint, sent, servers);
            problems.addAll(sent.stream().flatMap(s -> s.problems().stream()).toList());
            if (!problems.isEmpty()) {
                System.out.printf("%nPROBLEMS (%d):%n", problems.size());
                problems.stream().limit(20).forEach(p -> System.out.println("  " + p));
            }
            return sums && problems.isEmpty() ? 0 : 1;
        } finally {
            close(servers);
        }
    }

    private static int port(int base, int offset) {
        return base == 0 ? 0 : base + offset;
    }

    /**
     * The router first, then the three labs at once (their start-ups overlap: database start-up waits on the disk, not
     * the processors). Logback is one per JVM and its reset is not safe from several threads, so only the router's
     * start sets logging up; the labs' starts leave it as it is (the same levels).
     */
    static List<Server> start(Path root, NetworkCertificates certificates, int httpPort, int mllpPort) throws Exception {
        List<Server> servers = new ArrayList<>(List.of(server(root, certificates, httpPort, mllpPort, 0)));
        String before = System.getProperty(LoggingSystem.SYSTEM_PROPERTY);
        System.setProperty(LoggingSystem.SYSTEM_PROPERTY, LoggingSystem.NONE);
        try (ExecutorService pool = Executors.newFixedThreadPool(DemoNetwork.LABS.size())) {
            List<Future<Server>> starting = new ArrayList<>();
            for (int i = 1; i <= DemoNetwork.LABS.size(); i++) {
                int n = i;
                starting.add(pool.submit(() -> server(root, certificates, httpPort, mllpPort, n)));
            }
            Exception failed = null;
            for (Future<Server> f : starting) {
                try {
                    servers.add(f.get());
                } catch (java.util.concurrent.ExecutionException e) {
                    failed = failed == null ? (e.getCause() instanceof Exception c ? c : e) : failed;
                }
            }
            if (failed != null) {
                close(servers);
                throw failed;
            }
        } finally {
            if (before == null) {
                System.clearProperty(LoggingSystem.SYSTEM_PROPERTY);
            } else {
                System.setProperty(LoggingSystem.SYSTEM_PROPERTY, before);
            }
        }
        return servers;
    }

    /** Server {@code n}: 0 the router, then the labs in the order of {@link DemoNetwork#LABS}. */
    private static Server server(Path root, NetworkCertificates certificates, int httpPort, int mllpPort, int n) {
        String name = n == 0 ? "router" : DemoNetwork.LABS.get(n - 1).ods();
        StoreOptions store = new StoreOptions();
        store.dataDir = root.resolve(name);
        List<String> settings = new ArrayList<>(n == 0
                ? DemoNetwork.routerSettings(certificates, port(mllpPort, 0))
                : DemoNetwork.labSettings(DemoNetwork.LABS.get(n - 1), certificates, port(mllpPort, n)));
        // Four servers' logs on one console would bury the demo's own account: warnings and errors only.
        settings.add("--logging.level.root=WARN");
        settings.add("--logging.level.org.springdoc=ERROR");
        return new Server(name, store.dataDir, PathGuardCommand.start(store, port(httpPort, n), settings.toArray(String[]::new)));
    }

    static void close(List<Server> servers) {
        for (Server s : servers.reversed()) {
            s.context().close();
        }
    }

    /** The router's people: two network managers (a directory change needs both) and the privacy officer. */
    private static String routerUsers(ConfigurableApplicationContext router, Path dataDir) throws IOException {
        Path file = dataDir.resolve("demo-users.txt");
        if (Files.exists(file)) {
            return Files.readString(file);
        }
        List<String> lines = new ArrayList<>();
        lines.add("%-18s %-16s %-6s %-22s %s".formatted("username", "role", "org", "password", "TOTP secret"));
        record Person(String username, Actor.Role role) {
        }
        for (Person p : List.of(new Person("network.manager", Actor.Role.NETWORK_MANAGER),
                new Person("network.manager2", Actor.Role.NETWORK_MANAGER), new Person("privacy.officer", Actor.Role.AUDITOR))) {
            Accounts.Secrets s = router.getBean(Accounts.class).createEnrolled(Actor.SYSTEM, p.username(), p.role(), "PGNET");
            lines.add("%-18s %-16s %-6s %-22s %s".formatted(s.username(), p.role(), "PGNET", s.password(), s.totpSecret()));
        }
        String text = String.join(System.lineSeparator(), lines) + System.lineSeparator();
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return text;
    }

    private static void printServers(List<Server> servers, RequesterEndpoint endpoint) {
        System.out.printf("  %-7s %-40s %-6s %-6s %s%n", "server", "name", "HTTP", "MLLP", "data directory (embedded PostgreSQL, keys in keys/)");
        for (int i = 0; i < servers.size(); i++) {
            Server s = servers.get(i);
            String name = i == 0 ? "network router (PGNET)" : DemoNetwork.LABS.get(i - 1).name();
            System.out.printf("  %-7s %-40s %-6s %-6d %s%n", s.name(), name, s.context().getEnvironment().getProperty("local.server.port"),
                    s.context().getBean(MllpListener.class).port(), s.dataDir().toAbsolutePath().normalize());
        }
        System.out.printf("  requesters' results endpoint (the demo's, plain MLLP on 127.0.0.1): port %d%n", endpoint.port());
        System.out.printf("  MLLP between the router and the labs over TLS with client certificates (%s)%n",
                servers.getFirst().dataDir().resolveSibling("tls").toAbsolutePath().normalize());
        System.out.printf("  mutual aid when RJ1 is down: %s%n", DemoNetwork.MUTUAL_AID.stream()
                .map(m -> m.partner() + " " + m.dailyCapacity() + " a day").collect(Collectors.joining("; ")));
    }

    private static void printSent(NetworkRun.Sent s) {
        System.out.printf("  %d orders acknowledged in %.1f s: MSA-1 %s; fates in the ORL^O22 (ORC-5: IP with a lab, HD held at the "
                + "router, CA not done) %s%n", s.orders(), s.took().toNanos() / 1e9, s.byAnswer(), s.byFate());
    }

    private static void print(LabStatus status) {
        System.out.printf("  %s is %s since %s%s%n", status.lab().ods(), status.state(), status.since(),
                status.reason() == null ? "" : " (" + status.reason() + ")");
    }

    private static List<String> unsettled(String phase, List<String> waiting) {
        return waiting.stream().map(w -> "after " + phase + ": " + w).toList();
    }

    /** Waits for the partner results owed to RJ1 to be answered (delivered or refused); returns those still pending. */
    private static List<String> owedToHomeLab(ConfigurableApplicationContext router, Duration giveUp) throws InterruptedException {
        JdbcClient db = router.getBean(JdbcClient.class);
        Instant deadline = Instant.now().plus(giveUp);
        long pending;
        while ((pending = db.sql("select count(*) from router_outbound where target = 'LAB' and state = 'PENDING'").query(Long.class)
                .single()) > 0 && Instant.now().isBefore(deadline)) {
            TimeUnit.MILLISECONDS.sleep(250);
        }
        return pending == 0 ? List.of() : List.of(pending + " partner result messages still pending for RJ1");
    }

    /** The network's account; true when each lab's ledger sums to what the router received for it. */
    private static boolean summary(NetworkRun network, ConfigurableApplicationContext router, RequesterEndpoint endpoint,
                                   List<NetworkRun.Sent> sent, List<Server> servers) {
        System.out.printf("%nNetwork summary%n");
        int total = sent.stream().mapToInt(NetworkRun.Sent::orders).sum();
        Map<String, Long> fates = new TreeMap<>();
        sent.forEach(s -> s.byFate().forEach((k, v) -> fates.merge(k, v, Long::sum)));
        System.out.printf("  orders sent       %d through the router; fates told at once %s%n", total, fates);
        boolean sums = true;
        long received = 0;
        for (DemoNetwork.Member lab : DemoNetwork.LABS) {
            Ledger.Account account = network.ledger(lab.ods());
            long summed = account.byWhere().values().stream().mapToLong(Long::longValue).sum();
            sums &= summed == account.received() && account.received() == account.orders().size();
            received += account.received();
            System.out.printf("  ledger %-4s      received %d = %s (sum %d: %s)%n", lab.ods(), account.received(),
                    account.byWhere().entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(" + ")),
                    summed, summed == account.received() ? "balances" : "DOES NOT BALANCE");
        }
        sums &= received == total;
        System.out.printf("  ledgers together  %d of %d orders sent%n", received, total);
        Map<String, Long> routedTo = new TreeMap<>();
        for (RoutedOrder o : network.ledger(DemoNetwork.HOME.ods()).orders()) {
            if (o.partner() != null) {
                routedTo.merge(o.partner() + " " + o.priority(), 1L, Long::sum);
            }
        }
        System.out.printf("  RJ1 routed        %s%n", routedTo);
        System.out.printf("  worked at         %s%n", network.workedByLab());
        System.out.printf("  results back      ORU^R01 at the requesters' endpoint by performing lab %s; %d orders with results%n",
                endpoint.resultsByLab(), endpoint.ordersWithResults());
        List<String> held = network.held();
        System.out.printf("  held at labs      %d results left for a scientist (their orders' reports wait, as they would)%s%n", held.size(),
                held.stream().limit(3).map(h -> "\n                      " + h).collect(Collectors.joining()));
        System.out.printf("  status notices    %s (fates changed after the first answer)%n", endpoint.statusByCode());
        Map<String, Long> home = new TreeMap<>();
        router.getBean(JdbcClient.class).sql("select state, count(*) from router_outbound where kind = 'RESULT_TO_HOME_LAB' group by state")
                .query((rs, n) -> home.put(rs.getString(1), rs.getLong(2))).list();
        System.out.printf("  results to RJ1    partner results sent to RJ1 on its return, by their answer %s%n", home);
        // RJ1 files each as done elsewhere (ADR 0035); a refusal means a patient's history there lacks it.
        sums &= !home.containsKey("REFUSED");
        for (Server s : servers) {
            ChainVerification chain = s.context().getBean(EventLog.class).verify();
            sums &= chain.intact();
            System.out.printf("  event log %-7s %s%n", s.name(), chain.intact() ? "%,d events, chain verified".formatted(chain.eventCount())
                    : "CHAIN BROKEN at sequence " + chain.firstBadSequence());
        }
        return sums;
    }

    /**
     * Keeps the network serving: the rest of the day's orders trickle in through the router, the labs work on what they
     * hold, and the console takes the network manager's declarations.
     */
    private int console(NetworkRun network, List<NetworkDay.DemoOrder> rest, List<Server> servers, String routerUsers) throws Exception {
        System.out.printf("""

                The router's people (also in %s; the labs' in each lab's demo-users.txt):
                %s
                The rest of the day (%d orders) arrives one every 3 s; the labs work on what they hold.
                Console (the network manager): down LAB REASON...  |  back LAB DRAIN-PER-MINUTE  |  status  |  quit
                e.g.  down RJ1 Ransomware: systems isolated   then   back RJ1 30
                """, servers.getFirst().dataDir().resolve("demo-users.txt"), routerUsers.indent(2), rest.size());
        Thread day = Thread.ofPlatform().daemon().name("demo-network-day").start(() -> {
            try {
                for (NetworkDay.DemoOrder order : rest) {
                    network.send(List.of(order), 1);
                    network.work(rest);
                    TimeUnit.SECONDS.sleep(3);
                }
                while (!Thread.currentThread().isInterrupted()) {
                    network.work(rest);
                    TimeUnit.SECONDS.sleep(1);
                }
            } catch (InterruptedException stopped) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                System.out.println("The demo's order comms stopped: " + e.getMessage());
            }
        });
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            String[] words = line.strip().split("\\s+", 3);
            try {
                switch (words[0].toLowerCase(java.util.Locale.ROOT)) {
                    case "down" -> print(network.declareDown(words[1], words.length > 2 ? words[2] : null));
                    case "back" -> print(network.declareBack(words[1], Integer.parseInt(words[2])));
                    case "status" -> network.labStates().forEach((ods, state) -> {
                        Ledger.Account account = network.ledger(ods);
                        System.out.printf("  %-4s %-9s received %d: %s%n", ods, state, account.received(), account.byWhere());
                    });
                    case "quit", "exit" -> {
                        day.interrupt();
                        return 0;
                    }
                    case "" -> {
                    }
                    default -> System.out.println("  down LAB REASON...  |  back LAB DRAIN-PER-MINUTE  |  status  |  quit");
                }
            } catch (ArrayIndexOutOfBoundsException | NumberFormatException e) {
                System.out.println("  down LAB REASON...  |  back LAB DRAIN-PER-MINUTE  |  status  |  quit");
            } catch (RuntimeException refused) {
                System.out.println("  refused: " + refused.getMessage());
            }
        }
        // No console (stdin closed): serve until stopped.
        PathGuardCommand.awaitShutdown(servers.getFirst().context());
        day.interrupt();
        return 0;
    }
}
