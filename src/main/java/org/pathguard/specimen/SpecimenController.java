package org.pathguard.specimen;

import org.pathguard.access.Actor;
import org.pathguard.access.PatientReads;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import org.pathguard.lab.RejectionReason;
import org.pathguard.lab.Stability;
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

    /**
     * A received specimen, and the analytes it came too late for: each with its limit, condition and source. The tube is
     * received all the same, so it is accounted for; {@code rebleed} says so in words, or is null when all is in time.
     */
    record Received(@JsonUnwrapped Specimen specimen, List<PastStability> pastStability, String rebleed) {
    }

    record PastStability(String analyte, String name, String within, String condition, String source, Instant pastSince) {
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
    Received receive(Actor actor, @PathVariable String barcode, @RequestBody(required = false) Receipt receipt) {
        Specimen specimen = reception.receive(actor, barcode, receipt == null ? null : receipt.receivedAt());
        List<Stability.Lapse> late = reception.pastStability(specimen, specimen.receivedAt());
        return new Received(specimen, late.stream().map(l -> new PastStability(l.analyte(), l.analyteName(), l.limit().withinWords(),
                l.limit().condition(), l.limit().source(), l.pastSince())).toList(), Stability.rebleed(late));
    }

    @PostMapping("/api/specimens/{barcode}/rejection")
    Specimen reject(Actor actor, @PathVariable String barcode, @RequestBody Rejection rejection) {
        return reception.reject(actor, barcode, rejection.reason(), rejection.comment());
    }
}
