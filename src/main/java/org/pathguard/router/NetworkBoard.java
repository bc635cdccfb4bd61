package org.pathguard.router;

import org.pathguard.access.Actor;
import org.pathguard.access.ForbiddenAction;
import org.pathguard.lab.OdsCode;
import org.pathguard.lab.Priority;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What the network manager's screens read that the router's services do not already answer: who made each lab's last
 * change of state, each partner's agreed capacity against what was routed to it today, the orders held for a fallen
 * lab, and a requester's own orders as a list. It names no patient: an order is its requester's placer number.
 */
@Service
@ConditionalOnProperty(name = "pathguard.mode", havingValue = "router")
public class NetworkBoard {

    private final JdbcClient db;
    private final NetworkDirectory directory;
    private final Triage triage;

    NetworkBoard(JdbcClient db, NetworkDirectory directory, Triage triage) {
        this.db = db;
        this.directory = directory;
        this.triage = triage;
    }

    /** A lab and who put it in its state (a person's log name, or the router itself for a suspicion); null if never changed. */
    public record LabOnBoard(LabStatus status, String changedBy) {
    }

    /** One priority of an agreement: requests a day agreed, and routed to the partner today. */
    public record Load(Priority priority, int agreed, int usedToday) {

        public int left() {
            return Math.max(0, agreed - usedToday);
        }
    }

    /** A partner of a home lab: its state and, per priority, today's use of the capacity it agreed to give. */
    public record PartnerLoad(String partner, String name, LabState state, List<Load> byPriority) {
    }

    /** The orders held at the router for a fallen lab: how many per priority, and the oldest first. */
    public record Deferred(Map<Priority, Long> byPriority, long total, List<RoutedOrder> oldestFirst) {
    }

    public List<LabOnBoard> labs(Actor actor) {
        return directory.labs(actor).stream().map(l -> new LabOnBoard(l, db.sql("""
                        select actor from event_log where stream_id = ? and event_type = 'NetworkLabStateChanged'
                        order by seq desc limit 1""")
                .param("network-lab:" + l.lab().ods()).query(String.class).optional().orElse(null))).toList();
    }

    /** Each partner of {@code homeLab}'s agreements with today's use (the lab's day, London), in the order triage reads them. */
    public List<PartnerLoad> capacityToday(Actor actor, String homeLab) {
        String lab = mayRead(actor, homeLab);
        return directory.partnersOf(lab).stream().map(aid -> {
            Map<Priority, Integer> used = triage.routedToday(lab, aid.partner());
            LabStatus partner = directory.lab(aid.partner()).orElse(null);
            return new PartnerLoad(aid.partner(), partner == null ? aid.partner() : partner.lab().name(),
                    partner == null ? LabState.DOWN : partner.state(), Arrays.stream(Priority.values())
                    .map(p -> new Load(p, aid.dailyCapacity().getOrDefault(p, 0), used.getOrDefault(p, 0))).toList());
        }).toList();
    }

    /** The orders held for {@code homeLab} until it is back: counts per priority, and up to {@code limit} of them, oldest first. */
    public Deferred deferred(Actor actor, String homeLab, int limit) {
        String lab = mayRead(actor, homeLab);
        Map<Priority, Long> counts = new EnumMap<>(Priority.class);
        Arrays.stream(Priority.values()).forEach(p -> counts.put(p, 0L));
        db.sql("select priority, count(*) from router_order where home_lab = ? and state = 'DEFERRED' group by priority").param(lab)
                .query((rs, n) -> counts.put(Priority.valueOf(rs.getString(1)), rs.getLong(2))).list();
        List<RoutedOrder> oldest = db.sql("select * from router_order where home_lab = ? and state = 'DEFERRED' "
                        + "order by received_at, id limit ?")
                .params(lab, Math.max(0, limit)).query(OrderBook::order).list();
        return new Deferred(counts, counts.values().stream().mapToLong(Long::longValue).sum(), oldest);
    }

    /** A requester's own orders, newest first, with where each is now: what its CSV download holds, for a screen. */
    public List<RoutedOrder> requesterOrders(Actor actor, String requesterOds, int limit) {
        String ods = OdsCode.parse(requesterOds).value();
        actor.require(Actor.Role.REQUESTER, Actor.Role.NETWORK_MANAGER, Actor.Role.SYSTEM);
        if (actor.role() == Actor.Role.REQUESTER && !ods.equals(actor.organisation())) {
            throw new ForbiddenAction("A requester sees its own orders only; " + ods + " is not " + actor.organisation());
        }
        return db.sql("select * from router_order where requester_ods = ? order by received_at desc, id limit ?")
                .params(ods, Math.max(0, limit)).query(OrderBook::order).list();
    }

    /** As the ledger: the network manager, the privacy officer, and the lab's own manager. */
    private static String mayRead(Actor actor, String labOds) {
        actor.require(Actor.Role.NETWORK_MANAGER, Actor.Role.AUDITOR, Actor.Role.LAB_MANAGER, Actor.Role.SYSTEM);
        String lab = OdsCode.parse(labOds).value();
        if (actor.role() == Actor.Role.LAB_MANAGER && !lab.equals(actor.organisation())) {
            throw new ForbiddenAction("A lab manager reads their own lab's orders; " + lab + " is not " + actor.organisation());
        }
        return lab;
    }
}
