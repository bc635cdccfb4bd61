package org.pathguard.web;

import org.pathguard.access.ForbiddenAction;
import org.pathguard.access.EnrolmentInvalid;
import org.pathguard.access.ReadBudgetExceeded;
import org.pathguard.access.ReadRefused;
import org.pathguard.access.SignInRefused;
import org.pathguard.access.UnidentifiedActor;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import org.springframework.http.MediaType;
import tools.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.pathguard.lab.Conflict;
import org.pathguard.lab.LabRuleViolation;
import org.pathguard.lab.NotFound;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

import java.net.URI;

/**
 * Every error is application/problem+json with a message a person can act on. Messages are
 * written by us, never copied from exceptions that might carry SQL, stack traces or patient data.
 */
@RestControllerAdvice
class ProblemResponses extends ResponseEntityExceptionHandler {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @ExceptionHandler({LabRuleViolation.class, NotFound.class, DataIntegrityViolationException.class, ForbiddenAction.class,
            ReadBudgetExceeded.class, ReadRefused.class, SignInRefused.class, EnrolmentInvalid.class,
            UnidentifiedActor.class, RequestTooLarge.class})
    ProblemDetail refused(Exception e) {
        return problem(Refusal.of(e));
    }

    @ExceptionHandler(Conflict.class)
    ProblemDetail conflict(Conflict e) {
        ProblemDetail p = problem(Refusal.of(e));
        e.properties().forEach(p::setProperty);
        return p;
    }

    @ExceptionHandler(TooManyRequests.class)
    ResponseEntity<ProblemDetail> tooMany(TooManyRequests e) {
        return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
                .header(HttpHeaders.RETRY_AFTER, Long.toString(e.retryAfterSeconds()))
                .body(problem(Refusal.of(e)));
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ProblemDetail typeMismatch(MethodArgumentTypeMismatchException e) {
        return problem(Refusal.of(e));
    }

    @ExceptionHandler(Exception.class)
    ProblemDetail unexpected(Exception e) {
        Refusal refusal = Refusal.of(e);
        ProblemDetail p = problem(refusal);
        if (refusal.incident() != null) {
            p.setProperty("incident", refusal.incident());
        }
        return p;
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e, HttpHeaders headers,
                                                                  HttpStatusCode status, WebRequest request) {
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof RequestTooLarge tooLarge) {
                return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE).body(problem(Refusal.of(tooLarge)));
            }
        }
        return ResponseEntity.badRequest().body(problem(HttpStatus.BAD_REQUEST, "malformed-body",
                "The request body is not valid JSON for this endpoint, or a field has the wrong type; "
                        + "see the OpenAPI description at /v3/api-docs"));
    }

    @Override
    protected ResponseEntity<Object> createResponseEntity(Object body, HttpHeaders headers, HttpStatusCode status,
                                                          WebRequest request) {
        // Spring's own messages for its exceptions are generic (no request data); keep them, typed as ours. Spring 7
        // leaves the type unset where Spring 6 wrote about:blank.
        if (body instanceof ProblemDetail p && (p.getType() == null || p.getType().equals(URI.create("about:blank")))) {
            p.setType(URI.create("https://pathguard.org/problems/http-" + status.value()));
        }
        return super.createResponseEntity(body, headers, status, request);
    }

    /**
     * The same refusal, written by the security filters that run before Spring MVC and HAPI: problem+json,
     * or an OperationOutcome under /fhir.
     */
    static void write(HttpServletRequest request, HttpServletResponse response, HttpStatus status, String code, String detail)
            throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        if (request.getRequestURI().startsWith(request.getContextPath() + "/fhir")) {
            String issueCode = switch (status) {
                case UNAUTHORIZED -> "login";
                case FORBIDDEN -> "forbidden";
                case TOO_MANY_REQUESTS -> "throttled";
                default -> "processing";
            };
            body.put("resourceType", "OperationOutcome");
            body.put("issue", List.of(Map.of("severity", "error", "code", issueCode, "diagnostics", detail)));
            response.setContentType("application/fhir+json");
        } else {
            body.put("type", "https://pathguard.org/problems/" + code);
            body.put("title", status.getReasonPhrase());
            body.put("status", status.value());
            body.put("detail", detail);
            body.put("code", code);
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        }
        response.setStatus(status.value());
        response.getOutputStream().write(JSON.writeValueAsBytes(body));
    }

    static ProblemDetail problem(Refusal refusal) {
        return problem(refusal.status(), refusal.code(), refusal.detail());
    }

    static ProblemDetail problem(HttpStatus status, String code, String detail) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(status, detail);
        p.setType(URI.create("https://pathguard.org/problems/" + code));
        p.setTitle(status.getReasonPhrase());
        p.setProperty("code", code);
        return p;
    }
}
