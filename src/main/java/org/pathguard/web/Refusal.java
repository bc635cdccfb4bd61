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
import org.apache.tomcat.util.http.InvalidParameterException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.beans.TypeMismatchException;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponse;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.UUID;
import java.util.stream.Collectors;

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
            case TypeMismatchException t -> new Refusal(HttpStatus.BAD_REQUEST, "bad-parameter", mistyped(t));
            case InvalidParameterException p -> new Refusal(HttpStatus.BAD_REQUEST, "malformed-parameters",
                    "The form or address is not correctly percent-encoded: a % must be followed by two hexadecimal digits");
            case MissingServletRequestParameterException m ->
                    new Refusal(HttpStatus.BAD_REQUEST, "missing-parameter", "'" + m.getParameterName() + "' is required");
            // Spring's own refusals of a request it could not route (wrong method, content type, address): a 4xx, our words.
            case ErrorResponse r when r.getStatusCode().is4xxClientError() -> unroutable(e, HttpStatus.valueOf(r.getStatusCode().value()));
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

    /** A path variable or query parameter that is not of its kind: which one, and what it should look like (never the value). */
    private static String mistyped(TypeMismatchException t) {
        String name = t instanceof MethodArgumentTypeMismatchException m ? m.getName() : t.getPropertyName();
        Class<?> type = t.getRequiredType();
        String should;
        if (type == UUID.class) {
            should = "is not a PathGuard id (ids look like 3f2b6c1e-0d4a-4e8f-9b7a-5c2d1e0f9a8b); open the record from its list";
        } else if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
            should = "must be a whole number, such as 24";
        } else if (type == Instant.class) {
            should = "must be a date and time in UTC, such as 2025-03-14T09:30:00Z";
        } else if (type == LocalDateTime.class) {
            should = "must be a date and time, such as 2025-03-14T09:30";
        } else if (type == LocalDate.class) {
            should = "must be a date, such as 2025-03-14";
        } else if (type != null && type.isEnum()) {
            should = "must be one of " + Arrays.stream(type.getEnumConstants()).map(Object::toString).collect(Collectors.joining(", "));
        } else {
            should = "is not a value this address accepts";
        }
        return "'" + name + "' " + should;
    }

    private static Refusal unroutable(Throwable e, HttpStatus status) {
        String detail = switch (e) {
            case HttpRequestMethodNotSupportedException m -> "This address does not take " + m.getMethod() + " requests"
                    + (m.getSupportedHttpMethods() == null || m.getSupportedHttpMethods().isEmpty() ? ""
                    : "; it takes " + m.getSupportedHttpMethods().stream().map(Object::toString).sorted().collect(Collectors.joining(", ")));
            case HttpMediaTypeNotSupportedException t -> "This address does not read that content type"
                    + (t.getSupportedMediaTypes().isEmpty() ? ""
                    : "; send " + t.getSupportedMediaTypes().stream().map(Object::toString).collect(Collectors.joining(" or ")));
            default -> switch (status) {
                case NOT_FOUND -> "There is nothing at this address; check it, or start again from the menu";
                case NOT_ACCEPTABLE -> "This address cannot answer in the format asked for (Accept header)";
                default -> "This address does not accept the request as sent";
            };
        };
        return new Refusal(status, status == HttpStatus.NOT_FOUND ? "not-found" : "http-" + status.value(), detail);
    }
}
