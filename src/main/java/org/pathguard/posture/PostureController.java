package org.pathguard.posture;

import org.pathguard.access.Actor;
import org.pathguard.result.ThisLab;
import org.pathguard.web.Refusal;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code /api/posture}: the posture as JSON, attestations of manual indicators, and the signed evidence pack as a zip.
 * For the lab manager and the privacy officer (attestations also for the administrator); every other role and every
 * machine credential is refused by {@link Posture}.
 */
@RestController
class PostureController {

    private final Posture posture;
    private final ThisLab lab;

    PostureController(Posture posture, ThisLab lab) {
        this.posture = posture;
        this.lab = lab;
    }

    record AttestationRequest(String indicatorId, String evidence, String statement) {
    }

    @GetMapping("/api/posture")
    Map<String, Object> report(Actor actor) {
        return PostureJson.of(posture.report(actor), lab.identity());
    }

    /** 201 with the attestation; 422 problem+json naming every wrong field ({@code fields}) and nothing recorded. */
    @PostMapping("/api/posture/attestations")
    ResponseEntity<Attestation> attest(Actor actor, @RequestBody AttestationRequest request) {
        Attestation attestation = posture.attest(actor, request.indicatorId(), request.evidence(), request.statement());
        return ResponseEntity.created(URI.create("/api/posture")).body(attestation);
    }

    /** A POST (with the session's CSRF token): making a pack is recorded in the event log, which no cross-site GET may cause. */
    @PostMapping("/api/posture/evidence-pack")
    ResponseEntity<byte[]> evidencePack(Actor actor) {
        EvidencePack pack = posture.evidencePack(actor);
        String name = pack.fileName(lab.identity().odsCode());
        return ResponseEntity.ok().contentType(MediaType.parseMediaType("application/zip"))
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(name).build().toString())
                .body(pack.zip());
    }

    /** As every refusal, plus each wrong field's message by its name, for a client that shows them beside its fields. */
    @ExceptionHandler(AttestationRefused.class)
    ResponseEntity<ProblemDetail> refused(AttestationRefused refused) {
        Refusal refusal = Refusal.of(refused);
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(refusal.status(), refusal.detail());
        problem.setType(URI.create("https://pathguard.org/problems/" + refusal.code()));
        problem.setTitle(refusal.status().getReasonPhrase());
        problem.setProperty("code", refusal.code());
        Map<String, String> fields = new LinkedHashMap<>();
        refused.problems().forEach(p -> fields.putIfAbsent(p.field(), p.message()));
        problem.setProperty("fields", fields);
        return ResponseEntity.status(refusal.status()).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }
}
