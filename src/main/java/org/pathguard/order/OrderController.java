package org.pathguard.order;

import org.pathguard.access.Actor;
import org.pathguard.access.PatientReads;
import org.pathguard.lab.Catalogue;
import org.pathguard.lab.LabTest;
import org.pathguard.lab.Priority;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

@RestController
class OrderController {

    private final OrderDesk desk;
    private final TurnaroundBoard turnaround;
    private final Catalogue catalogue;
    private final PatientReads reads;
    private final InstantSource clock;

    OrderController(OrderDesk desk, TurnaroundBoard turnaround, Catalogue catalogue, PatientReads reads, InstantSource clock) {
        this.clock = clock;
        this.desk = desk;
        this.turnaround = turnaround;
        this.catalogue = catalogue;
        this.reads = reads;
    }

    record OrderDetails(UUID id, String accession, UUID patientId, String requesterOds, String clinician,
                        Priority priority, String placerOrderNumber, String clinicalDetails, List<String> tests,
                        Instant placedAt, TurnaroundBoard.OrderTurnaround turnaround) {
    }

    @PostMapping("/api/orders")
    @ResponseStatus(HttpStatus.CREATED)
    OrderDetails place(Actor actor, @RequestBody OrderRequest request) {
        return details(desk.place(actor, request));
    }

    @GetMapping("/api/orders/{accession}")
    OrderDetails get(Actor actor, @PathVariable String accession) {
        reads.order(actor, accession, "order");
        return details(desk.byAccession(accession));
    }

    @GetMapping("/api/patients/{patientId}/orders")
    List<OrderDetails> forPatient(Actor actor, @PathVariable UUID patientId) {
        reads.patient(actor, patientId, "orders");
        return desk.forPatient(patientId).stream().map(this::details).toList();
    }

    @PostMapping("/api/orders/{accession}/specimens")
    @ResponseStatus(HttpStatus.CREATED)
    SpecimenCollected addSpecimen(Actor actor, @PathVariable String accession,
                                  @RequestBody OrderRequest.SpecimenLabel label) {
        return desk.addSpecimen(actor, accession, label);
    }

    /** What a scientist or pathologist sends to add a test to an order already in the lab. */
    record AddOnRequest(String test, String reason) {
    }

    /** The test added, on which specimen, and the order's tests and target now. */
    record AddedTest(String accession, String test, String barcode, String reason, String addedBy, Instant addedAt,
                     List<String> tests, int targetMinutes) {
    }

    @PostMapping("/api/orders/{accession}/tests")
    @ResponseStatus(HttpStatus.CREATED)
    AddedTest addTest(Actor actor, @PathVariable String accession, @RequestBody AddOnRequest request) {
        TestAdded added = desk.addTest(actor, accession, request.test(), request.reason());
        return new AddedTest(accession, added.testCode(), added.barcode(), added.reason(), added.addedBy(), added.addedAt(),
                desk.byAccession(accession).tests(), added.targetMinutes());
    }

    /** Why a scientist or lab manager cancels a test. */
    record CancellationRequest(String reason) {
    }

    /** The test cancelled, by whom and why, the order's tests still requested, and whether the whole order is now cancelled. */
    record CancelledTest(String accession, String test, String cancelledBy, String reason, List<String> tests, boolean orderCancelled) {
    }

    @PostMapping("/api/orders/{accession}/tests/{code}/cancellation")
    CancelledTest cancelTest(Actor actor, @PathVariable String accession, @PathVariable String code,
                             @RequestBody CancellationRequest request) {
        Cancellation cancellation = desk.cancelTest(actor, accession, code, request.reason());
        return new CancelledTest(accession, cancellation.cancelledTests().getFirst(), actor.logName(), request.reason().strip(),
                desk.byAccession(accession).tests(), cancellation.orderCancelled());
    }

    @GetMapping("/api/turnaround")
    TurnaroundBoard.Summary turnaround(Actor actor,
                                       @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant since) {
        return turnaround.summary(since == null ? clock.instant().minus(Duration.ofHours(24)) : since);
    }

    @GetMapping("/api/catalogue/tests")
    Collection<LabTest> tests() {
        return catalogue.tests();
    }

    private OrderDetails details(LabOrder o) {
        return new OrderDetails(o.id(), o.accession(), o.patientId(), o.requesterOds(), o.clinician(), o.priority(),
                o.placerOrderNumber(), desk.clinicalDetails(o.id()), o.tests(), o.placedAt(), turnaround.forOrder(o.id()));
    }
}
