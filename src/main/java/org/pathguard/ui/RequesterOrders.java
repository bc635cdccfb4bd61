package org.pathguard.ui;

import org.pathguard.access.Actor;
import org.pathguard.router.NetworkBoard;
import org.pathguard.router.RoutedOrder;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

import java.util.List;
import java.util.Locale;

/**
 * A requester's own orders at the router, newest first, each with where it is now: so a practice knows, when its lab
 * has fallen, which samples went to a partner, which wait, and whom to re-bleed. The practice's own placer numbers,
 * never a patient's name; the CSV download holds the same. The network manager may look at any requester's.
 */
@Controller
@ConditionalOnProperty(name = "pathguard.mode", havingValue = "router")
class RequesterOrders {

    private static final int SHOWN = 500;

    private final NetworkBoard board;

    RequesterOrders(NetworkBoard board) {
        this.board = board;
    }

    /** An order on the page: where it is, in words. */
    record OrderLine(RoutedOrder order, String where) {
    }

    @GetMapping("/network/orders")
    String orders(Actor actor, @RequestParam(required = false) String requester, Model model) {
        String ods = requester == null || requester.isBlank() ? String.valueOf(actor.organisation()) : requester.strip();
        List<OrderLine> orders = board.requesterOrders(actor, ods, SHOWN).stream().map(o -> new OrderLine(o, where(o))).toList();
        model.addAttribute("requester", ods.toUpperCase(Locale.ROOT));
        model.addAttribute("orders", orders);
        model.addAttribute("shown", SHOWN);
        return "network-orders";
    }

    private static String where(RoutedOrder o) {
        return switch (o.state()) {
            case "FORWARDING" -> "Being passed to " + o.homeLab() + ", its home lab";
            case "AT_HOME_LAB" -> "At " + o.homeLab() + ", its home lab" + (o.accession() == null ? "" : " (" + o.accession() + ")");
            case "HOME_LAB_REFUSED" -> "Refused by " + o.homeLab();
            case "ROUTING" -> "Being passed to partner lab " + o.partner();
            case "AT_PARTNER" -> "At partner lab " + o.partner() + (o.accession() == null ? "" : " (" + o.accession() + ")");
            case "DEFERRED" -> "Held at the router until " + o.homeLab() + " is back";
            case "REFUSED" -> "Refused: no partner could take it";
            case "RESULTED" -> "Resulted by partner lab " + o.partner() + "; result sent to you";
            default -> o.state();
        };
    }
}
