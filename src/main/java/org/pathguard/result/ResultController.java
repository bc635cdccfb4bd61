package org.pathguard.result;

import org.pathguard.access.Actor;
import org.pathguard.access.PatientReads;
import org.pathguard.lab.HoldReason;
import org.pathguard.lab.Priority;
import org.pathguard.lab.RequesterSetting;
import org.pathguard.order.OrderDesk;
import org.pathguard.patient.PatientRegistry;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

@RestController
class ResultController {

    private final ResultDesk desk;
    private final Results results;
    private final Validation validation;
    private final CriticalResults criticals;
    private final OrderDesk orders;
    private final PatientRegistry patients;
    private final CumulativeResults cumulative;

    private final PatientReads reads;

    ResultController(ResultDesk desk, Results results, Validation validation, CriticalResults criticals,
                     OrderDesk orders, PatientRegistry patients, CumulativeResults cumulative, PatientReads reads) {
        this.reads = reads;
        this.desk = desk;
        this.results = results;
        this.validation = validation;
        this.criticals = criticals;
        this.orders = orders;
        this.patients = patients;
        this.cumulative = cumulative;
    }

    record Decision(String comment) {
    }

    record Amendment(String value, String unit, String reason) {
    }

    /** Who was told, as name and role ("J Okafor", "Staff nurse, ward 7"). */
    record PhoneCall(String toldName, String toldRole, Instant toldAt, boolean readBack) {
    }

    record CallAttempt(CallOutcome outcome, String called, String note) {
    }

    record Contact(String name, String phone, String bleep, RequesterSetting setting) {
    }

    /** What a machine gets back for its results: what became of them, nothing of the patient's. */
    record Receipt(UUID id, String analyteCode, ResultStatus status, boolean critical, List<HoldReason> holdReasons) {
    }

    @PostMapping("/api/results")
    @ResponseStatus(HttpStatus.CREATED)
    List<?> record(Actor actor, @RequestBody ResultSubmission submission) {
        if (!actor.role().human()) {
            return desk.record(actor, submission).stream()
                    .map(r -> new Receipt(r.id(), r.analyteCode(), r.status(), r.critical(), r.holdReasons())).toList();
        }
        // The gate before the write: a person past their budget is refused before anything is recorded.
        reads.specimen(actor, submission.barcode(), "results");
        return desk.record(actor, submission);
    }

    @GetMapping("/api/results/{id}")
    LabResult get(Actor actor, @PathVariable UUID id) {
        reads.result(actor, id, "result");
        return results.byId(id);
    }

    @GetMapping("/api/results/{id}/history")
    List<Results.ResultVersion> history(Actor actor, @PathVariable UUID id) {
        reads.result(actor, id, "result-history");
        return results.history(id);
    }

    @GetMapping("/api/orders/{accession}/results")
    List<LabResult> forOrder(Actor actor, @PathVariable String accession) {
        reads.order(actor, accession, "results");
        return results.forOrder(orders.byAccession(accession).id());
    }

    /**
     * Held results matching the filters, a page at a time: {@code total} says how many match in all, and
     * {@code offset} + {@code limit} reach every one of them. Each says whether the caller may authorise it.
     */
    @GetMapping("/api/validation-queue")
    Validation.QueuePage queue(Actor actor, @RequestParam(defaultValue = "100") int limit, @RequestParam(defaultValue = "0") int offset,
                               @RequestParam(required = false) String department, @RequestParam(required = false) String test,
                               @RequestParam(required = false) Priority priority, @RequestParam(required = false) HoldReason holdReason,
                               @RequestParam(defaultValue = "false") boolean critical, @RequestParam(defaultValue = "false") boolean mine) {
        return validation.queue(actor, new Validation.QueueFilter(department, test, priority, holdReason, critical, mine), offset, limit);
    }

    /** The whole specimen beside a held result: every analyte with its flag, and the patient's previous set. */
    @GetMapping("/api/results/{id}/panel")
    Validation.Panel panel(Actor actor, @PathVariable UUID id) {
        return validation.panel(actor, id);
    }

    @PostMapping("/api/results/{id}/authorisation")
    LabResult authorise(Actor actor, @PathVariable UUID id, @RequestBody(required = false) Decision decision) {
        reads.result(actor, id, "result");
        return validation.authorise(actor, id, decision == null ? null : decision.comment());
    }

    @PostMapping("/api/results/{id}/rejection")
    LabResult reject(Actor actor, @PathVariable UUID id, @RequestBody Decision decision) {
        reads.result(actor, id, "result");
        return validation.reject(actor, id, decision.comment());
    }

    @PostMapping("/api/results/{id}/amendment")
    LabResult amend(Actor actor, @PathVariable UUID id, @RequestBody Amendment amendment) {
        reads.result(actor, id, "result");
        return validation.amend(actor, id, amendment.value(), amendment.unit(), amendment.reason());
    }

    @GetMapping("/api/critical-alerts")
    List<CriticalResults.Alert> alerts(Actor actor, @RequestParam(defaultValue = "OPEN") String status) {
        actor.require(Actor.Role.SCIENTIST, Actor.Role.AUTHORISER, Actor.Role.LAB_MANAGER);
        return criticals.list(!"ALL".equalsIgnoreCase(status));
    }

    @PostMapping("/api/critical-alerts/{id}/call")
    CriticalResults.Alert recordCall(Actor actor, @PathVariable UUID id, @RequestBody PhoneCall call) {
        return criticals.recordCall(actor, id, call.toldName(), call.toldRole(), call.toldAt(), call.readBack());
    }

    @PostMapping("/api/critical-alerts/{id}/attempts")
    CriticalResults.Attempt recordAttempt(Actor actor, @PathVariable UUID id, @RequestBody CallAttempt attempt) {
        return criticals.recordAttempt(actor, id, attempt.outcome(), attempt.called(), attempt.note());
    }

    @GetMapping("/api/critical-alerts/{id}/attempts")
    List<CriticalResults.Attempt> attempts(Actor actor, @PathVariable UUID id) {
        actor.require(Actor.Role.SCIENTIST, Actor.Role.AUTHORISER, Actor.Role.LAB_MANAGER);
        criticals.get(id);
        return criticals.attempts(id);
    }

    /** The critical-result contact directory: whom to phone for each requester. */
    @GetMapping("/api/requester-contacts")
    List<RequesterContact> contacts(Actor actor) {
        actor.require(Actor.Role.SCIENTIST, Actor.Role.AUTHORISER, Actor.Role.LAB_MANAGER);
        return criticals.contacts();
    }

    @PutMapping("/api/requester-contacts/{ods}")
    RequesterContact setContact(Actor actor, @PathVariable String ods, @RequestBody Contact contact) {
        return criticals.setContact(actor, ods, contact.name(), contact.phone(), contact.bleep(), contact.setting());
    }

    /** The patient's reportable results per analyte, oldest first: the cumulative view. */
    @GetMapping("/api/patients/{id}/cumulative")
    List<CumulativeResults.Series> cumulative(Actor actor, @PathVariable UUID id) {
        reads.patient(actor, id, "cumulative");
        patients.get(id);
        return cumulative.forPatient(id);
    }
}
