package org.pathguard.demo;

import org.pathguard.access.Actor;
import org.pathguard.router.LabState;
import org.pathguard.router.LabStates;
import org.pathguard.router.LabStatus;
import org.pathguard.router.Ledger;
import org.pathguard.router.NetworkDirectory;
import org.pathguard.router.RoutedOrder;
import org.springframework.context.ApplicationContext;

import javax.net.ssl.SSLContext;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The demo network at work: the order communications send orders to the router; the labs' staff work on each order
 * where the router's ledger says it is (at its home lab, or at the partner triage chose), except at a lab declared down,
 * whose systems are isolated; the requesters' endpoint counts what comes back. Everything is read from the servers
 * themselves: the router's ledger, the labs' services, the endpoint's inbox.
 */
public final class NetworkRun {

    private final ApplicationContext router;
    private final Map<String, ? extends ApplicationContext> labs;
    private final RequesterEndpoint endpoint;
    private final SSLContext orderComms;
    private final int routerPort;
    private final Instant since;
    /** Each order's work, by order number, once a lab has worked on it. */
    private final Map<Integer, NetworkDay.Work> worked = new ConcurrentHashMap<>();

    public NetworkRun(ApplicationContext router, Map<String, ? extends ApplicationContext> labs, RequesterEndpoint endpoint, SSLContext orderComms,
                      int routerPort, Instant since) {
        this.router = router;
        this.labs = labs;
        this.endpoint = endpoint;
        this.orderComms = orderComms;
        this.routerPort = routerPort;
        this.since = since;
    }

    /** What the router answered the orders sent: MSA-1 by code, and each order's fate (ORC-5) as the ORL said it. */
    public record Sent(int orders, Map<String, Long> byAnswer, Map<String, Long> byFate, List<String> problems, Duration took,
                       List<Duration> ackTimes) {
    }

    /** Sends {@code orders} to the router over {@code connections} connections at once, each waiting for its acknowledgement. */
    public Sent send(List<NetworkDay.DemoOrder> orders, int connections) throws Exception {
        return send(routerPort, orders, connections, new ConcurrentHashMap<>());
    }

    /** As {@link #send(List, int)}, noting when each order was sent, by placer number. */
    public Sent send(List<NetworkDay.DemoOrder> orders, int connections, Map<String, Instant> sentAt) throws Exception {
        return send(routerPort, orders, connections, sentAt);
    }

    /** Sends the orders to another MLLP listener of the network (a lab's, as before there was a router). */
    public Sent sendTo(int port, List<NetworkDay.DemoOrder> orders, int connections) throws Exception {
        return send(port, orders, connections, new ConcurrentHashMap<>());
    }

    private Sent send(int port, List<NetworkDay.DemoOrder> orders, int connections, Map<String, Instant> sentAt) throws Exception {
        Map<String, Long> byAnswer = new ConcurrentHashMap<>();
        Map<String, Long> byFate = new ConcurrentHashMap<>();
        List<String> problems = java.util.Collections.synchronizedList(new ArrayList<>());
        Duration[] ackTimes = new Duration[orders.size()];
        AtomicInteger next = new AtomicInteger();
        long started = System.nanoTime();
        try (ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, connections))) {
            List<Future<?>> work = new ArrayList<>();
            for (int c = 0; c < Math.max(1, connections); c++) {
                work.add(pool.submit(() -> {
                    try (OrderComms comms = OrderComms.connect(orderComms, port)) {
                        for (int i = next.getAndIncrement(); i < orders.size(); i = next.getAndIncrement()) {
                            sentAt.put(orders.get(i).placerNumber(), Instant.now());
                            long sent = System.nanoTime();
                            String answer = comms.send(orders.get(i).message());
                            ackTimes[i] = Duration.ofNanos(System.nanoTime() - sent);
                            Answer a = Answer.read(answer);
                            byAnswer.merge(a.code(), 1L, Long::sum);
                            byFate.merge(a.fate(), 1L, Long::sum);
                            if (!a.code().equals("AA") || a.control().equals("UA")) {
                                problems.add(orders.get(i).placerNumber() + ": " + a.code() + " " + a.control() + " " + a.note());
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : work) {
                f.get();
            }
        }
        return new Sent(orders.size(), new TreeMap<>(byAnswer), new TreeMap<>(byFate), List.copyOf(problems),
                Duration.ofNanos(System.nanoTime() - started), java.util.Arrays.stream(ackTimes).filter(java.util.Objects::nonNull).toList());
    }

    /** MSA-1, the first ORC's order control (ORC-1) and status (ORC-5), and the note (NTE-3, else MSA-3). */
    public record Answer(String code, String control, String fate, String note) {

        public static Answer read(String ack) {
            String code = "";
            String control = "";
            String fate = "";
            String note = "";
            for (String segment : ack.split("[\r\n]+")) {
                String[] f = segment.split("\\|", -1);
                switch (f[0]) {
                    case "MSA" -> {
                        code = f.length > 1 ? f[1] : "";
                        note = note.isEmpty() && f.length > 3 ? f[3] : note;
                    }
                    case "NTE" -> note = f.length > 3 ? f[3] : note;
                    case "ORC" -> {
                        if (control.isEmpty()) {
                            control = f.length > 1 ? f[1] : "";
                            fate = f.length > 5 ? f[5] : "";
                        }
                    }
                    default -> {
                    }
                }
            }
            return new Answer(code, control, fate, note);
        }
    }

    /** Where the router says each of its orders is, by the requester's placer number. */
    public Map<String, RoutedOrder> whereabouts() {
        Map<String, RoutedOrder> where = new HashMap<>();
        Ledger ledger = router.getBean(Ledger.class);
        for (DemoNetwork.Member lab : DemoNetwork.LABS) {
            for (RoutedOrder o : ledger.ledger(Actor.SYSTEM, lab.ods(), since, Instant.now().plusSeconds(60)).orders()) {
                where.put(o.requesterOds() + "|" + o.placerNumber(), o);
            }
        }
        return where;
    }

    public Map<String, LabState> labStates() {
        Map<String, LabState> states = new TreeMap<>();
        router.getBean(NetworkDirectory.class).labs(Actor.SYSTEM).forEach(s -> states.put(s.lab().ods(), s.state()));
        return states;
    }

    /**
     * One round of the labs' work: each order a lab holds (its home lab when it is not down, or the partner it was
     * routed to) and has not worked on yet is received and resulted there. Returns how many orders were worked.
     */
    public int work(List<NetworkDay.DemoOrder> orders) {
        Map<String, RoutedOrder> where = whereabouts();
        Map<String, LabState> states = labStates();
        int done = 0;
        for (NetworkDay.DemoOrder order : orders) {
            if (worked.containsKey(order.number())) {
                continue;
            }
            RoutedOrder at = where.get(order.requester() + "|" + order.placerNumber());
            if (at == null) {
                continue;
            }
            String lab = switch (at.state()) {
                case "AT_HOME_LAB" -> at.homeLab();
                case "AT_PARTNER" -> at.partner();
                default -> null;
            };
            if (lab == null || states.get(lab) == LabState.DOWN) {
                continue;
            }
            worked.put(order.number(), NetworkDay.result(labs.get(lab), lab, order));
            done++;
        }
        return done;
    }

    /** Orders not yet where they will stay: being passed on, held at a lab that is down, or worked with results not back. */
    public List<String> unsettled(List<NetworkDay.DemoOrder> orders, boolean deferredIsSettled) {
        Map<String, RoutedOrder> where = whereabouts();
        List<String> waiting = new ArrayList<>();
        for (NetworkDay.DemoOrder order : orders) {
            RoutedOrder at = where.get(order.requester() + "|" + order.placerNumber());
            String state = at == null ? "NOT_AT_ROUTER" : at.state();
            boolean settled = switch (state) {
                case "REFUSED", "HOME_LAB_REFUSED" -> true;
                case "DEFERRED" -> deferredIsSettled;
                // A report goes once every result of the order is released; one left held keeps it at the lab, as it would.
                case "AT_HOME_LAB", "AT_PARTNER", "RESULTED" -> worked.containsKey(order.number())
                        && (!worked.get(order.number()).held().isEmpty() || endpoint.hasResult(order.requester(), order.placerNumber()));
                default -> false;
            };
            if (!settled) {
                NetworkDay.Work work = worked.get(order.number());
                waiting.add(order.placerNumber() + " " + state + (work == null ? ""
                        : " (worked at " + work.lab() + ", " + work.released() + " results released, no report back yet)"));
            }
        }
        return waiting;
    }

    /** Works until every order is settled or {@code giveUp} passes; returns those still unsettled (empty when done). */
    public List<String> settle(List<NetworkDay.DemoOrder> orders, boolean deferredIsSettled, Duration giveUp) throws InterruptedException {
        Instant deadline = Instant.now().plus(giveUp);
        while (true) {
            work(orders);
            List<String> waiting = unsettled(orders, deferredIsSettled);
            if (waiting.isEmpty() || Instant.now().isAfter(deadline)) {
                return waiting;
            }
            Thread.sleep(250);
        }
    }

    public LabStatus declareDown(String ods, String reason) {
        return router.getBean(LabStates.class).declareDown(DemoNetwork.networkManager(), ods, reason);
    }

    public LabStatus declareBack(String ods, int drainPerMinute) {
        return router.getBean(LabStates.class).declareBack(DemoNetwork.networkManager(), ods, drainPerMinute);
    }

    public Ledger.Account ledger(String ods) {
        return router.getBean(Ledger.class).ledger(Actor.SYSTEM, ods, since, Instant.now().plusSeconds(60));
    }

    /** Orders worked per lab: where the work was done. */
    public Map<String, Long> workedByLab() {
        Map<String, Long> counts = new TreeMap<>();
        worked.values().forEach(w -> counts.merge(w.lab(), 1L, Long::sum));
        return counts;
    }

    /** Why results were left held, one line per result, for the orders whose report therefore did not go. */
    public List<String> held() {
        return worked.values().stream().flatMap(w -> w.held().stream().map(h -> w.lab() + " " + h)).sorted().toList();
    }
}
