package org.pathguard.router;

import org.pathguard.eventlog.NewEvent;
import org.pathguard.lab.LabTime;
import org.pathguard.lab.Priority;
import org.pathguard.routing.OrderToRoute;
import org.pathguard.routing.PartnerOffer;
import org.pathguard.routing.RoutingDecision;
import org.pathguard.routing.RoutingPolicy;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Triage of orders for a fallen lab with the network's {@link RoutingPolicy}, against the mutual-aid agreements in the
 * directory and what has been routed to each partner today. Whoever triages holds {@link #exclusively} until the
 * decisions are appended, so two orders never take the same last place at a partner.
 */
@Component
@ConditionalOnProperty(name = "pathguard.mode", havingValue = "router")
class Triage {

    /** Orders counted against a partner's capacity (and a requester's quota): at the partner, on the way, or resulted. */
    private static final String ROUTED_STATES = "('ROUTING', 'AT_PARTNER', 'RESULTED')";

    private final RoutingPolicy policy = new RoutingPolicy();
    private final ReentrantLock lock = new ReentrantLock();
    private final JdbcClient db;
    private final NetworkDirectory directory;

    Triage(JdbcClient db, NetworkDirectory directory) {
        this.db = db;
        this.directory = directory;
    }

    <T> T exclusively(Supplier<T> work) {
        lock.lock();
        try {
            return work.get();
        } finally {
            lock.unlock();
        }
    }

    /** An order to triage: its requester, priority, tests, and partners that already refused it. */
    record Candidate(UUID orderId, String requesterOds, Priority priority, Set<String> tests, Set<String> refusedBy) {
    }

    /**
     * A day's triage for one fallen lab: the partners' offers as they stand, taken from as orders are routed, so that a
     * batch (every order waiting when the lab is declared down) is triaged as if one by one. Used under the lock.
     */
    final class Round {

        private final String homeLab;
        private final Map<String, PartnerOffer> offers = new HashMap<>();
        private final Map<String, Integer> quotaLeft = new HashMap<>();

        Round(String homeLab) {
            this.homeLab = homeLab;
            for (MutualAid aid : directory.partnersOf(homeLab)) {
                boolean partnerDown = directory.lab(aid.partner()).map(l -> l.state() == LabState.DOWN).orElse(true);
                if (partnerDown) {
                    continue;
                }
                Map<Priority, Integer> used = routedToday(homeLab, aid.partner());
                String name = directory.lab(aid.partner()).map(l -> l.lab().name()).orElse(aid.partner());
                offers.put(aid.partner(), new PartnerOffer(aid.partner(), name, new HashSet<>(aid.tests()), aid.dailyCapacity(), used,
                        aid.turnaroundMinutes(), aid.transportMinutes()));
            }
        }

        /** The policy's decision for one order, with its events; the offers and the quota take the order if it is routed. */
        Decided decide(Candidate order) {
            List<PartnerOffer> open = offers.values().stream().filter(o -> !order.refusedBy().contains(o.odsCode()))
                    .sorted(java.util.Comparator.comparing(PartnerOffer::odsCode)).toList();
            OptionalInt quota = order.priority() == Priority.ROUTINE ? quotaLeft(order.requesterOds()) : OptionalInt.empty();
            RoutingDecision decision = policy.triage(new OrderToRoute(order.priority(), order.tests(), order.requesterOds()), open,
                    quota, homeLab);
            OrderTriaged event = switch (decision) {
                case RoutingDecision.Routed routed -> {
                    offers.computeIfPresent(routed.partnerOds(), (k, offer) -> offer.taking(order.priority()));
                    if (quota.isPresent()) {
                        quotaLeft.merge(order.requesterOds(), -1, Integer::sum);
                    }
                    yield new OrderTriaged(order.orderId(), OrderTriaged.Outcome.ROUTED, routed.partnerOds(), routed.note());
                }
                case RoutingDecision.Deferred deferred -> new OrderTriaged(order.orderId(), OrderTriaged.Outcome.DEFERRED, null,
                        deferred.note());
                case RoutingDecision.Refused refused -> new OrderTriaged(order.orderId(), OrderTriaged.Outcome.REFUSED, null,
                        refused.note());
            };
            return new Decided(event, NewEvent.of("router-order:" + order.orderId(), event));
        }

        private OptionalInt quotaLeft(String requesterOds) {
            Integer left = quotaLeft.get(requesterOds);
            if (left == null) {
                Integer quota = directory.requester(requesterOds).map(NetworkRequester::routineQuotaPerDay).orElse(null);
                if (quota == null) {
                    return OptionalInt.empty();
                }
                int used = db.sql("select count(*) from router_order where requester_ods = ? and priority = 'ROUTINE' and triaged_at >= ? "
                                + "and state in " + ROUTED_STATES)
                        .params(requesterOds, startOfToday()).query(Integer.class).single();
                left = quota - used;
                quotaLeft.put(requesterOds, left);
            }
            return OptionalInt.of(Math.max(0, left));
        }
    }

    /** A decision and the event that records it. */
    record Decided(OrderTriaged triaged, NewEvent event) {
    }

    /** What {@code homeLab}'s orders took of {@code partner}'s agreed capacity today, per priority: what triage and the network screen count. */
    Map<Priority, Integer> routedToday(String homeLab, String partner) {
        Map<Priority, Integer> used = new EnumMap<>(Priority.class);
        db.sql("select priority, count(*) from router_order where home_lab = ? and partner = ? and triaged_at >= ? and state in "
                        + ROUTED_STATES + " group by priority")
                .params(homeLab, partner, startOfToday())
                .query((rs, n) -> used.put(Priority.valueOf(rs.getString(1)), rs.getInt(2))).list();
        return used;
    }

    /** Capacities are per day, the lab's day (London). */
    private static Timestamp startOfToday() {
        return Timestamp.from(LocalDate.now(LabTime.ZONE).atStartOfDay(LabTime.ZONE).toInstant());
    }

    /** Order of work when a batch is triaged or drained: critical first, then urgent, then routine, oldest first. */
    static final String PRIORITY_THEN_AGE = "case priority when 'CRITICAL' then 0 when 'URGENT' then 1 else 2 end, received_at";
}
