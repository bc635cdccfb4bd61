package org.pathguard.export;

import org.pathguard.access.Actor;
import org.pathguard.lab.NotFound;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;
import java.util.UUID;

@RestController
class ExportController {

    private final Exports exports;

    ExportController(Exports exports) {
        this.exports = exports;
    }

    record Decision(boolean approve, String comment) {
    }

    @PostMapping("/api/exports")
    @ResponseStatus(HttpStatus.CREATED)
    Exports.Entry request(Actor actor, @RequestBody ExportQuery query) {
        return exports.request(actor, query);
    }

    @PostMapping("/api/exports/{id}/decision")
    Exports.Entry decide(Actor actor, @PathVariable UUID id, @RequestBody Decision decision) {
        return exports.decide(actor, id, decision.approve(), decision.comment());
    }

    /** A POST: making the file uses the export up, so no link a requester is tricked into opening may do it. */
    @PostMapping("/api/exports/{id}/file")
    ResponseEntity<byte[]> file(Actor actor, @PathVariable UUID id) {
        Exports.File file = exports.produce(actor, id);
        return ResponseEntity.ok()
                .contentType(file.pdf() ? MediaType.APPLICATION_PDF : new MediaType("text", "csv", java.nio.charset.StandardCharsets.UTF_8))
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(file.name()).build().toString())
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .body(file.content());
    }

    /** The register: who asked, who decided, each file's fingerprint. */
    @GetMapping("/api/exports")
    List<Exports.Entry> register(Actor actor) {
        actor.require(Actor.Role.AUDITOR, Actor.Role.LAB_MANAGER);
        return exports.register();
    }

    /** Post a leaked file, or rows cut from one, as it was found: the export it came from. */
    @PostMapping(value = "/api/exports/trace", consumes = MediaType.ALL_VALUE)
    Exports.Trace trace(Actor actor, @RequestBody byte[] file) {
        actor.require(Actor.Role.AUDITOR, Actor.Role.LAB_MANAGER);
        return exports.trace(file).orElseThrow(() -> new NotFound(
                "No registered export matches: the file carries no PathGuard fingerprint and its digest is unknown"));
    }
}
