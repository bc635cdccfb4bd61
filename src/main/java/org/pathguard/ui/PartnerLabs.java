package org.pathguard.ui;

import jakarta.servlet.http.HttpServletResponse;
import org.pathguard.access.Actor;
import org.pathguard.lab.LabTime;
import org.pathguard.lab.NotFound;
import org.pathguard.lab.Priority;
import org.pathguard.network.Agreement;
import org.pathguard.network.Agreements;
import org.pathguard.network.Capacity;
import org.pathguard.network.Referrals;
import org.pathguard.web.Refusal;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The partner labs we refer work to, each with its mutual-aid agreement: what it does for us, how much a day,
 * when, how fast, whom to phone and where its HL7 goes. Lab staff read it; a lab manager sets, replaces and ends
 * agreements, and every change is a notice to the privacy officer because patients' data will flow there. A
 * refused form comes back as typed, each problem beside its field.
 */
@Controller
class PartnerLabs {

    private static final Pattern TIME = Pattern.compile("^(\\d{1,2})[:.]?(\\d{2})$");
    private static final Pattern WHOLE = Pattern.compile("^\\d{1,6}$");

    private final Agreements agreements;
    private final Referrals referrals;

    PartnerLabs(Agreements agreements, Referrals referrals) {
        this.agreements = agreements;
        this.referrals = referrals;
    }

    /** The agreement form, kept as typed; numbers and times are text until they are checked. */
    record AgreementForm(String ods, String name, String host, String port, String application, String facility, String tls,
                         String tests, String capacityCRITICAL, String capacityURGENT, String capacityROUTINE,
                         String turnaroundCRITICAL, String turnaroundURGENT, String turnaroundROUTINE, String transport,
                         String always, List<String> days, String opens, String closes, String contactName, String phone) {

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

        static AgreementForm of(Agreement a) {
            Map<Priority, String> cap = new EnumMap<>(Priority.class);
            Map<Priority, String> tat = new EnumMap<>(Priority.class);
            for (Priority p : Priority.values()) {
                cap.put(p, String.valueOf(a.capacity(p)));
                tat.put(p, a.turnaroundMinutes().containsKey(p) ? String.valueOf(a.turnaroundMinutes().get(p)) : "");
            }
            String tests = String.join("\n", a.tests().stream().map(t -> t.partnerCode().equals(t.testCode()) && t.loinc() == null
                    ? t.testCode() : t.testCode() + " " + t.partnerCode() + (t.loinc() == null ? "" : " " + t.loinc())).toList());
            Agreement.Hours h = a.hours();
            return new AgreementForm(a.odsCode(), a.name(), a.endpoint().host(), String.valueOf(a.endpoint().port()),
                    a.endpoint().receivingApplication(), a.endpoint().receivingFacility(), a.endpoint().tls() ? "on" : null, tests,
                    cap.get(Priority.CRITICAL), cap.get(Priority.URGENT), cap.get(Priority.ROUTINE),
                    tat.get(Priority.CRITICAL), tat.get(Priority.URGENT), tat.get(Priority.ROUTINE), String.valueOf(a.transportMinutes()),
                    h.always() ? "on" : null, h.always() ? List.of() : h.days().stream().sorted().map(DayOfWeek::name).toList(),
                    h.always() ? "" : h.opens().toString(), h.always() ? "" : h.closes().toString(), a.contact().name(), a.contact().phone());
        }
    }

    /** A partner on the list: its agreement and today's use of its capacity per priority. */
    record Partner(Agreement agreement, List<Capacity> today) {
    }

    record Day(String value, String label) {
    }

    /** A priority's line of the form: the two figures as typed, with their fields' names. */
    record PriorityRow(String label, String capacityField, String capacityLabel, String capacity, String turnaroundField,
                       String turnaroundLabel, String turnaround) {

        static PriorityRow of(Priority p, AgreementForm form) {
            String words = Wording.of(p);
            return new PriorityRow(words, "capacity" + p.name(), words + " tests a day", form.capacity(p), "turnaround" + p.name(),
                    words + " turnaround in minutes", form.turnaround(p));
        }
    }

    @GetMapping("/partners")
    String partners(Actor actor, Model model) {
        LocalDate today = LocalDate.now(LabTime.ZONE);
        List<Partner> partners = agreements.agreements(actor).stream()
                .map(a -> new Partner(a, Arrays.stream(Priority.values()).map(p -> referrals.capacity(actor, a.odsCode(), p, today)).toList()))
                .toList();
        model.addAttribute("partners", partners);
        model.addAttribute("priorities", Priority.values());
        model.addAttribute("canEdit", actor.role() == Actor.Role.LAB_MANAGER);
        return "partners";
    }

    /** A new agreement, or the one in force with {@code ods} to change. */
    @GetMapping("/partners/agreement")
    String form(Actor actor, @RequestParam(required = false) String ods, Model model) {
        actor.require(Actor.Role.LAB_MANAGER);
        AgreementForm form = ods == null ? new AgreementForm(null, null, null, "2575", null, null, "on", null, "0", "0", "0",
                "60", "240", "1440", "60", "on", List.of(), null, null, null, null)
                : AgreementForm.of(agreements.agreement(actor, ods));
        return page(model, form, Map.of(), null, ods != null);
    }

    @PostMapping("/partners/agreement")
    String set(Actor actor, @ModelAttribute AgreementForm form, @RequestParam(required = false) String replacing,
               HttpServletResponse response, Model model, RedirectAttributes redirect) {
        actor.require(Actor.Role.LAB_MANAGER);
        Map<String, String> errors = new LinkedHashMap<>();
        Agreement typed = agreement(form, errors);
        if (!errors.isEmpty()) {
            response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
            return page(model, form, errors, null, replacing != null);
        }
        try {
            Agreement set = agreements.set(actor, withAnalyteCodesKept(actor, typed));
            redirect.addFlashAttribute("notice", "Agreement with " + set.name() + " (" + set.odsCode() + ") saved. "
                    + "The privacy officer has been told, because patients' data will go to " + set.endpoint().host() + ".");
            return "redirect:/partners";
        } catch (RuntimeException e) {
            Refusal refusal = Screens.refusal(e, response);
            String field = fieldOf(refusal);
            if (field == null) {
                return page(model, form, errors, refusal.detail(), replacing != null);
            }
            errors.put(field, refusal.detail());
            return page(model, form, errors, null, replacing != null);
        }
    }

    @PostMapping("/partners/{ods}/end")
    String end(Actor actor, @PathVariable String ods, @RequestParam(required = false) String reason, HttpServletResponse response,
               Model model, RedirectAttributes redirect) {
        actor.require(Actor.Role.LAB_MANAGER);
        try {
            Agreement ending = agreements.agreement(actor, ods);
            agreements.end(actor, ods, reason);
            redirect.addFlashAttribute("notice", "Agreement with " + ending.name() + " (" + ending.odsCode() + ") ended: nothing more is"
                    + " referred there; referrals already made finish as they are. The privacy officer has been told.");
            return "redirect:/partners";
        } catch (NotFound gone) {
            throw gone;
        } catch (RuntimeException e) {
            Refusal refusal = Screens.refusal(e, response);
            model.addAttribute("endError", refusal.detail());
            model.addAttribute("endReason", reason);
            return page(model, AgreementForm.of(agreements.agreement(actor, ods)), Map.of(), null, true);
        }
    }

    /** The agreement the form describes, or null with every problem put beside its field. */
    private static Agreement agreement(AgreementForm form, Map<String, String> errors) {
        Integer port = whole(form.port(), "port", "Enter the port of the partner's MLLP listener, for example 2575", errors);
        if (port != null && (port < 1 || port > 65535)) {
            errors.put("port", "The port must be between 1 and 65535");
        }
        List<Agreement.ReferredTest> tests = tests(form.tests(), errors);
        Map<Priority, Integer> capacity = new EnumMap<>(Priority.class);
        Map<Priority, Integer> turnaround = new EnumMap<>(Priority.class);
        for (Priority p : Priority.values()) {
            String words = Wording.of(p).toLowerCase(Locale.ROOT);
            Integer c = whole(form.capacity(p), "capacity" + p.name(), "Enter how many " + words
                    + " tests a day the partner takes from us, as a whole number (0 for none)", errors);
            Integer t = whole(form.turnaround(p), "turnaround" + p.name(), "Enter the agreed turnaround for " + words
                    + " tests in minutes, as a whole number", errors);
            if (c != null) {
                capacity.put(p, c);
            }
            if (t != null) {
                turnaround.put(p, t);
            }
        }
        Integer transport = whole(form.transport(), "transport", "Enter how many minutes a specimen takes to reach the partner", errors);
        if (transport != null && transport > 7 * 24 * 60) {
            errors.put("transport", "The transport time must be at most a week (10080 minutes)");
        }
        Agreement.Hours hours = hours(form, errors);
        if (!errors.isEmpty()) {
            return null;
        }
        return new Agreement(form.ods(), form.name(), new Agreement.Endpoint(strip(form.host()), port, strip(form.application()),
                strip(form.facility()), form.tls() != null), tests, capacity, hours, turnaround, transport,
                new Agreement.Contact(form.contactName(), strip(form.phone())));
    }

    /**
     * The form does not show how the partner codes each analyte of a result (set through the API); a test kept on a
     * changed agreement keeps that mapping, so changing the phone number does not break the partner's results.
     */
    private Agreement withAnalyteCodesKept(Actor actor, Agreement typed) {
        Agreement before = agreements.agreements(actor).stream().filter(a -> a.odsCode().equalsIgnoreCase(strip(typed.odsCode())))
                .findFirst().orElse(null);
        if (before == null) {
            return typed;
        }
        List<Agreement.ReferredTest> tests = typed.tests().stream().map(t -> before.test(t.testCode())
                .filter(was -> was.partnerCode().equals(t.partnerCode()))
                .map(was -> new Agreement.ReferredTest(t.testCode(), t.partnerCode(), t.loinc(), was.analytes())).orElse(t)).toList();
        return new Agreement(typed.odsCode(), typed.name(), typed.endpoint(), tests, typed.dailyCapacity(), typed.hours(),
                typed.turnaroundMinutes(), typed.transportMinutes(), typed.contact());
    }

    /** One line per test: our code, then the partner's code and the LOINC code where its code differs from ours. */
    private static List<Agreement.ReferredTest> tests(String text, Map<String, String> errors) {
        List<Agreement.ReferredTest> tests = new ArrayList<>();
        for (String line : (text == null ? "" : text).split("\\R")) {
            String[] words = line.strip().toUpperCase(Locale.ROOT).split("[\\s,]+");
            if (words.length == 0 || words[0].isEmpty()) {
                continue;
            }
            if (words.length > 3) {
                errors.put("tests", "Each line is our test code, then the partner's code and the LOINC code if its code differs: '"
                        + line.strip() + "' has more than three");
                return List.of();
            }
            tests.add(new Agreement.ReferredTest(words[0], words.length > 1 ? words[1] : words[0], words.length > 2 ? words[2] : null, null));
        }
        if (tests.isEmpty()) {
            errors.put("tests", "List at least one test the partner performs for us, one per line");
        }
        return tests;
    }

    private static Agreement.Hours hours(AgreementForm form, Map<String, String> errors) {
        if (form.always() != null) {
            return Agreement.Hours.ALWAYS;
        }
        Set<DayOfWeek> days = new HashSet<>();
        for (String d : form.days() == null ? List.<String>of() : form.days()) {
            Arrays.stream(DayOfWeek.values()).filter(v -> v.name().equals(d)).forEach(days::add);
        }
        LocalTime opens = time(form.opens());
        LocalTime closes = time(form.closes());
        if (days.isEmpty()) {
            errors.put("hours", "Tick the days the partner takes work, or tick 'Every hour of every day'");
        } else if (opens == null || closes == null) {
            errors.put("hours", "Enter the opening and closing times as 24-hour times, such as 08:00 and 20:00");
        } else if (!opens.isBefore(closes)) {
            errors.put("hours", "The partner must open before it closes: check the two times");
        } else {
            return new Agreement.Hours(days, opens, closes, false);
        }
        return null;
    }

    private static LocalTime time(String typed) {
        Matcher m = TIME.matcher(typed == null ? "" : typed.strip());
        if (!m.matches() || Integer.parseInt(m.group(1)) > 23 || Integer.parseInt(m.group(2)) > 59) {
            return null;
        }
        return LocalTime.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
    }

    private static Integer whole(String typed, String field, String words, Map<String, String> errors) {
        String value = typed == null ? "" : typed.strip();
        if (!WHOLE.matcher(value).matches()) {
            errors.put(field, words);
            return null;
        }
        return Integer.parseInt(value);
    }

    /** The field an agreement's refusal is about, from its code (and, for the shared codes, the field it names). */
    private static String fieldOf(Refusal refusal) {
        String detail = refusal.detail() == null ? "" : refusal.detail();
        return switch (refusal.code()) {
            case "invalid-ods-code" -> "ods";
            case "invalid-host" -> "host";
            case "invalid-port" -> "port";
            case "invalid-hl7-name" -> "application";
            case "no-tests", "duplicate-test", "invalid-code", "missing-loinc", "unknown-analyte-code", "unknown-test-code" -> "tests";
            case "invalid-hours" -> "hours";
            case "invalid-phone" -> "phone";
            case "missing-field", "invalid-text" -> detail.startsWith("contact.name") ? "contactName"
                    : detail.startsWith("name") ? "name" : detail.startsWith("turnaround") ? "turnaroundROUTINE" : null;
            default -> null;
        };
    }

    private static String strip(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    private String page(Model model, AgreementForm form, Map<String, String> errors, String error, boolean replacing) {
        model.addAttribute("form", form);
        model.addAttribute("errors", errors);
        model.addAttribute("error", error);
        model.addAttribute("replacing", replacing);
        model.addAttribute("rows", Arrays.stream(Priority.values()).map(p -> PriorityRow.of(p, form)).toList());
        model.addAttribute("weekdays", Arrays.stream(DayOfWeek.values())
                .map(d -> new Day(d.name(), d.getDisplayName(TextStyle.FULL, Locale.UK))).toList());
        return "partner-agreement";
    }
}
