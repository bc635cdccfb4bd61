package org.pathguard.router;

import org.pathguard.access.Actor;
import org.pathguard.access.ForbiddenAction;
import org.pathguard.export.Exports;
import org.pathguard.lab.LabRuleViolation;
import org.pathguard.lab.OdsCode;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The account of every order the router took: for a lab and a period, each order its requesters sent and where it is
 * now, with counts that sum to what was received; and for a requester, its own orders, so a practice knows whom to
 * re-bleed. Neither names a patient: the placer number is the requester's own key.
 */
@Service
@ConditionalOnProperty(name = "pathguard.mode", havingValue = "router")
public class Ledger {

    private static final Duration LONGEST_PERIOD = Duration.ofDays(366);

    private final JdbcClient db;

    Ledger(JdbcClient db) {
        this.db = db;
    }

    /** A lab's ledger for {@code [from, to)}: {@code received} equals the sum of {@code byWhere}, and the orders listed. */
    public record Account(String lab, Instant from, Instant to, long received, Map<String, Long> byWhere, Map<String, Long> byState,
                          List<RoutedOrder> orders) {
    }

    /** For the network manager, the privacy officer, and the lab's own manager. */
    public Account ledger(Actor actor, String labOds, Instant from, Instant to) {
        actor.require(Actor.Role.NETWORK_MANAGER, Actor.Role.AUDITOR, Actor.Role.LAB_MANAGER, Actor.Role.SYSTEM);
        String lab = OdsCode.parse(labOds).value();
        if (actor.role() == Actor.Role.LAB_MANAGER && !lab.equals(actor.organisation())) {
            throw new ForbiddenAction("A lab manager reads their own lab's ledger; " + lab + " is not " + actor.organisation());
        }
        if (from == null || to == null || !from.isBefore(to) || Duration.between(from, to).compareTo(LONGEST_PERIOD) > 0) {
            throw new LabRuleViolation("invalid-period", "from and to are instants (e.g. 2026-12-07T00:00:00Z), from before to, "
                    + "at most 366 days apart");
        }
        List<RoutedOrder> orders = db.sql("select * from router_order where home_lab = ? and received_at >= ? and received_at < ? "
                        + "order by received_at, id")
                .params(lab, Timestamp.from(from), Timestamp.from(to)).query(OrderBook::order).list();
        Map<String, Long> byWhere = new TreeMap<>();
        Map<String, Long> byState = new TreeMap<>();
        for (RoutedOrder o : orders) {
            byWhere.merge(o.where(), 1L, Long::sum);
            byState.merge(o.state(), 1L, Long::sum);
        }
        return new Account(lab, from, to, orders.size(), byWhere, byState, orders);
    }

    /** A requester's own orders, newest first, as CSV: placer number, received, priority, tests, state, where, note. */
    public String requesterCsv(Actor actor, String requesterOds) {
        String ods = OdsCode.parse(requesterOds).value();
        actor.require(Actor.Role.REQUESTER, Actor.Role.NETWORK_MANAGER, Actor.Role.SYSTEM);
        if (actor.role() == Actor.Role.REQUESTER && !ods.equals(actor.organisation())) {
            throw new ForbiddenAction("A requester downloads its own orders only; " + ods + " is not " + actor.organisation());
        }
        StringBuilder csv = new StringBuilder("placer_number,placer_group,received,priority,tests,state,where,note\n");
        db.sql("select * from router_order where requester_ods = ? order by received_at desc, id").param(ods).query(OrderBook::order)
                .list().forEach(o -> csv.append(String.join(",", cell(o.placerNumber()), cell(o.placerGroup()),
                        cell(o.receivedAt().toString()), cell(o.priority().name()), cell(String.join(" ", o.tests())), cell(o.state()),
                        cell(o.where()), cell(o.note()))).append('\n'));
        return csv.toString();
    }

    /** An empty cell for nothing; otherwise quoted as exports are, never a formula. */
    static String cell(String value) {
        return value == null ? "" : Exports.cell(value);
    }
}
