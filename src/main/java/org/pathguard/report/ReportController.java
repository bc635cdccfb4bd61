package org.pathguard.report;

import org.pathguard.access.Actor;
import org.pathguard.access.PatientReads;
import org.pathguard.order.OrderDesk;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

@RestController
class ReportController {

    private final Reports reports;
    private final OrderDesk orders;

    private final PatientReads reads;

    ReportController(Reports reports, OrderDesk orders, PatientReads reads) {
        this.reports = reports;
        this.orders = orders;
        this.reads = reads;
    }

    /** Every issued version, oldest first; an amended report never replaces an earlier one. */
    @GetMapping("/api/orders/{accession}/reports")
    List<Report> versions(Actor actor, @PathVariable String accession) {
        reads.order(actor, accession, "reports");
        return reports.versions(orders.byAccession(accession).id());
    }

    @PostMapping("/api/orders/{accession}/report")
    Report release(Actor actor, @PathVariable String accession) {
        reads.order(actor, accession, "report");
        return reports.release(actor, accession);
    }
}
