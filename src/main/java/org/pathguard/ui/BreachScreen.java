package org.pathguard.ui;

import jakarta.servlet.http.HttpServletResponse;
import org.pathguard.access.Actor;
import org.pathguard.breach.BreachScanJobs;
import org.pathguard.breach.ScanStatus;
import org.pathguard.export.Exports;
import org.pathguard.lab.NotFound;
import org.pathguard.web.Refusal;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * The privacy officer's breach scan (ADR 0046): point the lab server at a leaked dump under the configured roots, watch
 * it read (a progress bar with MB/s and time left, polled by htmx), and read what it found: the lab's patients confirmed
 * and possible, by data category and organisation, unreadable files, PathGuard exports traced, and the outputs to
 * download. From a finished scan, the notification list (the confirmed patients named) is asked for here, approved by a
 * second person, and downloaded once by whoever asked.
 */
@Controller
class BreachScreen {

    private final BreachScanJobs jobs;
    private final Exports exports;

    BreachScreen(BreachScanJobs jobs, Exports exports) {
        this.jobs = jobs;
        this.exports = exports;
    }

    /** Where a running scan stands, in words for the progress bar. */
    record Progress(long permille, String done, String rate, String timeLeft, String current) {

        static Progress of(ScanStatus s) {
            if (s == null) {
                return new Progress(0, "Finding the files to read…", "", "", null);
            }
            long permille = s.bytesTotal() == 0 ? 0 : Math.min(1000, s.bytesDone() * 1000 / s.bytesTotal());
            return new Progress(permille, String.format(Locale.ROOT, "%s of %s, %,d of %,d files", size(s.bytesDone()), size(s.bytesTotal()),
                    s.filesDone(), s.filesTotal()), String.format(Locale.ROOT, "%.1f MB/s", s.megabytesPerSecond()),
                    s.timeLeft() == null ? "working out the time left" : left(s.timeLeft()) + " left", s.current());
        }

        private static String size(long bytes) {
            return bytes >= 1_000_000_000 ? String.format(Locale.ROOT, "%.1f GB", bytes / 1e9)
                    : String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
        }

        private static String left(Duration d) {
            if (d.toSeconds() < 60) {
                return "under a minute";
            }
            long minutes = (d.toSeconds() + 59) / 60;
            return minutes < 60 ? minutes + " min" : minutes / 60 + " h " + minutes % 60 + " min";
        }
    }

    @GetMapping("/breach")
    String scans(Actor actor, Model model) {
        actor.require(Actor.Role.AUDITOR);
        return startPage(actor, model, "", "", Map.of());
    }

    /** Starts the scan and shows it; a refusal is said beside its field, with what was typed kept and nothing started. */
    @PostMapping("/breach")
    String start(Actor actor, @RequestParam(defaultValue = "") String paths, @RequestParam(defaultValue = "") String caseReference,
                 HttpServletResponse response, Model model) {
        actor.require(Actor.Role.AUDITOR);
        try {
            BreachScanJobs.Job job = jobs.start(actor, Arrays.stream(paths.split("\\R")).toList(), caseReference);
            return "redirect:/breach/" + job.id();
        } catch (RuntimeException e) {
            Refusal refusal = Screens.refusal(e, response);
            String field = refusal.code().endsWith("case-reference") ? "caseReference" : "paths";
            return startPage(actor, model, paths, caseReference, Map.of(field, refusal.detail()));
        }
    }

    @GetMapping("/breach/{id}")
    String scan(Actor actor, @PathVariable UUID id, Model model) {
        return scanPage(actor, id, model, "", null);
    }

    /** The progress bar, polled while the scan runs; once it has stopped, the whole page again (with the results). */
    @GetMapping("/breach/{id}/progress")
    String progress(Actor actor, @PathVariable UUID id, HttpServletResponse response, Model model) {
        BreachScanJobs.Job job = jobs.get(actor, id);
        if (!job.running()) {
            response.setHeader("HX-Refresh", "true");
        }
        model.addAttribute("job", job);
        model.addAttribute("progress", Progress.of(job.progress()));
        return "breach-scan :: progress";
    }

    @PostMapping("/breach/{id}/resumption")
    String resume(Actor actor, @PathVariable UUID id) {
        jobs.resume(actor, id);
        return "redirect:/breach/" + id;
    }

    @GetMapping("/breach/{id}/files/{name}")
    ResponseEntity<Resource> output(Actor actor, @PathVariable UUID id, @PathVariable String name) {
        Path file = jobs.output(actor, id, name);
        return attachment(file.getFileName().toString(), new FileSystemResource(file));
    }

    @PostMapping("/breach/{id}/notification-lists")
    String requestList(Actor actor, @PathVariable UUID id, @RequestParam(defaultValue = "") String purpose,
                       HttpServletResponse response, Model model) {
        actor.require(Actor.Role.AUDITOR);
        try {
            jobs.requestNotificationList(actor, id, purpose);
            return "redirect:/breach/" + id;
        } catch (RuntimeException e) {
            return scanPage(actor, id, model, purpose, Screens.refusal(e, response).detail());
        }
    }

    /** Another privacy officer's approval or refusal; the export register refuses the person who asked. */
    @PostMapping("/breach/{id}/notification-lists/{exportId}/decision")
    String decide(Actor actor, @PathVariable UUID id, @PathVariable UUID exportId, @RequestParam(defaultValue = "false") boolean approve,
                  @RequestParam(defaultValue = "") String comment) {
        listOf(actor, id, exportId);
        exports.decide(actor, exportId, approve, comment.isBlank() ? null : comment.strip());
        return "redirect:/breach/" + id;
    }

    /** The approved list, made once for the person who asked (a POST: making it uses the export up). */
    @PostMapping("/breach/{id}/notification-lists/{exportId}/file")
    ResponseEntity<Resource> list(Actor actor, @PathVariable UUID id, @PathVariable UUID exportId) {
        listOf(actor, id, exportId);
        Exports.File file = exports.produce(actor, exportId);
        return attachment(file.name(), new ByteArrayResource(file.content()));
    }

    private void listOf(Actor actor, UUID id, UUID exportId) {
        jobs.get(actor, id);
        if (!jobs.listOf(id, exportId)) {
            throw new NotFound("No notification list " + exportId + " was asked for from this scan");
        }
    }

    private String startPage(Actor actor, Model model, String paths, String caseReference, Map<String, String> errors) {
        model.addAttribute("roots", jobs.roots(actor));
        model.addAttribute("scans", jobs.list(actor));
        model.addAttribute("typedPaths", paths);
        model.addAttribute("typedCaseReference", caseReference);
        model.addAttribute("errors", new LinkedHashMap<>(errors));
        return "breach";
    }

    private String scanPage(Actor actor, UUID id, Model model, String purpose, String purposeError) {
        BreachScanJobs.Job job = jobs.get(actor, id);
        model.addAttribute("job", job);
        model.addAttribute("progress", Progress.of(job.progress()));
        model.addAttribute("outputs", job.finished() ? BreachScanJobs.OUTPUTS : List.of());
        model.addAttribute("lists", jobs.notificationLists(actor, id));
        model.addAttribute("typedPurpose", purpose);
        model.addAttribute("purposeError", purposeError);
        return "breach-scan";
    }

    private static ResponseEntity<Resource> attachment(String name, Resource body) {
        MediaType type = name.endsWith(".pdf") ? MediaType.APPLICATION_PDF : name.endsWith(".json") ? MediaType.APPLICATION_JSON
                : new MediaType("text", "csv", StandardCharsets.UTF_8);
        return ResponseEntity.ok().contentType(type)
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(name).build().toString())
                .header(HttpHeaders.CACHE_CONTROL, "no-store").body(body);
    }
}
