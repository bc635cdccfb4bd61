package org.pathguard.router;

import org.pathguard.access.Actor;
import org.pathguard.background.Rounds;
import org.pathguard.eventlog.EventLog;
import org.pathguard.eventlog.NewEvent;
import org.pathguard.interop.hl7.Backoff;
import org.pathguard.interop.hl7.OutboundMllp;
import org.pathguard.lab.Conflict;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The router's rounds: passes each order to its home lab (or to the partner triage chose) unchanged, exactly as the
 * requester sent it, and records the answer; sends the messages it owes (order status and partner results to
 * requesters, partner results to a home lab that is back); suspects a lab it has failed to reach for
 * {@code pathguard.router.suspect-after}; and drains the orders held for a lab declared back at the rate it set. A
 * receiver that does not answer is tried again with backoff; what is due is read from what was recorded, so nothing is
 * lost across a restart, and a resend after a crash is recognised by the receiver as the same message.
 */
@Component
@ConditionalOnProperty(name = "pathguard.mode", havingValue = "router")
class RouterDispatch extends Rounds {

    private static final Logger log = LoggerFactory.getLogger(RouterDispatch.class);
    private static final int BATCH = 200;

    private final EventLog events;
    private final JdbcClient db;
    private final OutboundMllp mllp;
    private final NetworkDirectory directory;
    private final LabStates states;
    private final Triage triage;
    private final OrderBook book;
    private final Backoff backoff;
    private final Duration ackTimeout;
    private final Duration suspectAfter;
    /** Per receiver (a lab's or requester's ODS code): when to try it again and how many tries in a row failed. Lost on restart, which only means trying sooner. */
    private final Map<String, Instant> notBefore = new ConcurrentHashMap<>();
    private final Map<String, Integer> failures = new ConcurrentHashMap<>();

    RouterDispatch(EventLog events, JdbcClient db, OutboundMllp mllp, NetworkDirectory directory, LabStates states, Triage triage,
                   OrderBook book,
                   @Value("${pathguard.router.poll:PT0.5S}") Duration poll,
                   @Value("${pathguard.router.first-retry:PT1S}") Duration firstRetry,
                   @Value("${pathguard.router.longest-retry:PT1M}") Duration longestRetry,
                   @Value("${pathguard.router.ack-timeout:PT30S}") Duration ackTimeout,
                   @Value("${pathguard.router.suspect-after:PT2M}") Duration suspectAfter) {
        super("router-dispatch", poll);
        this.events = events;
        this.db = db;
        this.mllp = mllp;
        this.directory = directory;
        this.states = states;
        this.triage = triage;
        this.book = book;
        this.backoff = new Backoff(firstRetry, longestRetry);
        this.ackTimeout = ackTimeout;
        this.suspectAfter = suspectAfter;
    }

    @Override
    protected int round() {
        int done = suspect();
        done += stranded();
        try (Connections connections = new Connections()) {
            done += passOn(connections, "FORWARDING");
            done += passOn(connections, "ROUTING");
            done += deliverOwed(connections);
        }
        done += drain();
        return done;
    }

    /** Labs that have not answered for longer than the router waits become SUSPECTED, once. */
    private int suspect() {
        int suspected = 0;
        Instant limit = Instant.now().minus(suspectAfter);
        for (LabStatus lab : directory.labs(Actor.SYSTEM)) {
            if (lab.state() == LabState.UP && lab.unreachableSince() != null && lab.unreachableSince().isBefore(limit)) {
                states.suspect(lab.lab().ods(), lab.unreachableSince());
                suspected++;
            }
        }
        return suspected;
    }

    /** Orders to pass on: FORWARDING to home labs not declared down, ROUTING to their partners. */
    private int passOn(Connections connections, String state) {
        boolean partner = state.equals("ROUTING");
        List<RoutedOrder> due = db.sql("select o.* from router_order o join router_lab l on l.ods = "
                        + (partner ? "o.partner" : "o.home_lab") + " where o.state = ? and l.state <> 'DOWN' order by "
                        + Triage.PRIORITY_THEN_AGE + " limit ?")
                .params(state, BATCH).query(OrderBook::order).list();
        int answered = 0;
        Set<String> failedThisRound = new HashSet<>();
        for (RoutedOrder order : due) {
            String labOds = partner ? order.partner() : order.homeLab();
            if (failedThisRound.contains(labOds) || waiting(labOds)) {
                continue;
            }
            LabStatus lab = directory.lab(labOds).orElse(null);
            if (lab == null || !claim(order, state, labOds)) {
                continue;
            }
            LabAnswer answer;
            try {
                answer = connections.send(labOds, lab.lab().host(), lab.lab().port(), lab.lab().tls(), book.message(order.id()));
                if (answer == null || answer.tryAgain()) {
                    failedThisRound.add(labOds);
                    unreachable(lab);
                    continue;
                }
                reachable(lab);
                answered++;
                record(() -> answered(order, labOds, partner, answer));
            } finally {
                book.answered(order.id());
            }
        }
        return answered;
    }

    /**
     * Whether the order may go now: still in {@code state} and its lab not declared down meanwhile. Checked under the
     * triage lock, and marked in flight there, so a declaration never triages an order that is on its way to the lab.
     */
    private boolean claim(RoutedOrder order, String state, String labOds) {
        return triage.exclusively(() -> {
            boolean due = book.order(order.id()).map(o -> o.state().equals(state)).orElse(false)
                    && directory.lab(labOds).map(l -> l.state() != LabState.DOWN).orElse(false);
            if (due) {
                book.sending(order.id());
            }
            return due;
        });
    }

    /** Orders left for a lab declared down while they were on their way to it, and not taken there: triaged now. */
    private int stranded() {
        return triage.exclusively(() -> {
            List<RoutedOrder> stranded = book.stranded();
            if (stranded.isEmpty()) {
                return 0;
            }
            List<NewEvent> decided = states.retriage(stranded);
            record(() -> events.append(Actor.SYSTEM.logName(), decided));
            return stranded.size();
        });
    }

    /** The lab's answer recorded: taken (with its accession), or refused by the home lab (shown) or by a partner (triaged again). */
    private void answered(RoutedOrder order, String labOds, boolean partner, LabAnswer answer) {
        if (answer.taken()) {
            events.append(Actor.SYSTEM.logName(), NewEvent.of("router-order:" + order.id(),
                    new OrderTakenByLab(order.id(), labOds, partner, answer.accession())));
        } else if (!partner) {
            log.warn("Order refused by home lab {} with {}", labOds, answer.code());
            events.append(Actor.SYSTEM.logName(), NewEvent.of("router-order:" + order.id(),
                    new OrderRefusedByLab(order.id(), labOds, false, answer.code(), answer.refusal())));
        } else {
            partnerRefused(order, labOds, answer);
        }
    }

    /** A partner said no: the refusal is recorded and the order triaged again without it; the requester hears the new fate. */
    private void partnerRefused(RoutedOrder order, String partnerOds, LabAnswer answer) {
        log.warn("Order refused by partner lab {} with {}", partnerOds, answer.code());
        triage.exclusively(() -> {
            Set<String> refusedBy = new HashSet<>(order.refusedBy());
            refusedBy.add(partnerOds);
            Triage.Decided decided = triage.new Round(order.homeLab()).decide(new Triage.Candidate(order.id(), order.requesterOds(),
                    order.priority(), new HashSet<>(order.tests()), refusedBy));
            events.append(Actor.SYSTEM.logName(), NewEvent.of("router-order:" + order.id(),
                            new OrderRefusedByLab(order.id(), partnerOds, true, answer.code(), answer.refusal())),
                    decided.event(), states.statusNotice(order, decided.triaged()));
            return null;
        });
    }

    private record Owed(UUID id, UUID orderId, String target, String targetOds, int attempts) {
    }

    /** Messages owed to requesters and to labs back from a fall, oldest first, in order per receiver. */
    private int deliverOwed(Connections connections) {
        List<Owed> due = db.sql("select id, order_id, target, target_ods, attempts from router_outbound where state = 'PENDING' "
                        + "order by created_at limit ?")
                .param(BATCH).query((rs, n) -> new Owed(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3),
                        rs.getString(4), rs.getInt(5))).list();
        int answered = 0;
        Set<String> failedThisRound = new HashSet<>();
        for (Owed owed : due) {
            String key = owed.target() + ":" + owed.targetOds();
            if (failedThisRound.contains(key) || waiting(key)) {
                continue;
            }
            String host;
            int port;
            boolean tls;
            if (owed.target().equals("LAB")) {
                LabStatus lab = directory.lab(owed.targetOds()).orElse(null);
                if (lab == null || lab.state() == LabState.DOWN) {
                    failedThisRound.add(key);
                    continue;
                }
                host = lab.lab().host();
                port = lab.lab().port();
                tls = lab.lab().tls();
            } else {
                NetworkRequester requester = directory.requester(owed.targetOds()).orElse(null);
                if (requester == null) {
                    continue;
                }
                host = requester.resultsHost();
                port = requester.resultsPort();
                tls = requester.resultsTls();
            }
            LabAnswer answer = connections.send(key, host, port, tls, book.outboundMessage(owed.id()));
            if (answer == null || answer.tryAgain()) {
                failedThisRound.add(key);
                notDelivered(key);
                continue;
            }
            failures.remove(key);
            notBefore.remove(key);
            answered++;
            int attempts = owed.attempts() + 1;
            record(() -> events.append(Actor.SYSTEM.logName(), NewEvent.of("router-order:" + owed.orderId(), answer.taken()
                    ? new RouterMessageDelivered(owed.id(), attempts)
                    : new RouterMessageRefused(owed.id(), attempts, owed.targetOds() + " answered " + answer.code() + ": "
                    + answer.refusal()))));
        }
        return answered;
    }

    /**
     * Releases orders held for labs declared back into FORWARDING, critical first then oldest, no more a minute than the lab
     * set, and only once the partner results owed to it are delivered: it learns what was done elsewhere first.
     */
    private int drain() {
        int released = 0;
        for (LabStatus lab : directory.labs(Actor.SYSTEM)) {
            String ods = lab.lab().ods();
            if (lab.state() != LabState.UP || lab.drainPerMinute() == null) {
                continue;
            }
            boolean resultsOwed = db.sql("select count(*) from router_outbound where target = 'LAB' and target_ods = ? and state = 'PENDING'")
                    .param(ods).query(Long.class).single() > 0;
            if (resultsOwed) {
                continue;
            }
            int lastMinute = db.sql("select count(*) from router_order where home_lab = ? and released_at > ?")
                    .params(ods, Timestamp.from(Instant.now().minusSeconds(60))).query(Integer.class).single();
            int room = lab.drainPerMinute() - lastMinute;
            if (room <= 0) {
                continue;
            }
            List<NewEvent> releases = new ArrayList<>();
            for (RoutedOrder order : book.inState(ods, "DEFERRED", room)) {
                releases.add(NewEvent.of("router-order:" + order.id(), new OrderReleasedToHomeLab(order.id())));
            }
            if (!releases.isEmpty()) {
                record(() -> events.append(Actor.SYSTEM.logName(), releases));
                released += releases.size();
            }
        }
        return released;
    }

    /**
     * The round's connections, one per receiver, kept while they answer: a round's messages to a lab go on one connection
     * rather than a connection and a TLS handshake each. A receiver that fails is connected to afresh next time.
     */
    private final class Connections implements AutoCloseable {

        private final Map<String, OutboundMllp.Session> open = new HashMap<>();

        /** The receiver's answer, or null when it could not be reached or did not answer in time. */
        LabAnswer send(String receiver, String host, int port, boolean tls, String message) {
            OutboundMllp.Session session = open.get(receiver);
            try {
                if (session == null) {
                    session = mllp.open(host, port, tls, ackTimeout);
                    open.put(receiver, session);
                }
                return LabAnswer.read(session.exchange(message));
            } catch (IOException | RuntimeException unreachable) {
                forget(receiver);
                return null;
            }
        }

        private void forget(String receiver) {
            OutboundMllp.Session failed = open.remove(receiver);
            if (failed != null) {
                try {
                    failed.close();
                } catch (IOException alreadyBroken) {
                    log.debug("Closing a failed connection to {}: {}", receiver, alreadyBroken.getClass().getName());
                }
            }
        }

        @Override
        public void close() {
            List.copyOf(open.keySet()).forEach(this::forget);
        }
    }

    private boolean waiting(String key) {
        return Instant.now().isBefore(notBefore.getOrDefault(key, Instant.MIN));
    }

    private void unreachable(LabStatus lab) {
        notDelivered(lab.lab().ods());
        if (lab.unreachableSince() == null) {
            events.append(Actor.SYSTEM.logName(), NewEvent.of("network-lab:" + lab.lab().ods(),
                    new LabUnreachable(lab.lab().ods(), Instant.now())));
        }
    }

    private void reachable(LabStatus lab) {
        failures.remove(lab.lab().ods());
        notBefore.remove(lab.lab().ods());
        if (lab.unreachableSince() != null) {
            events.append(Actor.SYSTEM.logName(), NewEvent.of("network-lab:" + lab.lab().ods(), new LabReachable(lab.lab().ods())));
        }
    }

    private void notDelivered(String key) {
        int failed = failures.merge(key, 1, Integer::sum);
        Instant next = Instant.now().plus(backoff.after(failed));
        notBefore.put(key, next);
        log.info("Messages to {} not delivered (no connection, no answer, or asked to resend); try {} failed, next at {}", key, failed, next);
    }

    /** An order moved meanwhile (its lab declared down while it was in flight) keeps that move. */
    private static void record(Runnable move) {
        try {
            move.run();
        } catch (Conflict movedMeanwhile) {
            log.info("An order at the router changed while its message was answered: {}", movedMeanwhile.getMessage());
        }
    }
}
