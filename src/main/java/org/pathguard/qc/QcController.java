package org.pathguard.qc;

import org.pathguard.access.Actor;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** Internal quality control over the API: analysers, control materials, runs and their judgements, failures, look-back. */
@RestController
class QcController {

    private final Analysers analysers;
    private final QualityControl qc;
    private final LookBack lookBack;

    QcController(Analysers analysers, QualityControl qc, LookBack lookBack) {
        this.analysers = analysers;
        this.qc = qc;
        this.lookBack = lookBack;
    }

    record AnalyserDetails(String name, String department, List<String> analytes) {
    }

    record MaterialDetails(String lot, String level, LocalDate expiresOn, String qcSampleId, List<QcMaterial.Target> targets) {
    }

    record Reason(String reason) {
    }

    record Review(LookBackOutcome outcome, String note) {
    }

    private static void labStaff(Actor actor) {
        actor.require(Actor.Role.SCIENTIST, Actor.Role.AUTHORISER, Actor.Role.LAB_MANAGER);
    }

    @GetMapping("/api/qc/analysers")
    List<Analyser> analysers(Actor actor) {
        labStaff(actor);
        return analysers.list();
    }

    @PutMapping("/api/qc/analysers/{code}")
    Analyser registerAnalyser(Actor actor, @PathVariable String code, @RequestBody AnalyserDetails details) {
        return analysers.register(actor, new Analyser(code, details.name(), details.department(), details.analytes()));
    }

    @GetMapping("/api/qc/materials")
    List<QcMaterial> materials(Actor actor) {
        labStaff(actor);
        return analysers.materials();
    }

    @PutMapping("/api/qc/materials/{code}")
    QcMaterial registerMaterial(Actor actor, @PathVariable String code, @RequestBody MaterialDetails details) {
        return analysers.registerMaterial(actor, new QcMaterial(code, details.lot(), details.level(), details.expiresOn(),
                details.qcSampleId(), details.targets()));
    }

    @PostMapping("/api/qc/runs")
    @ResponseStatus(HttpStatus.CREATED)
    List<QcRun> record(Actor actor, @RequestBody QcRunSubmission submission) {
        return qc.record(actor, submission);
    }

    /** One analyte's runs on one analyser, oldest first: the points of its Levey-Jennings chart with their rules. */
    @GetMapping("/api/qc/runs")
    List<QcRun> runs(Actor actor, @RequestParam String analyser, @RequestParam String analyte,
                     @RequestParam(required = false) Instant from, @RequestParam(required = false) Instant to) {
        labStaff(actor);
        return qc.runs(analyser, analyte, from, to);
    }

    @GetMapping("/api/qc/runs/{id}")
    QcRun run(Actor actor, @PathVariable UUID id) {
        labStaff(actor);
        return qc.run(id);
    }

    @PostMapping("/api/qc/runs/{id}/acceptance")
    QcRun accept(Actor actor, @PathVariable UUID id, @RequestBody Reason reason) {
        return qc.accept(actor, id, reason.reason());
    }

    @GetMapping("/api/qc/status")
    List<QcStatus> status(Actor actor) {
        labStaff(actor);
        return qc.status();
    }

    @GetMapping("/api/qc/failures")
    List<QcFailure> failures(Actor actor, @RequestParam(defaultValue = "false") boolean open) {
        labStaff(actor);
        return qc.failures(open);
    }

    @GetMapping("/api/qc/failures/{id}")
    QcFailure failure(Actor actor, @PathVariable UUID id) {
        labStaff(actor);
        return qc.failure(id);
    }

    @GetMapping("/api/qc/failures/{id}/look-back")
    LookBack.Listing lookBack(Actor actor, @PathVariable UUID id) {
        return lookBack.list(actor, id);
    }

    @PostMapping("/api/qc/failures/{id}/look-back/{resultId}")
    LookBack.Entry review(Actor actor, @PathVariable UUID id, @PathVariable UUID resultId, @RequestBody Review review) {
        return lookBack.review(actor, id, resultId, review.outcome(), review.note());
    }
}
