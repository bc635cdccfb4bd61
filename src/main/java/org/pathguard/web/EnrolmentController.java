package org.pathguard.web;

import jakarta.servlet.http.HttpServletRequest;
import org.pathguard.access.Accounts;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/** Enrolment through the API ({@link Enrolments}): the QR code first, then password and code together. */
@RestController
@ConditionalOnWebApplication
@RequestMapping("/api/enrolment/{token}")
class EnrolmentController {

    private final Enrolments enrolments;

    EnrolmentController(Enrolments enrolments) {
        this.enrolments = enrolments;
    }

    record Completion(String password, String code) {
    }

    record Enrolled(String username, List<String> recoveryCodes, String next) {
    }

    @GetMapping
    Accounts.Enrolment enrolment(@PathVariable String token, HttpServletRequest request) {
        return enrolments.open(token, request).enrolment();
    }

    @PostMapping("/authenticator")
    Enrolments.Authenticator authenticator(@PathVariable String token, HttpServletRequest request) {
        return enrolments.authenticator(enrolments.open(token, request), request);
    }

    @PostMapping
    Enrolled complete(@PathVariable String token, @RequestBody Completion completion, HttpServletRequest request) {
        Enrolments.Opened opened = enrolments.open(token, request);
        List<String> codes = enrolments.complete(opened, completion.password(), completion.code(), request);
        return new Enrolled(opened.enrolment().username(), codes, "Keep these recovery codes somewhere safe; each works once. Now sign in.");
    }
}
