package org.pathguard.ui;

import jakarta.servlet.http.HttpServletResponse;
import org.pathguard.access.Actor;
import org.pathguard.lab.Catalogue;
import org.pathguard.lab.LabTest;
import org.pathguard.qc.Analyser;
import org.pathguard.qc.Analysers;
import org.pathguard.qc.QcMaterial;
import org.pathguard.web.Refusal;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The analysers the lab knows and its QC materials: lab staff read them, a lab manager registers and changes them. A
 * refused form comes back as typed, each problem beside its field, and nothing is written.
 */
@Controller
class AnalyserRegister {

    private static final Pattern DAY = Pattern.compile("^(\\d{1,2})/(\\d{1,2})/(\\d{4})$");

    private final Analysers analysers;
    private final Catalogue catalogue;

    AnalyserRegister(Analysers analysers, Catalogue catalogue) {
        this.analysers = analysers;
        this.catalogue = catalogue;
    }

    /** The analyser form as typed; analytes are catalogue codes separated by spaces or commas. */
    record AnalyserForm(String code, String name, String department, String analytes) {
    }

    /** The material form as typed; targets one per line: analyser, analyte, mean, SD. */
    record MaterialForm(String code, String lot, String level, String expiresOn, String qcSampleId, String targets) {
    }

    @GetMapping("/qc/analysers")
    String list(Actor actor, Model model) {
        QcBoard.labStaff(actor);
        model.addAttribute("analysers", analysers.list());
        model.addAttribute("materials", analysers.materials());
        model.addAttribute("today", LocalDate.now(org.pathguard.lab.LabTime.ZONE));
        model.addAttribute("manages", actor.role() == Actor.Role.LAB_MANAGER);
        return "qc-analysers";
    }

    @GetMapping("/qc/analysers/edit")
    String analyserForm(Actor actor, @RequestParam(required = false) String code, Model model) {
        actor.require(Actor.Role.LAB_MANAGER);
        AnalyserForm form = code == null ? new AnalyserForm(null, null, null, null)
                : analysers.find(code).map(a -> new AnalyserForm(a.code(), a.name(), a.department(), String.join(" ", a.analytes())))
                .orElse(new AnalyserForm(code, null, null, null));
        return analyserPage(model, form, Map.of(), null, code != null);
    }

    @PostMapping("/qc/analysers")
    String register(Actor actor, @ModelAttribute AnalyserForm form, @RequestParam(required = false) String changing,
                    HttpServletResponse response, Model model, RedirectAttributes redirect) {
        actor.require(Actor.Role.LAB_MANAGER);
        List<String> analytes = codes(form.analytes());
        try {
            Analyser saved = analysers.register(actor, new Analyser(strip(form.code()), form.name(), form.department(), analytes));
            redirect.addFlashAttribute("notice", "Analyser " + saved.name() + " (" + saved.code() + ") saved: it measures "
                    + String.join(", ", saved.analytes()) + ".");
            return "redirect:/qc/analysers";
        } catch (RuntimeException e) {
            Refusal refusal = Screens.refusal(e, response);
            String detail = refusal.detail() == null ? "" : refusal.detail();
            String field = switch (refusal.code()) {
                case "invalid-code" -> "code";
                case "unknown-department" -> "department";
                case "unknown-analyte-code", "duplicate-analyte" -> "analytes";
                case "missing-field", "value-too-long" -> detail.startsWith("name") ? "name" : detail.contains("analyte") ? "analytes" : null;
                default -> null;
            };
            return analyserPage(model, form, field == null ? Map.of() : Map.of(field, detail), field == null ? detail : null, changing != null);
        }
    }

    private String analyserPage(Model model, AnalyserForm form, Map<String, String> errors, String error, boolean changing) {
        model.addAttribute("form", form);
        model.addAttribute("errors", errors);
        model.addAttribute("error", error);
        model.addAttribute("changing", changing);
        model.addAttribute("departments", catalogue.tests().stream().map(LabTest::department).distinct().sorted().toList());
        return "qc-analyser";
    }

    @GetMapping("/qc/materials/edit")
    String materialForm(Actor actor, @RequestParam(required = false) String code, Model model) {
        actor.require(Actor.Role.LAB_MANAGER);
        MaterialForm form = code == null ? new MaterialForm(null, null, null, null, null, null)
                : analysers.findMaterial(code).map(m -> new MaterialForm(m.code(), m.lot(), m.level(),
                        "%02d/%02d/%04d".formatted(m.expiresOn().getDayOfMonth(), m.expiresOn().getMonthValue(), m.expiresOn().getYear()),
                        m.qcSampleId(), String.join("\n", m.targets().stream().map(t -> t.analyser() + " " + t.analyte() + " "
                        + t.mean().toPlainString() + " " + t.sd().toPlainString()).toList())))
                .orElse(new MaterialForm(code, null, null, null, null, null));
        return materialPage(model, form, Map.of(), null, code != null);
    }

    @PostMapping("/qc/materials")
    String registerMaterial(Actor actor, @ModelAttribute MaterialForm form, @RequestParam(required = false) String changing,
                            HttpServletResponse response, Model model, RedirectAttributes redirect) {
        actor.require(Actor.Role.LAB_MANAGER);
        Map<String, String> errors = new LinkedHashMap<>();
        LocalDate expires = day(form.expiresOn());
        if (expires == null) {
            errors.put("expiresOn", "Enter the expiry date of the lot as 31/12/2026");
        }
        List<QcMaterial.Target> targets = targets(form.targets(), errors);
        if (!errors.isEmpty()) {
            response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
            return materialPage(model, form, errors, null, changing != null);
        }
        try {
            QcMaterial saved = analysers.registerMaterial(actor, new QcMaterial(strip(form.code()), form.lot(), form.level(), expires,
                    strip(form.qcSampleId()), targets));
            redirect.addFlashAttribute("notice", "QC material " + saved.code() + " (" + saved.level() + ", lot " + saved.lot() + ") saved.");
            return "redirect:/qc/analysers";
        } catch (RuntimeException e) {
            Refusal refusal = Screens.refusal(e, response);
            String detail = refusal.detail() == null ? "" : refusal.detail();
            String field = switch (refusal.code()) {
                case "invalid-code" -> detail.startsWith("material") ? "code" : "qcSampleId";
                case "unknown-analyser", "analyser-does-not-measure", "qc-sd-not-positive", "duplicate-analyte", "value-out-of-bounds",
                     "no-targets" -> "targets";
                case "missing-field", "value-too-long" -> detail.startsWith("lot") ? "lot" : detail.startsWith("level") ? "level"
                        : detail.toLowerCase(Locale.ROOT).contains("target") ? "targets" : null;
                case "conflict" -> "qcSampleId";
                default -> refusal.status() == HttpStatus.CONFLICT ? "qcSampleId" : null;
            };
            return materialPage(model, form, field == null ? Map.of() : Map.of(field, detail), field == null ? detail : null, changing != null);
        }
    }

    private static List<QcMaterial.Target> targets(String text, Map<String, String> errors) {
        List<QcMaterial.Target> targets = new ArrayList<>();
        for (String line : (text == null ? "" : text).split("\\R")) {
            String[] words = line.strip().split("[\\s,]+");
            if (words.length == 0 || words[0].isEmpty()) {
                continue;
            }
            try {
                if (words.length != 4) {
                    throw new NumberFormatException();
                }
                targets.add(new QcMaterial.Target(words[0], words[1].toUpperCase(Locale.ROOT), new BigDecimal(words[2]), new BigDecimal(words[3])));
            } catch (NumberFormatException e) {
                errors.put("targets", "Each line is the analyser code, the analyte code, the target mean and the SD, such as "
                        + "CHEM1 K 4.20 0.08: '" + line.strip() + "' is not");
                return List.of();
            }
        }
        if (targets.isEmpty()) {
            errors.put("targets", "Give at least one target: analyser, analyte, mean and SD on a line");
        }
        return targets;
    }

    private static LocalDate day(String typed) {
        Matcher d = DAY.matcher(typed == null ? "" : typed.strip());
        if (!d.matches()) {
            return null;
        }
        try {
            return LocalDate.of(Integer.parseInt(d.group(3)), Integer.parseInt(d.group(2)), Integer.parseInt(d.group(1)));
        } catch (DateTimeException e) {
            return null;
        }
    }

    private String materialPage(Model model, MaterialForm form, Map<String, String> errors, String error, boolean changing) {
        model.addAttribute("form", form);
        model.addAttribute("errors", errors);
        model.addAttribute("error", error);
        model.addAttribute("changing", changing);
        model.addAttribute("analysers", analysers.list());
        return "qc-material";
    }

    private static List<String> codes(String text) {
        return text == null ? List.of() : Arrays.stream(text.strip().toUpperCase(Locale.ROOT).split("[\\s,]+")).filter(s -> !s.isEmpty()).toList();
    }

    private static String strip(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
