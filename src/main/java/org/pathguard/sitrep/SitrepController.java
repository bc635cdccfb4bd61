package org.pathguard.sitrep;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

import org.pathguard.access.Actor;
import org.pathguard.lab.LabRuleViolation;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/sitrep?period=day|week&from=2026-12-07[&subject=ODS]}: the sitrep as JSON, or as CSV with
 * {@code format=csv} or {@code Accept: text/csv}. Refusals are problem+json. The same in lab and router mode.
 */
@RestController
class SitrepController {

    static final MediaType CSV = new MediaType("text", "csv", StandardCharsets.UTF_8);

    private final Sitreps sitreps;

    SitrepController(Sitreps sitreps) {
        this.sitreps = sitreps;
    }

    @GetMapping("/api/sitrep")
    ResponseEntity<byte[]> sitrep(Actor actor, @RequestParam(defaultValue = "") String period,
                                  @RequestParam(defaultValue = "") String from, @RequestParam(defaultValue = "") String subject,
                                  @RequestParam(defaultValue = "") String format,
                                  @RequestHeader(value = HttpHeaders.ACCEPT, defaultValue = "") String accept) {
        if (!format.isEmpty() && !format.equalsIgnoreCase("csv") && !format.equalsIgnoreCase("json")) {
            throw new LabRuleViolation("invalid-format", "The format is 'json' (the default) or 'csv'; the PDF is at /api/sitrep/pdf");
        }
        Sitrep sitrep = sitreps.make(actor, period, from, subject);
        boolean csv = format.equalsIgnoreCase("csv") || format.isEmpty() && accept.toLowerCase(Locale.ROOT).contains("text/csv");
        if (csv) {
            return ResponseEntity.ok().contentType(CSV)
                    .header(HttpHeaders.CONTENT_DISPOSITION,
                            ContentDisposition.attachment().filename(SitrepFiles.name(sitrep) + ".csv").build().toString())
                    .body(SitrepFiles.csv(sitrep));
        }
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(SitrepFiles.json(sitrep));
    }

    /** Whom this actor may ask a sitrep about: the lab at a lab; the network and each lab at the router. */
    @GetMapping("/api/sitrep/subjects")
    List<Sitrep.Subject> subjects(Actor actor) {
        return sitreps.subjects(actor);
    }
}
