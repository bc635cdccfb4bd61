package org.pathguard.specimen;

import org.pathguard.access.Actor;
import org.pathguard.access.PatientReads;
import org.pathguard.lab.RejectionReason;
import org.pathguard.order.OrderDesk;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.util.List;

@RestController
class SpecimenController {

    private final SpecimenReception reception;
    private final OrderDesk orders;

    private final PatientReads reads;

    SpecimenController(SpecimenReception reception, OrderDesk orders, PatientReads reads) {
        this.reception = reception;
        this.orders = orders;
        this.reads = reads;
    }

    record Receipt(Instant receivedAt) {
    }

    record Rejection(RejectionReason reason, String comment) {
    }

    @GetMapping("/api/specimens/{barcode}")
    Specimen get(Actor actor, @PathVariable String barcode) {
        reads.specimen(actor, barcode, "specimen");
        return reception.byBarcode(barcode);
    }

    @GetMapping("/api/orders/{accession}/specimens")
    List<Specimen> forOrder(Actor actor, @PathVariable String accession) {
        reads.order(actor, accession, "specimens");
        return reception.forOrder(orders.byAccession(accession).id());
    }

    @PostMapping("/api/specimens/{barcode}/receipt")
    Specimen receive(Actor actor, @PathVariable String barcode, @RequestBody(required = false) Receipt receipt) {
        return reception.receive(actor, barcode, receipt == null ? null : receipt.receivedAt());
    }

    @PostMapping("/api/specimens/{barcode}/rejection")
    Specimen reject(Actor actor, @PathVariable String barcode, @RequestBody Rejection rejection) {
        return reception.reject(actor, barcode, rejection.reason(), rejection.comment());
    }
}
