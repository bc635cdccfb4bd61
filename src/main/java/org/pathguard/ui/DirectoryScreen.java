package org.pathguard.ui;

import org.pathguard.lab.RequesterSetting;
import jakarta.servlet.http.HttpServletResponse;
import org.pathguard.access.Actor;
import org.pathguard.lab.Priority;
import org.pathguard.router.DirectoryChange;
import org.pathguard.router.DirectoryProposal;
import org.pathguard.router.MutualAid;
import org.pathguard.router.NetworkDirectory;
import org.pathguard.router.NetworkLab;
import org.pathguard.router.NetworkRequester;
import org.pathguard.web.Refusal;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The network directory at the router: its labs, the requesters each serves (setting, home lab, where results go,
 * routine quota) and the mutual-aid agreements with their capacities; the changes proposed and awaiting a second
 * person, who approves or refuses them (never the proposer: the service's words say so beside the change); and the
 * forms to propose a lab, a requester or an agreement, each problem beside its field with what was typed kept.
 */
@Controller
@ConditionalOnProperty(name = "pathguard.mode", havingValue = "router")
class DirectoryScreen {

    private static final int DECIDED_SHOWN = 20;

    private final NetworkDirectory directory;

    DirectoryScreen(NetworkDirectory directory) {
        this.directory = directory;
    }

    /** Every field of the three forms, as typed; a form uses its own. Numbers are text until checked. */
    record ChangeForm(String ods, String name, String host, String port, String tls, String receivingApplication,
                      String receivingFacility, String setting, String homeLab, String resultsHost, String resultsPort,
                      String resultsTls, String routineQuotaPerDay, String partner, String tests, String capacityCRITICAL,
                      String capacityURGENT, String capacityROUTINE, String turnaroundCRITICAL, String turnaroundURGENT,
                      String turnaroundROUTINE, String transportMinutes) {

        static ChangeForm empty() {
            return new ChangeForm(null, null, null, "2575", null, "PATHGUARD", null, "GP", null, null, "2575", null, null, null,
                    null, "0", "0", "0", "60", "240", null, "60");
        }

        static ChangeForm of(NetworkLab l) {
            return new ChangeForm(l.ods(), l.name(), l.host(), String.valueOf(l.port()), l.tls() ? "on" : null,
                    l.receivingApplication(), l.receivingFacility(), null, null, null, null, null, null, null, null, null, null, null,
                    null, null, null, null);
        }

        static ChangeForm of(NetworkRequester r) {
            return new ChangeForm(r.ods(), r.name(), null, null, null, null, null, r.setting().name(), r.homeLab(), r.resultsHost(),
                    String.valueOf(r.resultsPort()), r.resultsTls() ? "on" : null,
                    r.routineQuotaPerDay() == null ? "" : String.valueOf(r.routineQuotaPerDay()), null, null, null, null, null, null,
                    null, null, null);
        }

        static ChangeForm of(MutualAid m) {
            Map<Priority, String> tat = new EnumMap<>(Priority.class);
            Arrays.stream(Priority.values()).forEach(p -> tat.put(p, m.turnaroundMinutes().containsKey(p)
                    ? String.valueOf(m.turnaroundMinutes().get(p)) : ""));
            return new ChangeForm(null, null, null, null, null, null, null, null, m.homeLab(), null, null, null, null, m.partner(),
                    String.join(" ", m.tests()), String.valueOf(m.dailyCapacity().getOrDefault(Priority.CRITICAL, 0)),
                    String.valueOf(m.dailyCapacity().getOrDefault(Priority.URGENT, 0)),
                    String.valueOf(m.dailyCapacity().getOrDefault(Priority.ROUTINE, 0)), tat.get(Priority.CRITICAL),
                    tat.get(Priority.URGENT), tat.get(Priority.ROUTINE), String.valueOf(m.transportMinutes()));
        }

        String capacity(Priority p) {
            return switch (p) {
                case CRITICAL -> capacityCRITICAL;
                case URGENT -> capacityURGENT;
                case ROUTINE -> capacityROUTINE;
            };
        }

        String turnaround(Priority p) {
            return switch (p) {
                case CRITICAL -> turnaroundCRITICAL;
                case URGENT -> turnaroundURGENT;
                case ROUTINE -> turnaroundROUTINE;
            };
        }
    }

    /** A form's kind as its address says it: lab, requester or mutual-aid. */
    enum Kind {
        LAB("lab", "Propose a lab"), REQUESTER("requester", "Propose a requester"), MUTUAL_AID("mutual-aid", "Propose a mutual-aid agreement");

        final String path;
        final String title;

        Kind(String path, String title) {
            this.path = path;
            this.title = title;
        }

        public String path() {
            return path;
        }

        public String title() {
            return title;
        }

        static Kind of(String path) {
            return Arrays.stream(values()).filter(k -> k.path.equals(path)).findFirst()
                    .orElseThrow(() -> new org.pathguard.lab.NotFound("No directory form " + path + ": lab, requester or mutual-aid"));
        }
    }

    /** A proposal on the page, described in words, with what the reader may do about it. */
    record ProposalLine(DirectoryProposal proposal, String kind, String words, String proposer, String decider) {
    }

    /** A priority's line of the agreement form: its two figures as typed, with their fields' names. */
    record PriorityRow(String label, String capacityField, String capacity, String turnaroundField, String turnaround) {
    }

    @GetMapping("/network/directory")
    String directory(Actor actor, Model model) {
        return page(actor, model, Map.of(), Map.of());
    }

    @PostMapping("/network/directory/proposals/{id}/decision")
    String decide(Actor actor, @PathVariable UUID id, @RequestParam(required = false) String decision,
                  @RequestParam(required = false) String comment, HttpServletResponse response, Model model, RedirectAttributes redirect) {
        if (!"approve".equals(decision) && !"refuse".equals(decision)) {
            response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
            return page(actor, model, Map.of(id.toString(), "Choose whether to approve or refuse the change"), Map.of(id.toString(),
                    comment == null ? "" : comment));
        }
        try {
            DirectoryProposal decided = directory.decide(actor, id, decision.equals("approve"), comment);
            redirect.addFlashAttribute("notice", (decided.state() == DirectoryProposal.State.APPROVED ? "Approved and in force: "
                    : "Refused: ") + describe(decided.change()) + ". The privacy officer has been told.");
            return "redirect:/network/directory";
        } catch (org.pathguard.lab.NotFound gone) {
            throw gone;
        } catch (RuntimeException e) {
            Refusal refusal = Screens.refusal(e, response);
            return page(actor, model, Map.of(id.toString(), refusal.detail()), Map.of(id.toString(), comment == null ? "" : comment));
        }
    }

    /** The form for a new entry, or for a change to the one named ({@code ods}, or {@code home} and {@code partner}). */
    @GetMapping("/network/directory/{kind}")
    String form(Actor actor, @PathVariable String kind, @RequestParam(required = false) String ods,
                @RequestParam(required = false) String home, @RequestParam(required = false) String partner, Model model) {
        actor.require(Actor.Role.NETWORK_MANAGER);
        Kind k = Kind.of(kind);
        ChangeForm form = switch (k) {
            case LAB -> ods == null ? ChangeForm.empty() : ChangeForm.of(directory.lab(actor, ods).lab());
            case REQUESTER -> directory.requesters(actor).stream().filter(r -> r.ods().equalsIgnoreCase(String.valueOf(ods))).findFirst()
                    .map(ChangeForm::of).orElse(ChangeForm.empty());
            case MUTUAL_AID -> directory.mutualAid(actor).stream()
                    .filter(m -> m.homeLab().equalsIgnoreCase(String.valueOf(home)) && m.partner().equalsIgnoreCase(String.valueOf(partner)))
                    .findFirst().map(ChangeForm::of).orElse(ChangeForm.empty());
        };
        return formPage(actor, model, k, form, Map.of(), null);
    }

    @PostMapping("/network/directory/{kind}")
    String propose(Actor actor, @PathVariable String kind, @ModelAttribute ChangeForm form, HttpServletResponse response, Model model,
                   RedirectAttributes redirect) {
        actor.require(Actor.Role.NETWORK_MANAGER);
        Kind k = Kind.of(kind);
        Map<String, String> errors = new LinkedHashMap<>();
        DirectoryChange change = change(k, form, errors);
        if (!errors.isEmpty()) {
            response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
            return formPage(actor, model, k, form, errors, null);
        }
        try {
            DirectoryProposal proposal = switch (k) {
                case LAB -> directory.proposeLab(actor, change.lab());
                case REQUESTER -> directory.proposeRequester(actor, change.requester());
                case MUTUAL_AID -> directory.proposeMutualAid(actor, change.mutualAid());
            };
            redirect.addFlashAttribute("notice", "Proposed: " + describe(proposal.change()) + ". It is in force once a second "
                    + "person (another network manager or the privacy officer) approves it.");
            return "redirect:/network/directory";
        } catch (RuntimeException e) {
            Refusal refusal = Screens.refusal(e, response);
            String field = fieldOf(k, refusal);
            if (field == null) {
                return formPage(actor, model, k, form, errors, refusal.detail());
            }
            errors.put(field, refusal.detail());
            return formPage(actor, model, k, form, errors, null);
        }
    }

    private String page(Actor actor, Model model, Map<String, String> errors, Map<String, String> typed) {
        List<DirectoryProposal> proposals = directory.proposals(actor);
        model.addAttribute("labs", directory.labs(actor));
        model.addAttribute("requesters", directory.requesters(actor));
        model.addAttribute("agreements", directory.mutualAid(actor));
        model.addAttribute("priorities", Priority.values());
        model.addAttribute("settingWords", Arrays.stream(RequesterSetting.values())
                .collect(java.util.stream.Collectors.toMap(Enum::name, RequesterSetting::words)));
        model.addAttribute("awaiting", proposals.stream().filter(p -> p.state() == DirectoryProposal.State.AWAITING_APPROVAL)
                .map(DirectoryScreen::line).toList());
        model.addAttribute("decided", proposals.stream().filter(p -> p.state() != DirectoryProposal.State.AWAITING_APPROVAL)
                .limit(DECIDED_SHOWN).map(DirectoryScreen::line).toList());
        model.addAttribute("mayPropose", actor.role() == Actor.Role.NETWORK_MANAGER);
        model.addAttribute("mayDecide", actor.role() == Actor.Role.NETWORK_MANAGER || actor.role() == Actor.Role.AUDITOR);
        model.addAttribute("errors", errors);
        model.addAttribute("typed", typed);
        return "network-directory";
    }

    private String formPage(Actor actor, Model model, Kind kind, ChangeForm form, Map<String, String> errors, String error) {
        model.addAttribute("kind", kind);
        model.addAttribute("form", form);
        model.addAttribute("errors", errors);
        model.addAttribute("error", error);
        model.addAttribute("labs", directory.labs(actor).stream().map(l -> l.lab().ods()).toList());
        model.addAttribute("settings", Arrays.stream(RequesterSetting.values())
                .map(s -> Map.entry(s.name(), s.words())).toList());
        model.addAttribute("rows", Arrays.stream(Priority.values()).map(p -> new PriorityRow(Wording.of(p), "capacity" + p.name(),
                form.capacity(p), "turnaround" + p.name(), form.turnaround(p))).toList());
        return "network-directory-form";
    }

    /** The change the form describes, or null with each problem the screen can see beside its field. */
    private static DirectoryChange change(Kind kind, ChangeForm f, Map<String, String> errors) {
        return switch (kind) {
            case LAB -> {
                Integer port = whole(f.port(), "port", "Enter the port of the lab's MLLP listener, for example 2575", errors);
                yield errors.isEmpty() ? new DirectoryChange(new NetworkLab(f.ods(), f.name(), f.host(), port, f.tls() != null,
                        f.receivingApplication(), f.receivingFacility()), null, null) : null;
            }
            case REQUESTER -> {
                Integer port = whole(f.resultsPort(), "resultsPort", "Enter the port where the requester's system takes results, "
                        + "for example 2575", errors);
                Integer quota = f.routineQuotaPerDay() == null || f.routineQuotaPerDay().isBlank() ? null
                        : whole(f.routineQuotaPerDay(), "routineQuotaPerDay", "Enter the routine requests a day it may send to "
                        + "partners while its home lab is down, as a whole number, or leave it empty for none", errors);
                RequesterSetting setting = Arrays.stream(RequesterSetting.values())
                        .filter(s -> s.name().equals(f.setting())).findFirst().orElse(null);
                if (setting == null) {
                    errors.put("setting", "Choose the requester's setting");
                }
                yield errors.isEmpty() ? new DirectoryChange(null, new NetworkRequester(f.ods(), f.name(), setting, f.homeLab(),
                        f.resultsHost(), port, f.resultsTls() != null, quota), null) : null;
            }
            case MUTUAL_AID -> {
                Map<Priority, Integer> capacity = new EnumMap<>(Priority.class);
                Map<Priority, Integer> turnaround = new EnumMap<>(Priority.class);
                for (Priority p : Priority.values()) {
                    String words = Wording.of(p).toLowerCase(Locale.ROOT);
                    Integer c = whole(f.capacity(p), "capacity" + p.name(), "Enter how many " + words + " requests a day the "
                            + "partner takes, as a whole number (0 for none)", errors);
                    if (c != null) {
                        capacity.put(p, c);
                    }
                    if (f.turnaround(p) != null && !f.turnaround(p).isBlank()) {
                        Integer t = whole(f.turnaround(p), "turnaround" + p.name(), "Enter the " + words + " turnaround in minutes, "
                                + "as a whole number, or leave it empty if the partner takes no " + words + " requests", errors);
                        if (t != null) {
                            turnaround.put(p, t);
                        }
                    }
                }
                Integer transport = whole(f.transportMinutes(), "transportMinutes", "Enter how many minutes a specimen takes to reach "
                        + "the partner, as a whole number", errors);
                List<String> tests = f.tests() == null ? List.of() : Arrays.stream(f.tests().split("[\\s,]+")).filter(t -> !t.isBlank())
                        .toList();
                yield errors.isEmpty() ? new DirectoryChange(null, null, new MutualAid(f.homeLab(), f.partner(), tests, capacity,
                        turnaround, transport)) : null;
            }
        };
    }

    private static Integer whole(String typed, String field, String words, Map<String, String> errors) {
        String value = typed == null ? "" : typed.strip();
        if (!value.matches("\\d{1,9}")) {
            errors.put(field, words);
            return null;
        }
        return Integer.parseInt(value);
    }

    /** The form field a refusal is about: the service names it first in its words ("resultsHost must be ..."). */
    private static String fieldOf(Kind kind, Refusal refusal) {
        String detail = refusal.detail() == null ? "" : refusal.detail();
        switch (refusal.code()) {
            case "same-lab" -> {
                return "partner";
            }
            case "requester-is-a-lab" -> {
                return "ods";
            }
            case "no-tests", "invalid-test-code" -> {
                return "tests";
            }
            case "outbound-tls-not-configured" -> {
                return kind == Kind.REQUESTER ? "resultsTls" : "tls";
            }
            default -> {
            }
        }
        String first = detail.split("[\\s(]", 2)[0];
        if (first.startsWith("dailyCapacity.")) {
            return "capacity" + first.substring("dailyCapacity.".length());
        }
        if (first.startsWith("turnaroundMinutes.")) {
            return "turnaround" + first.substring("turnaroundMinutes.".length());
        }
        Set<String> fields = switch (kind) {
            case LAB -> Set.of("ods", "name", "host", "port", "receivingApplication", "receivingFacility");
            case REQUESTER -> Set.of("ods", "name", "setting", "homeLab", "resultsHost", "resultsPort", "routineQuotaPerDay");
            case MUTUAL_AID -> Set.of("homeLab", "partner", "tests", "transportMinutes");
        };
        return fields.contains(first) ? first : null;
    }

    private static ProposalLine line(DirectoryProposal p) {
        String kind = switch (p.change().kind()) {
            case LAB -> "Lab";
            case REQUESTER -> "Requester";
            case MUTUAL_AID -> "Mutual aid";
        };
        return new ProposalLine(p, kind, describe(p.change()), NetworkOverview.who(p.proposedBy()),
                p.decidedBy() == null ? null : NetworkOverview.who(p.decidedBy()));
    }

    /** A requester's setting as the network says it (templates call it too). */

    /** A change in words, as the list of proposals and the notices say it. */
    static String describe(DirectoryChange change) {
        return switch (change.kind()) {
            case LAB -> {
                NetworkLab l = change.lab();
                yield "lab " + l.name() + " (" + l.ods() + "), orders to " + l.host() + ":" + l.port() + (l.tls() ? " over TLS" : "");
            }
            case REQUESTER -> {
                NetworkRequester r = change.requester();
                yield "requester " + r.name() + " (" + r.ods() + ", " + r.setting().words() + ") served by " + r.homeLab() + ", results to " + r.resultsHost() + ":" + r.resultsPort()
                        + (r.routineQuotaPerDay() == null ? ", no routine quota" : ", routine quota " + r.routineQuotaPerDay() + " a day");
            }
            case MUTUAL_AID -> {
                MutualAid m = change.mutualAid();
                yield "mutual aid: " + m.partner() + " performs " + String.join(", ", m.tests()) + " for " + m.homeLab()
                        + "'s requesters while it is down, a day up to " + Arrays.stream(Priority.values())
                        .map(p -> m.dailyCapacity().getOrDefault(p, 0) + " " + Wording.of(p).toLowerCase(Locale.ROOT))
                        .reduce((a, b) -> a + ", " + b).orElse("");
            }
        };
    }
}
