package org.pathguard.ui;

import jakarta.servlet.http.HttpServletResponse;
import org.pathguard.access.Actor;
import org.pathguard.access.ForbiddenAction;
import org.pathguard.lab.Conflict;
import org.pathguard.lab.LabTime;
import org.pathguard.lab.NotFound;
import org.pathguard.router.LabState;
import org.pathguard.router.LabStates;
import org.pathguard.router.Ledger;
import org.pathguard.router.NetworkBoard;
import org.pathguard.web.Refusal;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The network manager's start page at the router: each lab's state in words (up, suspected since when and why, down
 * since when and who declared it, back and draining), and for a lab that has fallen the capacity its partners have
 * used today against what they agreed, the orders held for it, and the ledger of a period, every order accounted for.
 * The network manager declares any lab down or back; a lab manager only their own. A refused declaration comes back
 * beside its field with what was typed.
 */
@Controller
@ConditionalOnProperty(name = "pathguard.mode", havingValue = "router")
class NetworkOverview {

    /** Held orders listed on the page; the counts are of all of them. */
    private static final int QUEUE_SHOWN = 100;
    private static final int LONGEST_LEDGER_DAYS = 366;

    private final NetworkBoard board;
    private final LabStates states;
    private final Ledger ledger;

    NetworkOverview(NetworkBoard board, LabStates states, Ledger ledger) {
        this.board = board;
        this.states = states;
        this.ledger = ledger;
    }

    /** A lab as the page shows it: its state in words, what the reader may do, and what it may read of its orders. */
    record LabCard(NetworkBoard.LabOnBoard lab, String tag, String tagColour, String words, boolean mayDeclare, boolean mayRead,
                   List<NetworkBoard.PartnerLoad> partners, NetworkBoard.Deferred deferred) {

        public String ods() {
            return lab.status().lab().ods();
        }
    }

    /** One line of the ledger: where orders are, in words, and how many. */
    record LedgerLine(String where, String words, long count) {
    }

    @GetMapping("/network")
    String network(Actor actor, @RequestParam(required = false) String lab, @RequestParam(required = false) String from,
                   @RequestParam(required = false) String to, HttpServletResponse response, Model model) {
        return page(actor, model, Map.of(), Map.of(), lab, from, to);
    }

    @PostMapping("/network/labs/{ods}/down")
    String declareDown(Actor actor, @PathVariable String ods, @RequestParam(required = false) String reason,
                       HttpServletResponse response, Model model, RedirectAttributes redirect) {
        try {
            states.declareDown(actor, ods, reason);
        } catch (ForbiddenAction | NotFound e) {
            throw e;
        } catch (RuntimeException e) {
            return refused(actor, model, response, e, ods, "reason", reason);
        }
        redirect.addFlashAttribute("notice", ods + " declared down. Its requesters' orders now go to partner labs by clinical "
                + "priority, or are held until it is back; each requester is told. The privacy officer has been told.");
        return "redirect:/network";
    }

    @PostMapping("/network/labs/{ods}/back")
    String declareBack(Actor actor, @PathVariable String ods, @RequestParam(required = false) String drainPerMinute,
                       HttpServletResponse response, Model model, RedirectAttributes redirect) {
        String typed = drainPerMinute == null ? "" : drainPerMinute.strip();
        if (!typed.matches("\\d{1,6}")) {
            actor.require(Actor.Role.NETWORK_MANAGER, Actor.Role.LAB_MANAGER);
            response.setStatus(422);
            return page(actor, model, Map.of(key(ods, "drain"), "Enter how many held orders a minute the lab takes on its "
                    + "return, as a whole number such as 10"), Map.of(key(ods, "drain"), drainPerMinute == null ? "" : drainPerMinute),
                    null, null, null);
        }
        try {
            states.declareBack(actor, ods, Integer.parseInt(typed));
        } catch (ForbiddenAction | NotFound e) {
            throw e;
        } catch (RuntimeException e) {
            return refused(actor, model, response, e, ods, "drain", drainPerMinute);
        }
        redirect.addFlashAttribute("notice", ods + " declared back. The results its patients had at partner labs go to it first, "
                + "then the orders held for it drain into it at " + typed + " a minute. The privacy officer has been told.");
        return "redirect:/network";
    }

    /** A declaration the service refused: a lab moved meanwhile is said on its card, anything else beside the field. */
    private String refused(Actor actor, Model model, HttpServletResponse response, RuntimeException e, String ods, String field,
                           String typed) {
        Refusal refusal = Screens.refusal(e, response);
        String at = e instanceof Conflict ? key(ods, "card") : key(ods, field);
        return page(actor, model, Map.of(at, refusal.detail()), Map.of(key(ods, field), typed == null ? "" : typed),
                null, null, null);
    }

    private String page(Actor actor, Model model, Map<String, String> errors, Map<String, String> typed, String ledgerLab,
                        String from, String to) {
        List<LabCard> cards = board.labs(actor).stream().map(l -> card(actor, l)).toList();
        model.addAttribute("labs", cards);
        model.addAttribute("errors", errors);
        model.addAttribute("typed", typed);
        ledger(actor, model, cards, ledgerLab, from, to);
        return "network";
    }

    private LabCard card(Actor actor, NetworkBoard.LabOnBoard l) {
        var s = l.status();
        String ods = s.lab().ods();
        boolean mayDeclare = actor.role() == Actor.Role.NETWORK_MANAGER
                || actor.role() == Actor.Role.LAB_MANAGER && ods.equals(actor.organisation());
        boolean mayRead = actor.role() == Actor.Role.NETWORK_MANAGER || actor.role() == Actor.Role.AUDITOR
                || actor.role() == Actor.Role.LAB_MANAGER && ods.equals(actor.organisation());
        NetworkBoard.Deferred queue = mayRead ? board.deferred(actor, ods, QUEUE_SHOWN) : null;
        // A lab up as usual shows its state alone; one that fell (or is draining what was held for it) shows its orders.
        boolean fallen = s.state() != LabState.UP || queue != null && queue.total() > 0;
        List<NetworkBoard.PartnerLoad> partners = mayRead && fallen ? board.capacityToday(actor, ods) : List.of();
        NetworkBoard.Deferred deferred = fallen ? queue : null;
        String who = who(l.changedBy());
        String since = LondonTime.dayTime(s.since());
        return switch (s.state()) {
            case UP -> s.drainPerMinute() == null
                    ? new LabCard(l, "Up", "green", "Up: orders pass to it as usual" + (s.unreachableSince() == null ? "."
                    : "; not answering since " + LondonTime.dayTime(s.unreachableSince()) + " (the router tries again and suspects it "
                    + "if this goes on)."), mayDeclare, mayRead, partners, deferred)
                    : new LabCard(l, "Back", "blue", "Back since " + since + ", declared back by " + who + ". Held orders drain into "
                    + "it at " + s.drainPerMinute() + " a minute.", mayDeclare, mayRead, partners, deferred);
            // The router's reason names an instant as the log keeps it; the screen says it in London time.
            case SUSPECTED -> new LabCard(l, "Suspected down", "orange", "Suspected down since " + since + ": "
                    + (s.unreachableSince() == null ? s.reason() : "no answer since " + LondonTime.dayTime(s.unreachableSince()))
                    + ". Orders still go to it until the network manager confirms it down or declares it back.",
                    mayDeclare, mayRead, partners, deferred);
            case DOWN -> new LabCard(l, "Down", "red", "Down since " + since + ", declared by " + who + ": " + s.reason()
                    + ". Its requesters' orders are triaged to partner labs or held here until it is declared back.",
                    mayDeclare, mayRead, partners, deferred);
        };
    }

    /** The ledger of a lab the reader may read, for whole London days from and to (both included); today by default. */
    private void ledger(Actor actor, Model model, List<LabCard> cards, String ledgerLab, String from, String to) {
        List<String> readable = cards.stream().filter(LabCard::mayRead).map(LabCard::ods).toList();
        model.addAttribute("ledgerLabs", readable);
        if (readable.isEmpty()) {
            return;
        }
        String fallen = cards.stream().filter(c -> c.lab().status().state() != LabState.UP && readable.contains(c.ods()))
                .map(LabCard::ods).findFirst().orElse(readable.getFirst());
        String lab = ledgerLab == null || ledgerLab.isBlank() ? fallen : ledgerLab.strip().toUpperCase(Locale.ROOT);
        LocalDate today = LocalDate.now(LabTime.ZONE);
        Map<String, String> problems = new LinkedHashMap<>();
        LocalDate first = day(from, today, "ledger-from", "the first day", problems);
        LocalDate last = day(to, today, "ledger-to", "the last day", problems);
        if (problems.isEmpty() && last.isBefore(first)) {
            problems.put("ledger-to", "The last day must be on or after the first day");
        } else if (problems.isEmpty() && first.plusDays(LONGEST_LEDGER_DAYS).isBefore(last.plusDays(1))) {
            problems.put("ledger-to", "A ledger covers at most " + LONGEST_LEDGER_DAYS + " days");
        }
        model.addAttribute("ledgerLab", lab);
        model.addAttribute("ledgerFrom", from == null ? today.toString() : from);
        model.addAttribute("ledgerTo", to == null ? today.toString() : to);
        model.addAttribute("ledgerErrors", problems);
        if (!problems.isEmpty()) {
            return;
        }
        Ledger.Account account = ledger.ledger(actor, lab, first.atStartOfDay(LabTime.ZONE).toInstant(),
                last.plusDays(1).atStartOfDay(LabTime.ZONE).toInstant());
        model.addAttribute("account", account);
        model.addAttribute("ledgerLines", account.byWhere().entrySet().stream()
                .map(e -> new LedgerLine(e.getKey(), where(e.getKey(), cards), e.getValue())).toList());
        model.addAttribute("ledgerSum", account.byWhere().values().stream().mapToLong(Long::longValue).sum());
    }

    private static LocalDate day(String typed, LocalDate today, String field, String words, Map<String, String> problems) {
        if (typed == null || typed.isBlank()) {
            return today;
        }
        try {
            return LocalDate.parse(typed.strip());
        } catch (DateTimeParseException e) {
            problems.put(field, "Enter " + words + " as a date such as " + today);
            return today;
        }
    }

    /** The ledger's where in words: HOME_LAB, PARTNER:ods, DEFERRED, REFUSED, RESULTED. */
    private static String where(String where, List<LabCard> cards) {
        if (where.startsWith("PARTNER:")) {
            String ods = where.substring("PARTNER:".length());
            String name = cards.stream().filter(c -> c.ods().equals(ods)).map(c -> c.lab().status().lab().name()).findFirst().orElse(ods);
            return "At partner " + name + " (" + ods + ")";
        }
        return switch (where) {
            case "HOME_LAB" -> "At its home lab";
            case "DEFERRED" -> "Held at the router until the lab is back";
            case "REFUSED" -> "Refused (the requester was told why)";
            case "RESULTED" -> "Resulted by a partner, result sent to the requester";
            default -> where;
        };
    }

    /** "a.person (network manager)" from a log name; the router itself for its suspicion. */
    static String who(String logName) {
        if (logName == null) {
            return "no one";
        }
        int slash = logName.lastIndexOf('/');
        if (slash < 0) {
            return logName;
        }
        String role = logName.substring(slash + 1);
        if (role.equals("SYSTEM")) {
            return "the router";
        }
        try {
            return logName.substring(0, slash) + " (" + Wording.of(Actor.Role.valueOf(role)).toLowerCase(Locale.ROOT) + ")";
        } catch (IllegalArgumentException e) {
            return logName.substring(0, slash);
        }
    }

    private static String key(String ods, String field) {
        return ods.strip().toUpperCase(Locale.ROOT) + "-" + field;
    }
}
