package org.pathguard.ui;

import jakarta.servlet.http.HttpServletResponse;
import org.pathguard.access.Actor;
import org.pathguard.lab.Catalogue;
import org.pathguard.lab.LabTime;
import org.pathguard.qc.Analyser;
import org.pathguard.qc.Analysers;
import org.pathguard.qc.QcFailure;
import org.pathguard.qc.QcMaterial;
import org.pathguard.qc.QcOutcome;
import org.pathguard.qc.QcRun;
import org.pathguard.qc.QcRunSubmission;
import org.pathguard.qc.QcStatus;
import org.pathguard.qc.QualityControl;
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

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Internal quality control on the screens: the board of every analyte on every analyser (out of control first), one
 * analyte's Levey-Jennings chart and runs with the acceptance of a passing run after a failure, and the entry of
 * control values with the Westgard judgement shown after saving. A refused form comes back as typed, each problem
 * beside its field, and nothing is written.
 */
@Controller
class QcBoard {

    /** The periods a chart may cover, in days; 30 unless another is chosen. */
    static final List<Integer> PERIODS = List.of(7, 30, 90, 365);
    private static final Pattern DAY = Pattern.compile("^(\\d{1,2})/(\\d{1,2})/(\\d{4})$");
    private static final Pattern TIME = Pattern.compile("^(\\d{1,2})[:.]?(\\d{2})$");
    private static final Pattern NUMBER = Pattern.compile("^-?\\d{1,9}(\\.\\d{1,6})?$");

    private final QualityControl qc;
    private final Analysers analysers;
    private final Catalogue catalogue;

    QcBoard(QualityControl qc, Analysers analysers, Catalogue catalogue) {
        this.qc = qc;
        this.analysers = analysers;
        this.catalogue = catalogue;
    }

    /** A line of the board: where the analyte stands, in words, with how many patient results its failure holds. */
    record Line(QcStatus status, String analyserName, String analyteName, int held) {
    }

    static void labStaff(Actor actor) {
        actor.require(Actor.Role.SCIENTIST, Actor.Role.AUTHORISER, Actor.Role.LAB_MANAGER);
    }

    static boolean entersQc(Actor actor) {
        return actor.role() == Actor.Role.SCIENTIST || actor.role() == Actor.Role.AUTHORISER;
    }

    @GetMapping("/qc")
    String board(Actor actor, Model model) {
        labStaff(actor);
        Map<String, String> names = new LinkedHashMap<>();
        analysers.list().forEach(a -> names.put(a.code(), a.name()));
        List<Line> lines = qc.status().stream()
                .sorted(Comparator.comparing((QcStatus s) -> s.inControl())
                        .thenComparing(s -> s.failure() == null ? Instant.MAX : s.failure().failedAt())
                        .thenComparing(QcStatus::analyser).thenComparing(QcStatus::analyte))
                .map(s -> new Line(s, names.getOrDefault(s.analyser(), s.analyser()), analyteName(s.analyte()),
                        s.inControl() ? 0 : qc.heldResults(s.analyser(), s.analyte())))
                .toList();
        model.addAttribute("lines", lines);
        model.addAttribute("outOfControl", lines.stream().filter(l -> !l.status().inControl()).count());
        model.addAttribute("entersQc", entersQc(actor));
        model.addAttribute("manages", actor.role() == Actor.Role.LAB_MANAGER);
        return "qc";
    }

    /** The acceptance form as typed: the run chosen and the reason. */
    record AcceptForm(String run, String reason) {
    }

    @GetMapping("/qc/{analyser}/{analyte}")
    String analyte(Actor actor, @PathVariable String analyser, @PathVariable String analyte,
                   @RequestParam(required = false) String days, Model model) {
        labStaff(actor);
        return analytePage(actor, analyser, analyte, days, new AcceptForm(null, null), Map.of(), null, model);
    }

    @PostMapping("/qc/{analyser}/{analyte}/acceptance")
    String accept(Actor actor, @PathVariable String analyser, @PathVariable String analyte, @ModelAttribute AcceptForm form,
                  HttpServletResponse response, Model model, RedirectAttributes redirect) {
        labStaff(actor);
        Analyser known = analysers.requireMeasures(analyser, analyte);
        Map<String, String> errors = new LinkedHashMap<>();
        UUID run = null;
        try {
            run = form.run() == null || form.run().isBlank() ? null : UUID.fromString(form.run().strip());
        } catch (IllegalArgumentException e) {
            run = null;
        }
        if (run == null) {
            errors.put("run", "Choose the passing run you accept");
        }
        if (form.reason() == null || form.reason().isBlank()) {
            errors.put("reason", "Say in words why it is safe to go back in control: what was found and what was done");
        }
        if (!errors.isEmpty()) {
            response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
            return analytePage(actor, analyser, analyte, null, form, errors, null, model);
        }
        try {
            QcRun accepted = qc.accept(actor, run, form.reason());
            redirect.addFlashAttribute("notice", analyteName(analyte) + " on " + known.name() + " is back in control from the run of "
                    + LondonTime.dateTime(accepted.measuredAt()) + ". Results held for QC stay held: an authoriser confirms each one.");
            return "redirect:/qc/" + analyser + "/" + analyte;
        } catch (RuntimeException e) {
            Refusal refusal = Screens.refusal(e, response);
            if ("value-too-long".equals(refusal.code()) || "missing-field".equals(refusal.code())) {
                errors.put("reason", refusal.detail());
                return analytePage(actor, analyser, analyte, null, form, errors, null, model);
            }
            return analytePage(actor, analyser, analyte, null, form, errors, refusal.detail(), model);
        }
    }

    private String analytePage(Actor actor, String analyser, String analyte, String days, AcceptForm form, Map<String, String> errors,
                               String error, Model model) {
        Analyser known = analysers.requireMeasures(analyser, analyte);
        int period = period(days);
        Instant now = Instant.now();
        List<QcRun> runs = qc.runs(analyser, analyte, now.minus(Duration.ofDays(period)), null);
        String title = analyteName(analyte) + " on " + known.name();
        model.addAttribute("analyser", known);
        model.addAttribute("analyte", analyte);
        model.addAttribute("analyteName", analyteName(analyte));
        model.addAttribute("days", period);
        model.addAttribute("periods", PERIODS);
        model.addAttribute("chart", LeveyJenningsChart.svg("lj-" + analyser + "-" + analyte, title, points(runs)));
        model.addAttribute("runs", runs.reversed());
        QcFailure failure = qc.openFailure(analyser, analyte).orElse(null);
        model.addAttribute("failure", failure);
        List<QcRun> acceptable = List.of();
        if (failure != null) {
            QcRun failed = qc.run(failure.runId());
            acceptable = qc.runs(analyser, analyte, failed.measuredAt(), null).stream()
                    .filter(r -> r.runOrder() > failed.runOrder() && r.outcome() != QcOutcome.REJECTED).toList().reversed();
            model.addAttribute("held", qc.heldResults(analyser, analyte));
        }
        model.addAttribute("acceptable", acceptable);
        model.addAttribute("form", form);
        model.addAttribute("errors", errors);
        model.addAttribute("error", error);
        model.addAttribute("entersQc", entersQc(actor));
        return "qc-analyte";
    }

    private static int period(String days) {
        try {
            int d = days == null ? 30 : Integer.parseInt(days.strip());
            return PERIODS.contains(d) ? d : 30;
        } catch (NumberFormatException e) {
            return 30;
        }
    }

    /**
     * The chart's points: each control value in SDs from its target, with the rules its run broke that this value took
     * part in (a value within 1 SD did not break 1-3s), so the ring is round the result that failed.
     */
    static List<LeveyJenningsChart.Point> points(List<QcRun> runs) {
        List<LeveyJenningsChart.Point> points = new ArrayList<>();
        for (QcRun run : runs) {
            boolean rejected = run.outcome() == QcOutcome.REJECTED;
            Map<QcRun.Point, List<String>> rules = new LinkedHashMap<>();
            run.points().forEach(p -> rules.put(p, new ArrayList<>()));
            for (QcRun.Finding f : run.findings()) {
                List<QcRun.Point> took = run.points().stream().filter(p -> Math.abs(p.z()) > beyond(f.rule())).toList();
                (took.isEmpty() ? run.points() : took).forEach(p -> rules.get(p).add(f.rule()));
            }
            rules.forEach((p, broken) -> points.add(new LeveyJenningsChart.Point(run.measuredAt(), p.material(), p.z(), broken, rejected)));
        }
        return points;
    }

    /** How far from the mean a value is when it takes part in breaking a rule (10x counts every value). */
    private static double beyond(String rule) {
        return switch (rule) {
            case "1-3s" -> 3;
            case "1-2s", "2-2s", "R-4s" -> 2;
            case "4-1s" -> 1;
            default -> 0;
        };
    }

    String analyteName(String code) {
        return catalogue.findAnalyte(code).map(a -> a.name()).orElse(code);
    }

    // ---- Entry of control values -------------------------------------------------------------------------------

    /** One value box of the entry form: a material's target for an analyte on the chosen analyser. */
    record Box(String field, QcMaterial material, QcMaterial.Target target, String analyteName, String value, boolean expired) {
    }

    @GetMapping("/qc/entry")
    String entry(Actor actor, @RequestParam(required = false) String analyser, Model model) {
        actor.require(Actor.Role.SCIENTIST, Actor.Role.AUTHORISER);
        ZonedDateTime now = ZonedDateTime.now(LabTime.ZONE);
        return entryPage(analyser, now.format(DateTimeFormatter.ofPattern("dd/MM/yyyy")), now.format(DateTimeFormatter.ofPattern("HH:mm")),
                Map.of(), Map.of(), null, model);
    }

    @PostMapping("/qc/entry")
    String enter(Actor actor, @RequestParam Map<String, String> typed, HttpServletResponse response, Model model,
                 RedirectAttributes redirect) {
        actor.require(Actor.Role.SCIENTIST, Actor.Role.AUTHORISER);
        String analyser = typed.get("analyser");
        Map<String, String> errors = new LinkedHashMap<>();
        Analyser known = analysers.find(analyser).orElse(null);
        if (known == null) {
            errors.put("analyser", "Choose the analyser that measured the controls");
            response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
            return entryPage(null, typed.get("measuredOn"), typed.get("measuredTime"), typed, errors, null, model);
        }
        Instant measuredAt = measuredAt(typed.get("measuredOn"), typed.get("measuredTime"), errors);
        List<QcRunSubmission.Value> values = new ArrayList<>();
        for (Box box : boxes(known, typed)) {
            String value = box.value() == null ? "" : box.value().strip();
            if (value.isEmpty()) {
                continue;
            }
            if (!NUMBER.matcher(value).matches()) {
                errors.put(box.field(), "Enter the " + box.analyteName() + " value of " + box.material().level() + " as a number, such as "
                        + box.target().mean().toPlainString());
            } else if (box.expired()) {
                errors.put(box.field(), box.material().level() + " lot " + box.material().lot() + " expired on "
                        + LondonTime.date(box.material().expiresOn()) + ": open a new lot");
            } else {
                values.add(new QcRunSubmission.Value(box.material().code(), box.target().analyte(), value));
            }
        }
        if (values.isEmpty() && errors.keySet().stream().noneMatch(k -> k.startsWith("value-"))) {
            errors.put("values", "Enter at least one control value");
        }
        if (!errors.isEmpty()) {
            response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
            return entryPage(analyser, typed.get("measuredOn"), typed.get("measuredTime"), typed, errors, null, model);
        }
        try {
            List<QcRun> judged = qc.record(actor, new QcRunSubmission(analyser, measuredAt, values));
            redirect.addFlashAttribute("judged", judged.stream().map(QcRun::id).toList());
            return "redirect:/qc/entry?analyser=" + analyser;
        } catch (RuntimeException e) {
            Refusal refusal = Screens.refusal(e, response);
            if ("time-in-future".equals(refusal.code()) || refusal.status() == HttpStatus.CONFLICT) {
                errors.put("measured", refusal.detail());
                return entryPage(analyser, typed.get("measuredOn"), typed.get("measuredTime"), typed, errors, null, model);
            }
            return entryPage(analyser, typed.get("measuredOn"), typed.get("measuredTime"), typed, errors, refusal.detail(), model);
        }
    }

    private static Instant measuredAt(String on, String time, Map<String, String> errors) {
        Matcher d = DAY.matcher(on == null ? "" : on.strip());
        Matcher t = TIME.matcher(time == null ? "" : time.strip());
        if (!d.matches() || !t.matches()) {
            errors.put("measured", "Enter when the controls were measured as a date such as 05/03/2026 and a time such as 08:30");
            return null;
        }
        try {
            Instant at = ZonedDateTime.of(LocalDate.of(Integer.parseInt(d.group(3)), Integer.parseInt(d.group(2)), Integer.parseInt(d.group(1))),
                    LocalTime.of(Integer.parseInt(t.group(1)), Integer.parseInt(t.group(2))), LabTime.ZONE).toInstant();
            if (at.isAfter(Instant.now().plus(Duration.ofMinutes(5)))) {
                errors.put("measured", "The controls cannot have been measured in the future: check the date and time");
                return null;
            }
            return at;
        } catch (java.time.DateTimeException e) {
            errors.put("measured", "That is not a real date and time: check the day, month and time");
            return null;
        }
    }

    /** A box per target of each material on the analyser, in analyte then level order, with what was typed in it. */
    private List<Box> boxes(Analyser analyser, Map<String, String> typed) {
        LocalDate today = LocalDate.now(LabTime.ZONE);
        List<Box> boxes = new ArrayList<>();
        for (String analyte : analyser.analytes()) {
            for (QcMaterial m : analysers.materials()) {
                m.targets().stream().filter(t -> t.analyser().equals(analyser.code()) && t.analyte().equals(analyte)).findFirst()
                        .ifPresent(t -> {
                            String field = "value-" + m.code() + "-" + analyte;
                            boxes.add(new Box(field, m, t, analyteName(analyte), typed.get(field), m.expiredOn(today)));
                        });
            }
        }
        return boxes;
    }

    private String entryPage(String analyser, String measuredOn, String measuredTime, Map<String, String> typed, Map<String, String> errors,
                             String error, Model model) {
        Analyser known = analysers.find(analyser).orElse(null);
        model.addAttribute("analysers", analysers.list());
        model.addAttribute("chosen", known);
        model.addAttribute("boxes", known == null ? List.of() : boxes(known, typed));
        model.addAttribute("measuredOn", measuredOn);
        model.addAttribute("measuredTime", measuredTime);
        model.addAttribute("errors", errors);
        model.addAttribute("error", error);
        Object judged = model.getAttribute("judged");
        model.addAttribute("judgedRuns", judged instanceof List<?> ids
                ? ids.stream().map(id -> qc.run((UUID) id)).toList() : List.of());
        return "qc-entry";
    }
}
