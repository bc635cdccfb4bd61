package org.pathguard.e2e;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.pathguard.Api;
import org.pathguard.e2e.HapiRequester.Order;
import org.pathguard.e2e.LabProcess.Backups;
import org.pathguard.e2e.LabProcess.Launch;
import org.pathguard.lab.Priority;
import tools.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 16 end to end, every part a real process on loopback: the network router ({@code ./pathguard router}), home lab
 * A (RJ1, shipping its log to a write-once repository) and partners B (RYJ) and C (RAL), each {@code ./pathguard serve}
 * in a JVM of its own with its own embedded PostgreSQL, and a GP practice's order comms and results endpoint played by
 * HAPI from an address of its own. Everything is configured through the doors a deployment uses: first administrators
 * by the command line, then the API; the router's directory proposed by one network manager and approved by another;
 * HL7 senders, report routes (a lab manager proposes, a second approves) and the bench's credentials.
 * <ol>
 * <li>Orders go through the router to A, A's bench results them, A's reports reach the practice on A's route.</li>
 * <li>A's JVM and PostgreSQL are SIGKILLed. An order sent then cannot be passed on; the router suspects A and a network
 * manager confirms it down. Critical and urgent orders go to B and C within their agreed capacity (urgent beyond it
 * waits), routine ones wait; each fate is in the acknowledgement (ORC-5, NTE), or for the order taken before the
 * confirmation in a status message after it. B and C's reports reach the practice through the router.</li>
 * <li>A is restored from its backups into a new data directory on the same ports and declared back: the partners'
 * reports enter A's patients' histories as results performed elsewhere, and the held orders drain into A, priority
 * before age, are resulted there and reported to the practice.</li>
 * <li>The router's ledger for A accounts for every order the practice sent and had accepted, exactly once; each order
 * was performed at exactly one lab; the practice has exactly one report for each.</li>
 * </ol>
 * Each process's output is under the test's temporary directory, kept when the test fails and named in its messages.
 */
class NetworkFailoverTest {

    private static final String A = "RJ1";
    private static final String B = "RYJ";
    private static final String C = "RAL";
    private static final String GP = "G85001";
    /** Each sender a receiver knows by address connects from its own: the practice to the router, B and C to the router. */
    private static final String GP_ADDRESS = "127.0.0.11";
    private static final String B_ADDRESS = "127.0.0.12";
    private static final String C_ADDRESS = "127.0.0.13";
    /** The router connects to the labs from 127.0.0.1, and each lab registers it so, under this name. */
    private static final String ROUTER_SENDER = "network.router";
    private static final Pattern PARTNER = Pattern.compile("\\((" + B + "|" + C + ")\\)");
    /** What each lab performed for the practice: its own orders, not those it filed as done elsewhere. */
    private static final String PERFORMED = "select placer_order_number from lab_order where requester_ods = '" + GP
            + "' and performed_elsewhere is null order by accession";

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path root;

    private final List<LabProcess> processes = new ArrayList<>();

    @AfterEach
    void noProcessOutlivesTheTest() {
        processes.forEach(LabProcess::close);
    }

    @Test
    void whenTheHomeLabFallsItsOrdersGoToPartnersOrWaitAndWhenItIsRestoredNoneIsLostOrDoneTwice() {
        long began = System.nanoTime();
        Instant from = Instant.now().minusSeconds(60);
        Path logs = root.resolve("logs");
        Launch routerLaunch = Launch.router("router", root.resolve("router"), LabProcess.freePort(), LabProcess.freePort())
                .odsCode("PGNET")
                // Forwarding retried quickly, and a lab failing to answer for 3 s is suspected (production: 2 minutes).
                .setting("pathguard.router.poll", "PT0.2S").setting("pathguard.router.first-retry", "PT0.5S")
                .setting("pathguard.router.longest-retry", "PT1S").setting("pathguard.router.ack-timeout", "PT20S")
                .setting("pathguard.router.suspect-after", "PT3S");
        Launch aLaunch = lab("lab-a", A, "Guy's and St Thomas' pathology", "GS")
                .setting("pathguard.network.router-sender", ROUTER_SENDER)
                .backups(Backups.under(root.resolve("backups-a")));
        Launch bLaunch = lab("lab-b", B, "Imperial pathology", "IC").setting("pathguard.outbound.source-address", B_ADDRESS);
        Launch cLaunch = lab("lab-c", C, "Royal Free pathology", "RF").setting("pathguard.outbound.source-address", C_ADDRESS);
        List<Launch> launches = List.of(routerLaunch, aLaunch, bLaunch, cLaunch);
        List<LabStaff.Invitation> firsts = inParallel(launches.stream()
                .<Supplier<LabStaff.Invitation>>map(l -> () -> LabStaff.firstAdministrator(l, logs)).toList());

        try (HapiRequester practice = HapiRequester.start(GP, LabProcess.freePort(), GP_ADDRESS)) {
            List<LabProcess> started = inParallel(launches.stream().<Supplier<LabProcess>>map(l -> () -> LabProcess.start(l, logs))
                    .toList());
            LabProcess router = started.get(0);
            LabProcess a = started.get(1);
            LabProcess b = started.get(2);
            LabProcess c = started.get(3);
            long startedAt = System.nanoTime();

            // --- configuration, through the doors a deployment uses ---
            LabStaff network = LabStaff.enrol(router, firsts.get(0));
            Api manager = network.as(router, network.invite(router, "nm.one", "NETWORK_MANAGER"));
            Api secondManager = network.as(router, network.invite(router, "nm.two", "NETWORK_MANAGER"));
            network.orderComms(router, "ordercomms.g85001", practice.address(), GP);
            network.hl7Sender(router, "lab.ryj", B_ADDRESS, Map.of("partnerLab", B));
            network.hl7Sender(router, "lab.ral", C_ADDRESS, Map.of("partnerLab", C));
            for (LabProcess lab : List.of(a, b, c)) {
                approved(router, manager, secondManager, "labs", Map.of("ods", lab.launch().labOdsCode(),
                        "name", lab.launch().settings().get("pathguard.lab.name"), "host", "127.0.0.1", "port", lab.mllpPort(),
                        "tls", false, "receivingApplication", "PATHGUARD", "receivingFacility", lab.launch().labOdsCode()));
            }
            approved(router, manager, secondManager, "requesters", Map.of("ods", GP, "name", "Borough surgery", "setting", "GP",
                    "homeLab", A, "resultsHost", "localhost", "resultsPort", practice.resultsPort(), "resultsTls", false));
            // B reports sooner, so it is chosen first while it has room; C has the same room. Neither takes routine work.
            approved(router, manager, secondManager, "mutual-aid", Map.of("homeLab", A, "partner", B, "tests", List.of("TROP", "UE", "CRP"),
                    "dailyCapacity", Map.of("CRITICAL", 2, "URGENT", 2), "turnaroundMinutes", Map.of("CRITICAL", 40, "URGENT", 120),
                    "transportMinutes", 10));
            approved(router, manager, secondManager, "mutual-aid", Map.of("homeLab", A, "partner", C, "tests", List.of("TROP", "UE", "CRP"),
                    "dailyCapacity", Map.of("CRITICAL", 2, "URGENT", 2), "turnaroundMinutes", Map.of("CRITICAL", 45, "URGENT", 180),
                    "transportMinutes", 15));
            Map<String, Integer> capacity = Map.of(B + " CRITICAL", 2, B + " URGENT", 2, C + " CRITICAL", 2, C + " URGENT", 2);

            LabStaff staffA = LabStaff.enrol(a, firsts.get(1));
            // A hears the practice's orders from the router, files from it the results done elsewhere, reports to the practice.
            staffA.orderComms(a, ROUTER_SENDER, "127.0.0.1", GP);
            staffA.route(a, GP, "localhost", practice.resultsPort(), "GPSYS");
            Bench benchA = new Bench(a, staffA.credential(a, "middleware.bench", "reception", "results"));
            Map<String, Bench> partnerBench = new HashMap<>();
            for (LabProcess partner : List.of(b, c)) {
                LabStaff staff = LabStaff.enrol(partner, firsts.get(partner == b ? 2 : 3));
                // The partner hears A's requesters' orders from the router, and reports them back through it.
                staff.orderComms(partner, ROUTER_SENDER, "127.0.0.1", GP);
                staff.route(partner, GP, "localhost", router.mllpPort(), "PATHGUARD");
                partnerBench.put(partner.launch().labOdsCode(), new Bench(partner, staff.credential(partner, "middleware.bench",
                        "reception", "results")));
            }
            long configuredAt = System.nanoTime();

            // --- 1. normal running: through the router to A, A's reports straight to the practice ---
            List<Order> normal = new ArrayList<>();
            for (Priority priority : List.of(Priority.CRITICAL, Priority.URGENT, Priority.ROUTINE)) {
                for (String test : List.of("TROP", "UE")) {
                    Order order = accepted(practice, router, practice.order(priority, priority == Priority.CRITICAL ? test : "UE"));
                    assertThat(nte(order)).as("the router's note to %s", order.placerOrderNumber())
                            .contains("passed to Guy's and St Thomas' pathology (RJ1) as usual");
                    normal.add(order);
                }
            }
            await("A takes every order passed to it (see " + a.log() + ", " + router.log() + ")",
                    () -> a.query(PERFORMED).containsAll(placers(normal)));
            normal.forEach(benchA::result);
            practice.awaitReports(normal);
            for (Order order : normal) {
                assertThat(practice.reports(order.placerOrderNumber())).as("A's report of %s", order.placerOrderNumber())
                        .singleElement().satisfies(r -> assertThat(r.field("MSH", 4)).isEqualTo(A));
            }
            // What A acknowledged (its configuration, these orders and results) is in its backups before the attack.
            a.awaitShipped();
            long normalAt = System.nanoTime();

            // --- 2. A falls: killed with its database; an order sent now cannot be passed on, and A is suspected ---
            a.kill();
            assertThat(a.databaseProcesses()).as("A's PostgreSQL, killed with its JVM (%s)", a.log()).isEmpty();
            long killedAt = System.nanoTime();
            Order beforeConfirmed = accepted(practice, router, practice.order(Priority.URGENT, "UE"));
            assertThat(nte(beforeConfirmed)).contains("as usual");
            await("the router suspects A after failing to pass it an order (see " + router.log() + ")",
                    () -> "SUSPECTED".equals(labState(manager, router, A)));
            long suspectedAt = System.nanoTime();
            Api.Response down = manager.post("/api/router/labs/" + A + "/down",
                    Map.of("reason", "Ransomware: the lab's systems are isolated; confirmed with its IT team by phone"));
            LabStaff.expect(router, down, 200, "confirm A down");
            assertThat(down.json().get("state").asString()).isEqualTo("DOWN");

            // Orders now: critical and urgent to the partners while their agreed capacity lasts, routine held.
            List<Order> critical = new ArrayList<>();
            List<Order> urgent = new ArrayList<>(List.of(beforeConfirmed));
            List<Order> routine = new ArrayList<>();
            for (String test : List.of("TROP", "UE", "CRP")) {
                critical.add(accepted(practice, router, practice.order(Priority.CRITICAL, test)));
            }
            for (String test : List.of("UE", "CRP", "UE")) {
                urgent.add(accepted(practice, router, practice.order(Priority.URGENT, test)));
            }
            for (String test : List.of("UE", "CRP", "UE")) {
                routine.add(accepted(practice, router, practice.order(Priority.ROUTINE, test)));
            }
            // The partners' urgent capacity is used up: this one waits for A, and is drained before the older routine ones.
            Order urgentBeyondCapacity = accepted(practice, router, practice.order(Priority.URGENT, "UE"));
            long triagedAt = System.nanoTime();

            // The order taken before A was confirmed down was told "as usual"; its new fate comes as a status message.
            await(() -> "the practice is told where " + beforeConfirmed.placerOrderNumber() + " went (received: "
                            + practice.received().stream().map(r -> r.type() + " " + r.placerOrderNumber()).toList() + "; see "
                            + router.log() + ")", () -> statusOf(practice, beforeConfirmed) != null);
            HapiRequester.Received status = statusOf(practice, beforeConfirmed);
            assertThat(status.field("ORC", 1)).isEqualTo("SC");
            assertThat(status.field("ORC", 5)).isEqualTo("IP");

            Map<Order, String> routedTo = new LinkedHashMap<>();
            routedTo.put(beforeConfirmed, partnerIn(status.field("NTE", 3)));
            for (Order order : concat(critical, urgent.subList(1, urgent.size()))) {
                assertThat(orderStatus(order)).as("ORC-5 of the answer to %s: %s", order.placerOrderNumber(), order.ack()).isEqualTo("IP");
                assertThat(nte(order)).startsWith("Routed to ");
                routedTo.put(order, partnerIn(nte(order)));
            }
            for (Order order : concat(routine, List.of(urgentBeyondCapacity))) {
                assertThat(orderStatus(order)).as("ORC-5 of the answer to %s: %s", order.placerOrderNumber(), order.ack()).isEqualTo("HD");
                assertThat(nte(order)).doesNotContain("Routed");
            }
            routine.forEach(order -> assertThat(nte(order)).contains("Routine request held by the network router until " + A + " is back"));
            assertThat(nte(urgentBeyondCapacity)).contains("Held by the network router until " + A + " is back")
                    .contains("has used today's agreed capacity for urgent work");
            // The soonest result first: B's two critical places go before C's.
            assertThat(critical.subList(0, 2).stream().map(routedTo::get)).containsOnly(B);
            Map<String, Long> used = routedTo.entrySet().stream().collect(Collectors.groupingBy(
                    e -> e.getValue() + " " + e.getKey().priority(), TreeMap::new, Collectors.counting()));
            used.forEach((partnerAndPriority, n) -> assertThat(n).as("orders routed to %s", partnerAndPriority)
                    .isLessThanOrEqualTo(capacity.get(partnerAndPriority)));
            assertThat(used.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(critical.size() + urgent.size());

            // Each partner takes exactly what was routed to it, and results it; its reports reach the practice via the router.
            for (LabProcess partner : List.of(b, c)) {
                String ods = partner.launch().labOdsCode();
                List<Order> its = routedTo.entrySet().stream().filter(e -> e.getValue().equals(ods)).map(Map.Entry::getKey).toList();
                await("partner " + ods + " takes " + placers(its) + " from the router (see " + partner.log() + ", " + router.log() + ")",
                        () -> partner.query(PERFORMED).size() == its.size());
                assertThat(partner.query(PERFORMED)).containsExactlyInAnyOrderElementsOf(placers(its));
                its.forEach(partnerBench.get(ods)::result);
            }
            List<Order> routed = List.copyOf(routedTo.keySet());
            practice.awaitReports(routed);
            routedTo.forEach((order, partner) -> assertThat(practice.reports(order.placerOrderNumber()))
                    .as("the report of %s, relayed by the router (%s)", order.placerOrderNumber(), router.log())
                    .singleElement().satisfies(r -> assertThat(r.field("MSH", 4)).isEqualTo(partner)));
            long partnersReportedAt = System.nanoTime();

            // --- 3. A restored from its backups on the same ports, and declared back ---
            LabProcess restored = a.restoreInto(root.resolve("lab-a-restored"), Backups.under(root.resolve("backups-a2")));
            processes.add(restored);
            assertThat(List.of(restored.httpPort(), restored.mllpPort())).isEqualTo(List.of(a.httpPort(), a.mllpPort()));
            assertThat(restored.query(PERFORMED)).as("A's own orders after its restore (%s)", restored.log())
                    .containsExactlyInAnyOrderElementsOf(placers(normal));
            long restoredAt = System.nanoTime();
            Api.Response back = manager.post("/api/router/labs/" + A + "/back", Map.of("drainPerMinute", 120));
            LabStaff.expect(router, back, 200, "declare A back");
            assertThat(back.json().get("state").asString()).isEqualTo("UP");

            // The partners' reports enter A's patients' histories as their work, and A reports none of them itself.
            String elsewhere = "select o.placer_order_number || ' ' || o.performed_elsewhere || ' ' || r.performed_by_ods || ' '"
                    + " || r.status from lab_order o join result r on r.order_id = o.id where o.performed_elsewhere is not null";
            await(() -> "A files each partner's report as done elsewhere (it has " + restored.query(elsewhere) + "; see "
                    + restored.log() + ", " + router.log() + ")", () -> restored.query(elsewhere).stream()
                    .map(row -> row.split(" ")[0]).collect(Collectors.toSet()).containsAll(placers(routed)));
            List<String> filed = restored.query(elsewhere);
            routedTo.forEach((order, partner) -> assertThat(filed).as("results of %s at A", order.placerOrderNumber())
                    .filteredOn(row -> row.startsWith(order.placerOrderNumber() + " ")).isNotEmpty()
                    .allMatch(row -> row.equals(order.placerOrderNumber() + " " + partner + " " + partner + " FINAL")));

            assertThat(restored.query("select o.placer_order_number from outbound_message m join lab_order o on o.id = m.order_id"
                    + " where o.performed_elsewhere is not null")).as("reports A queued for work done elsewhere").isEmpty();

            // The held orders drain into A, priority before age, and A results and reports them.
            List<Order> held = concat(List.of(urgentBeyondCapacity), routine);
            await(() -> "the held orders " + placers(held) + " drain into A (it has " + restored.query(PERFORMED) + "; see "
                    + restored.log() + ", " + router.log() + ")", () -> restored.query(PERFORMED).containsAll(placers(held)));
            assertThat(restored.query(PERFORMED)).as("A's own orders, the held ones in the order A took them")
                    .filteredOn(placers(held)::contains).containsExactlyElementsOf(placers(held));
            Bench benchAgain = benchA.on(restored);
            held.forEach(benchAgain::result);
            practice.awaitReports(held);
            held.forEach(order -> assertThat(practice.reports(order.placerOrderNumber())).singleElement()
                    .satisfies(r -> assertThat(r.field("MSH", 4)).isEqualTo(A)));
            long drainedAt = System.nanoTime();

            // --- 4. every order accounted for once, performed once, reported once ---
            List<Order> sent = practice.sent();
            assertThat(sent).allMatch(o -> "AA".equals(o.ackCode()));
            assertThat(placers(sent)).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(
                    placers(concat(normal, concat(routed, held))));
            JsonNode ledger = manager.get("/api/router/ledger?lab=" + A + "&from=" + from + "&to=" + Instant.now().plusSeconds(60)).json();
            assertThat(ledger.get("received").asLong()).as("the router's ledger for A (%s)", router.log()).isEqualTo(sent.size());
            Map<String, Long> byWhere = new TreeMap<>();
            ledger.get("byWhere").properties().forEach(e -> byWhere.put(e.getKey(), e.getValue().asLong()));
            assertThat(byWhere.values().stream().mapToLong(Long::longValue).sum()).as("the ledger's where, summed (%s)", router.log())
                    .isEqualTo(sent.size());
            assertThat(byWhere).as("the ledger's where (%s)", router.log()).isEqualTo(Map.of("HOME_LAB", (long) (normal.size() + held.size()), "RESULTED", (long) routed.size()));
            List<String> inLedger = new ArrayList<>();
            Map<String, String> partnerInLedger = new HashMap<>();
            ledger.get("orders").forEach(o -> {
                inLedger.add(o.get("placerNumber").asString());
                if (o.hasNonNull("partner")) {
                    partnerInLedger.put(o.get("placerNumber").asString(), o.get("partner").asString());
                }
            });
            assertThat(inLedger).as("orders in the ledger (%s)", router.log()).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(placers(sent));
            routedTo.forEach((order, partner) -> assertThat(partnerInLedger.get(order.placerOrderNumber()))
                    .as("the partner of %s in the ledger (%s)", order.placerOrderNumber(), router.log()).isEqualTo(partner));

            Map<String, List<String>> performedAt = new TreeMap<>();
            for (LabProcess lab : List.of(restored, b, c)) {
                lab.query(PERFORMED).forEach(placer -> performedAt.computeIfAbsent(placer, p -> new ArrayList<>())
                        .add(lab.launch().labOdsCode()));
            }
            String labLogs = List.of(restored, b, c, router).stream().map(p -> p.log().toString()).collect(Collectors.joining(", "));
            assertThat(performedAt.keySet()).as("orders performed at A, B or C (%s)", labLogs)
                    .containsExactlyInAnyOrderElementsOf(placers(sent));
            performedAt.forEach((placer, labs) -> assertThat(labs).as("labs that performed %s (%s)", placer, labLogs).hasSize(1));
            for (Order order : sent) {
                assertThat(practice.reports(order.placerOrderNumber())).as("reports of %s (%s)", order.placerOrderNumber(), labLogs)
                        .hasSize(1);
            }

            long ended = System.nanoTime();
            System.out.printf("Network failover test passed in %.0f s (%d orders: %d to A, %d to partners %s, %d held and drained):"
                            + " processes started %.0f s, configured %.0f s, normal running %.0f s, A killed to suspected %.1f s,"
                            + " confirmed and %d orders triaged %.1f s, partners' results %.0f s, restore %.0f s, declared back to"
                            + " drained and reported %.0f s, checks %.1f s%n",
                    (ended - began) / 1e9, sent.size(), normal.size(), routed.size(), used, held.size(), (startedAt - began) / 1e9,
                    (configuredAt - startedAt) / 1e9, (normalAt - configuredAt) / 1e9, (suspectedAt - killedAt) / 1e9,
                    critical.size() + urgent.size() + routine.size() + 1, (triagedAt - suspectedAt) / 1e9,
                    (partnersReportedAt - triagedAt) / 1e9, (restoredAt - partnersReportedAt) / 1e9, (drainedAt - restoredAt) / 1e9,
                    (ended - drainedAt) / 1e9);
            restored.stop();
            b.stop();
            c.stop();
            router.stop();
        }
    }

    private Launch lab(String name, String ods, String labName, String accessionPrefix) {
        return Launch.serve(name, root.resolve(name), LabProcess.freePort(), LabProcess.freePort()).odsCode(ods)
                .setting("pathguard.lab.name", labName).setting("pathguard.lab.accession-prefix", accessionPrefix);
    }

    /** Proposed by one network manager through the router's API and approved by the other. */
    private static void approved(LabProcess router, Api proposer, Api approver, String kind, Map<String, Object> change) {
        Api.Response proposed = proposer.post("/api/router/proposals/" + kind, change);
        LabStaff.expect(router, proposed, 200, "propose " + kind + " " + change);
        Api.Response decided = approver.post("/api/router/proposals/" + proposed.json().get("id").asString() + "/decision",
                Map.of("approve", true, "comment", "Agreed at the network board"));
        LabStaff.expect(router, decided, 200, "approve " + kind + " " + change);
        assertThat(decided.json().get("state").asString()).isEqualTo("APPROVED");
    }

    private static String labState(Api manager, LabProcess router, String ods) {
        Api.Response labs = manager.get("/api/router/labs");
        LabStaff.expect(router, labs, 200, "list the network's labs");
        for (JsonNode lab : labs.json()) {
            if (lab.get("lab").get("ods").asString().equals(ods)) {
                return lab.get("state").asString();
            }
        }
        throw new AssertionError(ods + " is not in the router's directory: " + labs.body());
    }

    private static Order accepted(HapiRequester practice, LabProcess router, Order order) {
        Order answered = practice.send(router.mllpPort(), order);
        assertThat(answered.ackCode()).as("the router's answer to %s: %s (see %s)", order.controlId(), answered.ack(), router.log())
                .isEqualTo("AA");
        return answered;
    }

    private static String nte(Order order) {
        return org.pathguard.interop.hl7.Mllp.field(order.ack(), "NTE", 3);
    }

    private static String orderStatus(Order order) {
        return org.pathguard.interop.hl7.Mllp.field(order.ack(), "ORC", 5);
    }

    /** The order status message the router sent the practice for an order whose fate changed after its answer. */
    private static HapiRequester.Received statusOf(HapiRequester practice, Order order) {
        return practice.received().stream().filter(r -> !r.type().startsWith("ORU") && "SC".equals(r.field("ORC", 1))
                && order.placerOrderNumber().equals(r.placerOrderNumber())).findFirst().orElse(null);
    }

    private static String partnerIn(String note) {
        Matcher m = PARTNER.matcher(note == null ? "" : note);
        assertThat(m.find()).as("a partner named in the note '%s'", note).isTrue();
        return m.group(1);
    }

    private static List<String> placers(List<Order> orders) {
        return orders.stream().map(Order::placerOrderNumber).toList();
    }

    private static <T> List<T> concat(List<T> first, List<T> second) {
        List<T> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }

    private static void await(String what, java.util.function.BooleanSupplier done) {
        LabProcess.await(what, done);
    }

    private static void await(Supplier<String> what, java.util.function.BooleanSupplier done) {
        LabProcess.await(what, done);
    }

    /**
     * Runs slow starts side by side (each mostly waits for its own JVM and PostgreSQL); a process that started is kept for
     * clean-up even when another failed.
     */
    private <T> List<T> inParallel(List<Supplier<T>> work) {
        List<CompletableFuture<T>> running = work.stream().map(CompletableFuture::supplyAsync).toList();
        List<T> done = new ArrayList<>();
        Throwable failed = null;
        for (CompletableFuture<T> each : running) {
            try {
                T value = each.join();
                if (value instanceof LabProcess process) {
                    processes.add(process);
                }
                done.add(value);
            } catch (CompletionException e) {
                failed = e.getCause();
            }
        }
        if (failed instanceof Error error) {
            throw error;
        }
        if (failed != null) {
            throw failed instanceof RuntimeException r ? r : new IllegalStateException(failed);
        }
        return done;
    }
}
