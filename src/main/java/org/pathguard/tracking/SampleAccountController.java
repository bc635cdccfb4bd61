package org.pathguard.tracking;

import org.pathguard.access.Actor;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;

/** Every sample accounted for, over HTTP: refusals are problem+json like every other door. */
@RestController
class SampleAccountController {

    private final SampleAccount account;

    SampleAccountController(SampleAccount account) {
        this.account = account;
    }

    @GetMapping("/api/sample-account")
    SampleAccount.Account account(Actor actor, @RequestParam(required = false) String requester,
                                  @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
                                  @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to) {
        return account.account(actor, requester, account.defaulted(from, to));
    }

    @GetMapping("/api/sample-account/requesters")
    List<SampleAccount.Requester> requesters(Actor actor, @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
                                             @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to) {
        return account.requesters(actor, account.defaulted(from, to));
    }

    @GetMapping("/api/sample-account.csv")
    ResponseEntity<byte[]> csv(Actor actor, @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
                               @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to) {
        SampleAccount.Csv file = account.csv(actor, account.defaulted(from, to));
        return ResponseEntity.ok()
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(file.name()).build().toString())
                .contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
                .body(file.content());
    }
}
