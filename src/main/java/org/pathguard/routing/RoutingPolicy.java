package org.pathguard.routing;

import org.pathguard.lab.Priority;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * How a request for a fallen lab is triaged, in plain Java so that the router and the outage simulation run the
 * same rule. Critical work goes to a partner that can report within an hour of the blood leaving the requester
 * (transport included), urgent within four hours; among those, the soonest result, then the most capacity left.
 * When no partner can meet the target, the next best one with capacity left still takes it, and the requester is
 * told it will be late. Routine work is deferred (held until the home lab is back) unless the network gives the
 * requester a daily quota, which is routed like urgent work while it lasts. A critical request no partner can take
 * is refused at once, because a critical result deferred for days is of no use: the requester must act now.
 */
public final class RoutingPolicy {

    /** Minutes from the blood leaving the requester to a result, per priority: routine has none. */
    public static OptionalInt targetMinutes(Priority priority) {
        return switch (priority) {
            case CRITICAL -> OptionalInt.of(60);
            case URGENT -> OptionalInt.of(240);
            case ROUTINE -> OptionalInt.empty();
        };
    }

    /**
     * Triage of one request. {@code routineQuotaLeft} is what remains today of the requester's routine quota, empty
     * when the network set none (all routine work is then deferred).
     */
    public RoutingDecision triage(OrderToRoute order, List<PartnerOffer> partners, OptionalInt routineQuotaLeft, String homeLab) {
        Priority priority = order.priority();
        if (priority == Priority.ROUTINE) {
            if (routineQuotaLeft.isEmpty()) {
                return new RoutingDecision.Deferred("Routine request held by the network router until " + homeLab
                        + " is back; it will be sent there in priority and age order. No re-bleed is needed unless the lab says so.");
            }
            if (routineQuotaLeft.getAsInt() <= 0) {
                return new RoutingDecision.Deferred("Routine request held by the network router until " + homeLab
                        + " is back: the network's daily quota of routine requests for " + order.requester() + " is used up today.");
            }
        }
        List<PartnerOffer> able = partners.stream()
                .filter(p -> p.performs(order.tests()) && p.left(priority) > 0 && p.minutesToResult(priority) >= 0)
                .sorted(Comparator.comparingInt((PartnerOffer p) -> p.minutesToResult(priority))
                        .thenComparing(Comparator.comparingInt((PartnerOffer p) -> p.left(priority)).reversed())
                        .thenComparing(PartnerOffer::odsCode))
                .toList();
        OptionalInt target = targetMinutes(priority);
        Optional<PartnerOffer> best = able.stream().findFirst();
        if (best.isPresent()) {
            PartnerOffer partner = best.get();
            int minutes = partner.minutesToResult(priority);
            boolean within = target.isEmpty() || minutes <= target.getAsInt();
            String note = "Routed to " + partner.name() + " (" + partner.odsCode() + ") because " + homeLab + " is down; result expected within "
                    + minutes + " minutes of the specimen leaving you"
                    + (within ? "" : ", later than the " + target.getAsInt() + "-minute target for " + words(priority)
                    + " work: no partner with capacity left can do better") + ".";
            return new RoutingDecision.Routed(partner.odsCode(), partner.name(), minutes, within, note);
        }
        String why = partners.stream().anyMatch(p -> p.performs(order.tests()) && p.minutesToResult(priority) >= 0)
                ? "every partner lab that performs " + String.join(", ", order.tests().stream().sorted().toList())
                + " has used today's agreed capacity for " + words(priority) + " work"
                : "no partner lab has agreed to perform " + String.join(", ", order.tests().stream().sorted().toList())
                + " at " + words(priority) + " priority for " + homeLab;
        if (priority == Priority.CRITICAL) {
            return new RoutingDecision.Refused("Not taken: " + homeLab + " is down and " + why
                    + ". Arrange the test now another way (for example, send the patient to the emergency department).");
        }
        return new RoutingDecision.Deferred("Held by the network router until " + homeLab + " is back: " + why
                + ". It will be sent there first, in priority and age order.");
    }

    private static String words(Priority priority) {
        return priority.name().toLowerCase(java.util.Locale.ROOT);
    }
}
