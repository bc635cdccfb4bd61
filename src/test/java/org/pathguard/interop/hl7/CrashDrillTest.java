package org.pathguard.interop.hl7;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pathguard.bench.SyntheticMessages;
import org.pathguard.bench.SyntheticMessages.Person;
import org.pathguard.bench.SyntheticMessages.Request;
import org.pathguard.cli.PathGuardCommand;
import org.pathguard.e2e.LabProcess;
import org.pathguard.lab.NhsNumber;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The crash drill. The server runs in a process of its own on embedded PostgreSQL and takes orders
 * (OML^O21) from three order-communications systems at once; after a random moment it is killed
 * with SIGKILL, database and all, and restarted on the same data directory. As a real sender does,
 * each system first resends every message whose acknowledgement never came (each must now be
 * accepted), then carries on. At the end, what the senders were told is compared with what is
 * stored: no acknowledged order lost, none recorded twice, nothing recorded that was never sent;
 * and the hash chain verifies.
 * <p>
 * The processes die, the machine does not: what PostgreSQL handed to the operating system survives,
 * so this proves that nothing is acknowledged before its commit (it fails with
 * {@code synchronous_commit=off}), not that fsync reaches the disk.
 * <p>
 * {@code -Dpathguard.drill.cycles=N} (default 20) sets the number of kills; {@code -Dpathguard.drill.seed=S}
 * replays the printed seed's kill moments. The servers' output is in target/crash-drill/ (server-01.log, one a start).
 */
class CrashDrillTest {

    // One order-comms system per connection, each sending as its requester (MSH-4, ORC-21).
    private static final List<String> REQUESTERS = List.of("RJ122", "G85001", "Y01234");
    private static final Path LOGS = Path.of("target", "crash-drill");
    private static final DateTimeFormatter HL7_TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmssZ");

    /** An order as sent: MSH-3^MSH-4 and MSH-10 (what the lab keys resends by), the requester's placer number, the text. */
    private record Sent(String sender, String controlId, String requester, String placerOrderNumber, String text) {

        String key() {
            return sender + " " + controlId;
        }

        String orderKey() {
            return requester + " " + placerOrderNumber;
        }
    }

    @TempDir
    Path dataDir;

    private LabProcess server;
    private final Map<String, Sent> sent = new ConcurrentHashMap<>();
    private final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    private final List<String> otherAnswers = new CopyOnWriteArrayList<>();
    private final AtomicInteger nextPatient = new AtomicInteger();

    @AfterEach
    void noServerOutlivesTheDrill() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void killedAgainAndAgainDuringOrderIngestTheLabLosesNoAcknowledgedOrderAndRecordsNoneTwice() throws Exception {
        int cycles = Integer.getInteger("pathguard.drill.cycles", 20);
        long seed = Long.getLong("pathguard.drill.seed", System.nanoTime());
        System.out.printf("Crash drill: %d kills, seed %d (replay with -Dpathguard.drill.seed=%d)%n", cycles, seed, seed);
        Random random = new Random(seed);
        Files.createDirectories(LOGS);
        // Each start writes the next numbered log: those of an earlier run go first.
        try (var earlier = Files.list(LOGS)) {
            for (Path log : earlier.filter(p -> p.getFileName().toString().startsWith("server-")).toList()) {
                Files.delete(log);
            }
        }
        long began = System.nanoTime();
        List<Duration> startUps = new ArrayList<>();
        int inDoubtAtKills = 0;
        int recordedBeforeTheKill = 0;

        // The order-comms connections come from 127.0.0.1: registered as a sender, as an installer would, before serve.
        assertThat(PathGuardCommand.run("admin", "hl7-sender", "drill.ordercomms", "--address", "127.0.0.1",
                "--orders-for", String.join(",", REQUESTERS), "--data-dir", dataDir.toString())).isZero();
        server = LabProcess.start(LabProcess.Launch.serve("server", dataDir, 0, 0), LOGS);
        startUps.add(server.startUp());
        for (int cycle = 1; cycle <= cycles; cycle++) {
            int ingestMillis = 300 + random.nextInt(1_201);
            int acknowledgedBefore = acknowledged.size();
            List<Sent> inDoubt = ingestUntilKilled(cycle, ingestMillis);
            Instant killed = Instant.now();
            server = server.restart();
            startUps.add(server.startUp());
            int recordedBefore = resend(inDoubt, killed);
            inDoubtAtKills += inDoubt.size();
            recordedBeforeTheKill += recordedBefore;
            System.out.printf("cycle %2d: killed after %4d ms of ingest, %3d acknowledged, %d in doubt; restarted in %.1f s;"
                            + " resent: %d had been recorded before the kill, %d had not%n", cycle, ingestMillis,
                    acknowledged.size() - acknowledgedBefore - inDoubt.size(), inDoubt.size(),
                    server.startUp().toMillis() / 1000.0, recordedBefore, inDoubt.size() - recordedBefore);
        }

        assertThat(otherAnswers).as("answers other than AA to orders the lab can take").isEmpty();
        compareWhatWasAcknowledgedWithWhatIsStored();
        server.stop();
        server = null;
        assertThat(PathGuardCommand.run("verify", "--data-dir", dataDir.toString())).as("verify of the hash chain").isZero();

        System.out.printf("Crash drill passed: %d kills in %.0f s (seed %d); %d orders acknowledged, all stored once;"
                        + " %d in doubt at the kills, all accepted on resend (%d had been recorded before the kill, %d had not);"
                        + " server start-up %.1f-%.1f s%n",
                cycles, (System.nanoTime() - began) / 1e9, seed, acknowledged.size(), inDoubtAtKills,
                recordedBeforeTheKill, inDoubtAtKills - recordedBeforeTheKill,
                startUps.stream().mapToLong(Duration::toMillis).min().orElseThrow() / 1000.0,
                startUps.stream().mapToLong(Duration::toMillis).max().orElseThrow() / 1000.0);
    }

    /** Orders on every connection until the server is killed; returns the ones sent but never answered. */
    private List<Sent> ingestUntilKilled(int cycle, int millis) throws Exception {
        Queue<Sent> inDoubt = new ConcurrentLinkedQueue<>();
        // Connected before the clock starts, so even the shortest ingest has every connection sending.
        List<Mllp> connections = new ArrayList<>();
        for (int i = 0; i < REQUESTERS.size(); i++) {
            connections.add(new Mllp(server.mllpPort()));
        }
        try (ExecutorService senders = Executors.newFixedThreadPool(REQUESTERS.size())) {
            List<Future<Void>> sending = new ArrayList<>();
            for (int i = 0; i < REQUESTERS.size(); i++) {
                sending.add(senders.submit(sendUntilKilled(connections.get(i), cycle, REQUESTERS.get(i), inDoubt)));
            }
            Thread.sleep(millis);
            assertThat(server.running()).as("the server was running until the drill killed it (see %s)", server.log()).isTrue();
            server.kill();
            for (Future<Void> s : sending) {
                s.get();
            }
        }
        return List.copyOf(inDoubt);
    }

    private Callable<Void> sendUntilKilled(Mllp connection, int cycle, String requester, Queue<Sent> inDoubt) {
        return () -> {
            try (connection) {
                for (int n = 1; ; n++) {
                    Sent order = order("C%02d-%s-%04d".formatted(cycle, requester, n), requester);
                    sent.put(order.controlId(), order);
                    String ack;
                    try {
                        ack = connection.send(order.text());
                    } catch (UncheckedIOException killed) {
                        // Perhaps recorded, perhaps not even received: only a resend can tell the sender.
                        inDoubt.add(order);
                        return null;
                    }
                    if ("AA".equals(Mllp.field(ack, "MSA", 1))) {
                        acknowledged.add(order.controlId());
                    } else {
                        otherAnswers.add(ack);
                    }
                }
            }
        };
    }

    /**
     * Resends each message left in doubt, as its sender would, and returns how many had been recorded before the kill.
     * Each must be accepted. A resend of a recorded message is answered with its first acknowledgement, which was
     * made before the kill; a message never recorded is accepted now, seconds of start-up after it (MSH-7, to the second).
     */
    private int resend(List<Sent> inDoubt, Instant killed) throws Exception {
        int recordedBefore = 0;
        try (Mllp connection = new Mllp(server.mllpPort())) {
            for (Sent order : inDoubt) {
                String ack = connection.send(order.text());
                assertThat(Mllp.field(ack, "MSA", 1)).as("answer to the resend of %s: %s", order.controlId(), ack).isEqualTo("AA");
                assertThat(Mllp.field(ack, "MSA", 2)).isEqualTo(order.controlId());
                acknowledged.add(order.controlId());
                if (OffsetDateTime.parse(Mllp.field(ack, "MSH", 7), HL7_TIME).toInstant().isBefore(killed)) {
                    recordedBefore++;
                }
            }
        }
        return recordedBefore;
    }

    private Sent order(String controlId, String requester) {
        String placer = "P" + controlId;
        String text = SyntheticMessages.oml(controlId, requester, placer, newPatient(), "R", null,
                List.of(new Request("UE", "S" + controlId, "SER")));
        return new Sent(Mllp.field(text, "MSH", 3) + "^" + Mllp.field(text, "MSH", 4), controlId, requester, placer, text);
    }

    /** A new patient for every order (NHS numbers from 9995000000 up, in the 999 test range): no two orders clash. */
    private Person newPatient() {
        Optional<NhsNumber> nhs;
        do {
            nhs = NhsNumber.withCheckDigit("9995" + "%05d".formatted(nextPatient.getAndIncrement()));
        } while (nhs.isEmpty());
        return new Person(nhs.get().value(), null, "Okafor", "Grace", "19800214", "F", "SE5 9RS");
    }

    /** Read through the running server's own PostgreSQL, once every resend has been answered. */
    private void compareWhatWasAcknowledgedWithWhatIsStored() throws SQLException {
        try (Connection db = server.database()) {
            List<String> stored = strings(db, "select sender || ' ' || control_id from inbound_message");
            Set<String> acknowledgedKeys = acknowledged.stream().map(id -> sent.get(id).key()).collect(Collectors.toSet());
            Set<String> sentKeys = sent.values().stream().map(Sent::key).collect(Collectors.toSet());

            assertThat(minus(acknowledgedKeys, stored)).as("orders acknowledged, then lost").isEmpty();
            assertThat(stored).as("messages recorded more than once").doesNotHaveDuplicates();
            assertThat(minus(stored, sentKeys)).as("messages recorded that were never sent").isEmpty();
            assertThat(count(db, "select count(*) from event_log where event_type = 'MessageAccepted'"))
                    .as("MessageAccepted events").isEqualTo(stored.size());
            // Every message sent was acknowledged in the end (in doubt ones on resend), so each placed exactly one order.
            assertThat(acknowledged).as("messages acknowledged, of those sent").hasSameSizeAs(sent.keySet());
            assertThat(strings(db, "select requester_ods || ' ' || placer_order_number from lab_order"))
                    .as("orders placed, by requester and placer order number")
                    .containsExactlyInAnyOrderElementsOf(sent.values().stream().map(Sent::orderKey).toList());
            assertThat(count(db, "select count(*) from event_log where event_type = 'OrderPlaced'"))
                    .as("OrderPlaced events").isEqualTo(sent.size());
        }
    }

    private static Set<String> minus(Collection<String> these, Collection<String> those) {
        Set<String> rest = new HashSet<>(these);
        those.forEach(rest::remove);
        return rest;
    }

    private static List<String> strings(Connection db, String sql) throws SQLException {
        try (Statement s = db.createStatement(); ResultSet rows = s.executeQuery(sql)) {
            List<String> values = new ArrayList<>();
            while (rows.next()) {
                values.add(rows.getString(1));
            }
            return values;
        }
    }

    private static long count(Connection db, String sql) throws SQLException {
        try (Statement s = db.createStatement(); ResultSet rows = s.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
