package org.pathguard.sitrep;

import java.io.ByteArrayOutputStream;

import org.pathguard.access.Actor;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/sitrep/pdf?period=day|week&from=2026-12-07[&subject=ODS]}: the sitrep as a PDF, asked for as the
 * JSON and CSV are ({@code /api/sitrep}), so the same people get the same figures; refusals are problem+json.
 */
@RestController
class SitrepPdfController {

    private final Sitreps sitreps;

    SitrepPdfController(Sitreps sitreps) {
        this.sitreps = sitreps;
    }

    @GetMapping("/api/sitrep/pdf")
    ResponseEntity<byte[]> pdf(Actor actor, @RequestParam(defaultValue = "") String period, @RequestParam(defaultValue = "") String from,
                               @RequestParam(defaultValue = "") String subject) {
        Sitrep sitrep = sitreps.make(actor, period, from, subject);
        ByteArrayOutputStream pdf = new ByteArrayOutputStream();
        SitrepPdf.write(sitrep, pdf);
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_PDF)
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(SitrepFiles.name(sitrep) + ".pdf")
                        .build().toString())
                .body(pdf.toByteArray());
    }
}
