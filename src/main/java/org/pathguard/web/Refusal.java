package org.pathguard.web;

import org.pathguard.access.EnrolmentInvalid;
import org.pathguard.access.ForbiddenAction;
import org.pathguard.access.IdentificationThrottled;
import org.pathguard.access.ReadBudgetExceeded;
import org.pathguard.access.ReadRefused;
import org.pathguard.access.SignInRefused;
import org.pathguard.access.UnidentifiedActor;
import org.pathguard.lab.Conflict;
import org.pathguard.lab.LabRuleViolation;
import org.pathguard.lab.NotFound;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpStatus;

import java.util.UUID;

/**
 * What PathGuard says when it refuses or fails a request, the same for the API (problem+json) and
 * the screens; {@code incident} names a failure of ours in the log. Messages are ours, never copied
 * from exceptions that might carry SQL or patient data.
 */
public record Refusal(HttpStatus status, String code, String detail, String incident) {

    Refusal(HttpStatus status, String code, String detail) {
        this(status, code, detail, null);
    }

    private static final Logger log = LoggerFactory.getLogger(Refusal.class);

    public static Refusal of(Throwable e) {
        return switch (e) {
            case LabRuleViolation v -> new Refusal(HttpStatus.UNPROCESSABLE_CONTENT, v.code(), v.getMessage());
            case NotFound n -> new Refusal(HttpStatus.NOT_FOUND, "not-found", n.getMessage());
            case Conflict c -> new Refusal(HttpStatus.CONFLICT, "conflict", c.getMessage());
            case ForbiddenAction f -> new Refusal(HttpStatus.FORBIDDEN, "forbidden", f.getMessage());
            case IdentificationThrottled t -> new Refusal(HttpStatus.TOO_MANY_REQUESTS, "identification-throttled", t.getMessage());
            case ReadBudgetExceeded b -> new Refusal(HttpStatus.TOO_MANY_REQUESTS, "read-budget-exceeded", b.getMessage());
            case ReadRefused r -> new Refusal(HttpStatus.FORBIDDEN, "no-reason-to-read", r.getMessage());
            case SignInRefused s -> new Refusal(HttpStatus.UNAUTHORIZED, "sign-in-refused", s.getMessage());
            case EnrolmentInvalid i -> new Refusal(HttpStatus.NOT_FOUND, "enrolment-link-invalid", i.getMessage());
            case TooManyRequests t -> new Refusal(HttpStatus.TOO_MANY_REQUESTS, "rate-limited", t.getMessage());
            case UnidentifiedActor u -> new Refusal(HttpStatus.UNAUTHORIZED, "sign-in-required", u.getMessage());
            case RequestTooLarge l -> new Refusal(HttpStatus.CONTENT_TOO_LARGE, "payload-too-large", l.getMessage());
            case DataIntegrityViolationException d when UnstorableText.causedBy(d) ->
                    new Refusal(HttpStatus.UNPROCESSABLE_CONTENT, "unstorable-character", UnstorableText.MESSAGE);
            case DataIntegrityViolationException d ->
                    new Refusal(HttpStatus.CONFLICT, "conflict", "The request clashes with a record made at the same time; retry it");
            default -> {
                String incident = UUID.randomUUID().toString();
                // The exception class only: messages from lower layers may quote SQL parameters.
                log.error("Unexpected failure, incident {}: {}", incident, e.getClass().getName());
                yield new Refusal(HttpStatus.INTERNAL_SERVER_ERROR, "internal-error",
                        "Something went wrong on our side. Check whether the step was recorded before retrying, and quote incident "
                                + incident + " to support.", incident);
            }
        };
    }
}
