package org.pathguard.breach;

import org.pathguard.access.Actor;
import org.pathguard.export.Exports;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;
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

import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

/** The privacy officer's breach scans over the API: the same jobs, refusals and outputs as the /breach screen. */
@RestController
class BreachScanController {

    private final BreachScanJobs jobs;

    BreachScanController(BreachScanJobs jobs) {
        this.jobs = jobs;
    }

    record Start(List<String> paths, String caseReference) {
    }

    record NotificationListRequest(String purpose) {
    }

    /** The job as it starts; poll it for progress. */
    @PostMapping("/api/breach-scans")
    @ResponseStatus(HttpStatus.ACCEPTED)
    BreachScanJobs.Job start(Actor actor, @RequestBody Start start) {
        return jobs.start(actor, start.paths(), start.caseReference());
    }

    @GetMapping("/api/breach-scans")
    List<BreachScanJobs.Job> list(Actor actor) {
        return jobs.list(actor);
    }

    @GetMapping("/api/breach-scans/{id}")
    BreachScanJobs.Job scan(Actor actor, @PathVariable UUID id) {
        return jobs.get(actor, id);
    }

    @PostMapping("/api/breach-scans/{id}/resumption")
    @ResponseStatus(HttpStatus.ACCEPTED)
    BreachScanJobs.Job resume(Actor actor, @PathVariable UUID id) {
        return jobs.resume(actor, id);
    }

    /** summary.pdf, affected-patients.csv, files.csv, summary.json: pseudonymous, so downloaded without a second person. */
    @GetMapping("/api/breach-scans/{id}/files/{name}")
    ResponseEntity<Resource> file(Actor actor, @PathVariable UUID id, @PathVariable String name) {
        return download(jobs.output(actor, id, name));
    }

    /** The confirmed patients named, as an identifiable export awaiting a second person's approval (POST /api/exports/{id}/decision). */
    @PostMapping("/api/breach-scans/{id}/notification-lists")
    @ResponseStatus(HttpStatus.CREATED)
    Exports.Entry notificationList(Actor actor, @PathVariable UUID id, @RequestBody NotificationListRequest request) {
        return jobs.requestNotificationList(actor, id, request.purpose());
    }

    @GetMapping("/api/breach-scans/{id}/notification-lists")
    List<Exports.Entry> notificationLists(Actor actor, @PathVariable UUID id) {
        return jobs.notificationLists(actor, id);
    }

    /** An output as an attachment, never cached: the screen downloads through this too. */
    static ResponseEntity<Resource> download(Path file) {
        String name = file.getFileName().toString();
        MediaType type = name.endsWith(".pdf") ? MediaType.APPLICATION_PDF : name.endsWith(".json") ? MediaType.APPLICATION_JSON
                : new MediaType("text", "csv", java.nio.charset.StandardCharsets.UTF_8);
        return ResponseEntity.ok().contentType(type)
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(name).build().toString())
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .body(new FileSystemResource(file));
    }
}
