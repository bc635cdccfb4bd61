package org.pathguard.ui;

import jakarta.servlet.http.HttpServletResponse;
import org.pathguard.access.Actor;
import org.pathguard.lab.LabTime;
import org.pathguard.posture.Attestation;
import org.pathguard.posture.AttestationRefused;
import org.pathguard.posture.EvidencePack;
import org.pathguard.posture.Indicator;
import org.pathguard.posture.Posture;
import org.pathguard.posture.PostureReport;
import org.pathguard.posture.Rating;
import org.pathguard.result.ThisLab;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * {@code /posture}: the lab's security posture as the DSPT's Cyber Assessment Framework rates it, for the lab manager and
 * the privacy officer. Each outcome with its rating, each indicator with its finding, the evidence behind it and when it
 * was taken (for a manual one: who attested, when, and when it lapses); the form to attest a manual indicator, each
 * problem beside its field with what was typed kept; and the signed evidence pack to download. It asks the posture
 * service only, as the API does, so the page shows and records nothing the API would not.
 */
@Controller
class PostureScreen {

    /** The screen is the lab manager's and the privacy officer's; an administrator attests through the API. */
    private static final Actor.Role[] READERS = {Actor.Role.LAB_MANAGER, Actor.Role.AUDITOR};

    private final Posture posture;
    private final ThisLab lab;

    PostureScreen(Posture posture, ThisLab lab) {
        this.lab = lab;
        this.posture = posture;
    }

    /** The attestation form as typed, kept as text so that a refused one is shown back as it was. */
    record AttestationForm(String indicatorId, String evidence, String statement) {
    }

    /** {@code attest}: the manual indicator whose "Attest" link was followed, chosen in the form. */
    @GetMapping("/posture")
    String posture(Actor actor, @RequestParam(required = false) String attest, Model model) {
        actor.require(READERS);
        return page(actor, model, new AttestationForm(attest, null, null), Map.of());
    }

    /** Recorded, then back to the indicator (a reload does not attest twice); refused, the page again with every problem beside its field. */
    @PostMapping("/posture/attestations")
    String attest(Actor actor, @RequestParam(required = false) String indicatorId, @RequestParam(required = false) String evidence,
                  @RequestParam(required = false) String statement, HttpServletResponse response, Model model, RedirectAttributes redirect) {
        actor.require(READERS);
        AttestationForm form = new AttestationForm(indicatorId, evidence, statement);
        try {
            Attestation made = posture.attest(actor, indicatorId, evidence, statement);
            String title = posture.indicators().stream().filter(i -> i.id().equals(made.indicatorId())).map(Indicator::title)
                    .findFirst().orElse(made.indicatorId());
            redirect.addFlashAttribute("notice", "Attested: " + title + ". It counts until "
                    + LondonTime.date(LocalDate.ofInstant(posture.lapsesAt(made), LabTime.ZONE)) + ".");
            return "redirect:/posture#indicator-" + made.indicatorId();
        } catch (AttestationRefused e) {
            response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
            Map<String, String> errors = new LinkedHashMap<>();
            e.problems().forEach(p -> errors.putIfAbsent(p.field(), p.message()));
            return page(actor, model, form, errors);
        }
    }

    /**
     * The evidence pack (posture.json, posture.pdf and the signature by the lab's checkpoint key) as a zip to save. A form's
     * POST, since making a pack is recorded in the event log.
     */
    @PostMapping("/posture/evidence-pack")
    ResponseEntity<byte[]> evidencePack(Actor actor) {
        actor.require(READERS);
        EvidencePack pack = posture.evidencePack(actor);
        String name = pack.fileName(lab.identity().odsCode());
        return ResponseEntity.ok().contentType(MediaType.parseMediaType("application/zip"))
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(name).build().toString())
                .body(pack.zip());
    }

    private String page(Actor actor, Model model, AttestationForm form, Map<String, String> errors) {
        PostureReport report = posture.report(actor);
        model.addAttribute("report", report);
        model.addAttribute("counts", counts(report));
        model.addAttribute("manual", posture.indicators().stream().filter(i -> i.kind() == Indicator.Kind.MANUAL).toList());
        model.addAttribute("form", form);
        model.addAttribute("errors", errors);
        return "posture";
    }

    /** How many outcomes stand at each rating, the line a lab manager reads first. */
    private static Map<Rating, Long> counts(PostureReport report) {
        Map<Rating, Long> counts = report.outcomes().stream().collect(Collectors.groupingBy(o -> o.rating(), Collectors.counting()));
        return Arrays.stream(Rating.values()).collect(Collectors.toMap(Function.identity(), r -> counts.getOrDefault(r, 0L),
                (a, b) -> a, () -> new EnumMap<>(Rating.class)));
    }
}
