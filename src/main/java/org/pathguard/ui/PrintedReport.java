package org.pathguard.ui;

import org.pathguard.access.Actor;
import org.pathguard.access.PatientReads;
import org.pathguard.lab.NotFound;
import org.pathguard.order.LabOrder;
import org.pathguard.order.OrderDesk;
import org.pathguard.patient.PatientRegistry;
import org.pathguard.report.Report;
import org.pathguard.report.Reports;
import org.pathguard.specimen.SpecimenReception;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

import java.util.List;

/**
 * One request's report as a page to read or print (the print stylesheet leaves out the screens'
 * header and buttons): the patient, when the blood was taken and received, each result with its unit
 * as people write it, range and flag. Behind the read gate like every view of patient data.
 */
@Controller
class PrintedReport {

    private final PatientReads reads;
    private final OrderDesk orders;
    private final Reports reports;
    private final PatientRegistry patients;
    private final SpecimenReception specimens;

    PrintedReport(PatientReads reads, OrderDesk orders, Reports reports, PatientRegistry patients, SpecimenReception specimens) {
        this.reads = reads;
        this.orders = orders;
        this.reports = reports;
        this.patients = patients;
        this.specimens = specimens;
    }

    @GetMapping("/reports/{accession}")
    String report(Actor actor, @PathVariable String accession, Model model) {
        actor.require(Screens.PEOPLE);
        reads.order(actor, accession, "report");
        LabOrder order = orders.byAccession(accession);
        List<Report> versions = reports.versions(order.id());
        if (versions.isEmpty()) {
            throw new NotFound("Request " + accession + " has no report yet: its results are still being done or checked");
        }
        model.addAttribute("order", order);
        model.addAttribute("report", versions.getLast());
        model.addAttribute("patient", patients.get(order.patientId()));
        model.addAttribute("specimens", specimens.forOrder(order.id()));
        return "report";
    }
}
