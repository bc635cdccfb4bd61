package org.pathguard.router;

import org.pathguard.access.AccessAlertRaised;
import org.pathguard.access.Actor;
import org.pathguard.access.ForbiddenAction;
import org.pathguard.eventlog.EventLog;
import org.pathguard.eventlog.NewEvent;
import org.pathguard.lab.Conflict;
import org.pathguard.lab.FreeText;
import org.pathguard.lab.LabRuleViolation;
import org.pathguard.lab.NotFound;
import org.pathguard.lab.OdsCode;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Whether each lab is up, suspected or down. A lab is down when it is declared so, by its own lab manager or the network
 * manager, with a reason; the router only suspects (after passing orders to it has failed for
 * {@code pathguard.router.suspect-after}), and the network manager confirms. It is up again only when declared back,
 * with the rate at which the orders held for it drain into it. Each declaration changes where patient data flows, so
 * each is a notice to the privacy officer.
 */
@Service
@ConditionalOnProperty(name = "pathguard.mode", havingValue = "router")
public class LabStates {

    private static final int MOST_PER_MINUTE = 10_000;

    private final EventLog log;
    private final JdbcClient db;
    private final NetworkDirectory directory;
    private final Triage triage;
    private final OrderBook book;
    private final String facility;

    LabStates(EventLog log, JdbcClient db, NetworkDirectory directory, Triage triage, OrderBook book,
              @Value("${pathguard.router.facility:PGNET}") String facility) {
        this.log = log;
        this.db = db;
        this.directory = directory;
        this.triage = triage;
        this.book = book;
        this.facility = facility;
    }

    /**
     * Declares a lab down (or confirms the router's suspicion). Orders of its requesters not yet passed to it are triaged
     * at once, in priority then age order, as are orders routed to it as a partner and not yet taken; each requester is
     * sent the new fate of each such order.
     */
    public LabStatus declareDown(Actor actor, String labOds, String reason) {
        String ods = mayDeclare(actor, labOds);
        String why = FreeText.reason("reason", reason, "ransomware: systems isolated at 06:10, no results until restored");
        return triage.exclusively(() -> {
            LabStatus lab = current(ods);
            requireMove(lab, LabState.DOWN);
            List<NewEvent> events = new ArrayList<>(List.of(
                    NewEvent.of("network-lab:" + ods, new NetworkLabStateChanged(ods, lab.state(), LabState.DOWN, why, null)),
                    NewEvent.of("access:" + actor.name(), new AccessAlertRaised(actor.name(), "LAB_DECLARED_DOWN", actor.name()
                            + " declared " + ods + " down (" + why + "): its requesters' orders now go to partner labs by triage"))));
            // Its requesters' orders not yet passed to it, and orders routed to it as a partner and not yet taken: the
            // next partner, or held, or refused. An order on its way to it now waits for its answer (RouterDispatch).
            List<RoutedOrder> waiting = new ArrayList<>(book.inState(ods, "FORWARDING", Integer.MAX_VALUE));
            waiting.addAll(book.routingTo(ods));
            events.addAll(retriage(waiting.stream().filter(o -> !book.inFlight(o.id())).toList()));
            log.append(actor.logName(), events);
            return current(ods);
        });
    }

    /**
     * Declares a lab back. The partner results its requesters' routed orders had are queued for it (each once), and the
     * orders held for it drain into it at {@code drainPerMinute} once those results are delivered.
     */
    public LabStatus declareBack(Actor actor, String labOds, int drainPerMinute) {
        String ods = mayDeclare(actor, labOds);
        if (drainPerMinute < 1 || drainPerMinute > MOST_PER_MINUTE) {
            throw new LabRuleViolation("invalid-drain-rate", "drainPerMinute is how many held orders a minute the lab takes on its "
                    + "return, from 1 to " + MOST_PER_MINUTE);
        }
        return triage.exclusively(() -> {
            LabStatus lab = current(ods);
            requireMove(lab, LabState.UP);
            List<NewEvent> events = new ArrayList<>(List.of(
                    NewEvent.of("network-lab:" + ods, new NetworkLabStateChanged(ods, lab.state(), LabState.UP,
                            "declared back by " + actor.name(), drainPerMinute))));
            int results = 0;
            record Kept(UUID resultId, UUID orderId) {
            }
            for (Kept kept : db.sql("""
                            select r.id, r.order_id from router_result r join router_order o on o.id = r.order_id
                            where o.home_lab = ? and not r.sent_home order by r.received_at""")
                    .param(ods).query((rs, n) -> new Kept(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class))).list()) {
                events.add(NewEvent.of("router-order:" + kept.orderId(), new RouterMessageQueued(UUID.randomUUID(),
                        RouterMessageQueued.Kind.RESULT_TO_HOME_LAB, kept.orderId(), kept.resultId(), RouterMessageQueued.Target.LAB,
                        ods, book.resultMessage(kept.resultId()))));
                results++;
            }
            events.add(NewEvent.of("access:" + actor.name(), new AccessAlertRaised(actor.name(), "LAB_DECLARED_BACK", actor.name()
                    + " declared " + ods + " back: " + results + " partner result messages go to it, and its held orders drain "
                    + "into it at " + drainPerMinute + " a minute")));
            log.append(actor.logName(), events);
            return current(ods);
        });
    }

    /**
     * Triage of orders already answered that can no longer go where they were going (a home lab or a partner now down):
     * the decisions, taken one after another from the same offers, and a status message for each requester. Called under
     * the triage lock, before the append that records them.
     */
    List<NewEvent> retriage(List<RoutedOrder> orders) {
        List<NewEvent> events = new ArrayList<>();
        java.util.Map<String, Triage.Round> rounds = new java.util.HashMap<>();
        for (RoutedOrder order : orders) {
            Set<String> without = new HashSet<>(order.refusedBy());
            if (order.state().equals("ROUTING")) {
                without.add(order.partner());
            }
            Triage.Decided decided = rounds.computeIfAbsent(order.homeLab(), home -> triage.new Round(home))
                    .decide(new Triage.Candidate(order.id(), order.requesterOds(), order.priority(), new HashSet<>(order.tests()),
                            without));
            events.add(decided.event());
            events.add(statusNotice(order, decided.triaged()));
        }
        return events;
    }

    /** The router's suspicion: passing orders to the lab has failed since {@code since}. The network manager decides. */
    void suspect(String ods, Instant since) {
        triage.exclusively(() -> {
            LabStatus lab = current(ods);
            if (lab.state() != LabState.UP) {
                return null;
            }
            log.append(Actor.SYSTEM.logName(), NewEvent.of("network-lab:" + ods, new NetworkLabStateChanged(ods, LabState.UP,
                            LabState.SUSPECTED, "no answer since " + since, null)),
                    NewEvent.of("access:" + Actor.SYSTEM.name(), new AccessAlertRaised(Actor.SYSTEM.name(), "LAB_SUSPECTED_DOWN",
                            "The router has not been able to pass orders to " + ods + " since " + since
                                    + "; the network manager confirms it down (or declares it back) to change where orders go")));
            return null;
        });
    }

    /** The message telling a requester an order it was already told about has a new fate. */
    NewEvent statusNotice(RoutedOrder order, OrderTriaged triaged) {
        return NewEvent.of("router-order:" + order.id(), new RouterMessageQueued(UUID.randomUUID(), RouterMessageQueued.Kind.STATUS,
                order.id(), null, RouterMessageQueued.Target.REQUESTER, order.requesterOds(),
                StatusNotice.of(facility, order.requesterOds(), order.messageType(), order.placerNumber(), order.placerGroup(),
                        StatusNotice.orderStatus(triaged.outcome()), triaged.note())));
    }

    /** The network manager, or the lab manager of that very lab. */
    private String mayDeclare(Actor actor, String labOds) {
        actor.require(Actor.Role.NETWORK_MANAGER, Actor.Role.LAB_MANAGER);
        String ods = OdsCode.parse(labOds).value();
        if (actor.role() == Actor.Role.LAB_MANAGER && !ods.equals(actor.organisation())) {
            throw new ForbiddenAction("A lab manager declares only their own lab down or back; " + ods + " is not "
                    + actor.organisation() + ". The network manager declares any lab.");
        }
        return ods;
    }

    private LabStatus current(String ods) {
        return directory.lab(ods).orElseThrow(() -> new NotFound("No lab " + ods + " in the network directory"));
    }

    private static void requireMove(LabStatus lab, LabState next) {
        if (!lab.state().canBecome(next)) {
            throw new Conflict("Lab " + lab.lab().ods() + " is " + lab.state() + " since " + lab.since() + "; it cannot be declared "
                    + (next == LabState.UP ? "back" : next.name().toLowerCase(java.util.Locale.ROOT)) + " now");
        }
    }
}
