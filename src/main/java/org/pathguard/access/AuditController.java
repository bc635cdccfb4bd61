package org.pathguard.access;

import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The privacy officer's view through the API ({@link AccessReview}). */
@RestController
class AuditController {

    private final AccessReview review;

    AuditController(AccessReview review) {
        this.review = review;
    }

    @GetMapping("/api/audit/break-glass")
    List<AccessReview.BreakGlassRead> breakGlass(Actor actor, @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant since) {
        return review.breakGlass(actor, since);
    }

    @GetMapping("/api/audit/break-glass/{sequence}")
    List<AccessReview.BreakGlassRead> breakGlassRead(Actor actor, @PathVariable long sequence) {
        return review.breakGlassRead(actor, sequence);
    }

    /** {@code outcome}: JUSTIFIED or NOT_JUSTIFIED (which needs a note saying why). Once per read. */
    record BreakGlassFinding(String outcome, String note) {
    }

    @PostMapping("/api/audit/break-glass/{sequence}/review")
    List<AccessReview.BreakGlassRead> reviewBreakGlass(Actor actor, @PathVariable long sequence, @RequestBody BreakGlassFinding body) {
        review.reviewBreakGlass(actor, sequence, body.outcome(), body.note());
        return review.breakGlassRead(actor, sequence);
    }

    @GetMapping("/api/audit/patients/{patientId}/reads")
    List<AccessReview.Read> readsOf(Actor actor, @PathVariable UUID patientId) {
        return review.readsOf(actor, patientId);
    }

    @GetMapping("/api/audit/alerts")
    List<AccessReview.Alert> alerts(Actor actor, @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant since,
                                    @RequestParam(defaultValue = "ALL") AccessReview.Showing showing) {
        return review.alerts(actor, since, showing);
    }

    record AlertWithNotes(AccessReview.Alert alert, List<AccessReview.Note> notes) {
    }

    @GetMapping("/api/audit/alerts/{sequence}")
    AlertWithNotes alert(Actor actor, @PathVariable long sequence) {
        return new AlertWithNotes(review.alert(actor, sequence), review.notes(actor, sequence));
    }

    /** {@code outcome} absent: a note, the alert stays open; present: the alert is closed. */
    record Review(String note, AlertOutcome outcome) {
    }

    @PostMapping("/api/audit/alerts/{sequence}/notes")
    AlertWithNotes note(Actor actor, @PathVariable long sequence, @RequestBody Review body) {
        review.review(actor, sequence, body.note(), body.outcome());
        return alert(actor, sequence);
    }
}
