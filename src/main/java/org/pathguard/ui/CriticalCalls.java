package org.pathguard.ui;

import org.pathguard.access.Actor;
import org.pathguard.access.PatientReads;
import org.pathguard.lab.LabTime;
import org.pathguard.order.OrderDesk;
import org.pathguard.patient.Patient;
import org.pathguard.patient.PatientRegistry;
import org.pathguard.result.CriticalResults;
import org.pathguard.result.LabResult;
import org.pathguard.result.Results;
import org.pathguard.lab.Catalogue;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import java.util.UUID;

/**
 * Critical results: the open alerts with the value and who to phone, and the call record of each
 * (who was told, when, that they read it back). An alert closes only with a read-back.
 */
@Controller
class CriticalCalls {

    private final CriticalResults criticals;
    private final PatientReads reads;
    private final OrderDesk orders;
    private final Results results;
    private final PatientRegistry patients;
    private final Catalogue catalogue;

    CriticalCalls(CriticalResults criticals, PatientReads reads, OrderDesk orders, Results results, PatientRegistry patients,
                  Catalogue catalogue) {
        this.criticals = criticals;
        this.reads = reads;
        this.orders = orders;
        this.results = results;
        this.patients = patients;
        this.catalogue = catalogue;
    }

    record OpenAlert(CriticalResults.Alert alert, Patient patient, String analyte, LabResult result) {
    }

    @GetMapping("/critical")
    String page(Actor actor, Model model) {
        actor.require(Actor.Role.SCIENTIST, Actor.Role.AUTHORISER, Actor.Role.LAB_MANAGER);
        List<CriticalResults.Alert> open = criticals.list(true);
        // The gate for every patient on the page before any value is decrypted.
        reads.patients(actor, open.stream().map(a -> orders.byId(a.orderId()).patientId()).distinct().toList(), "critical-results");
        model.addAttribute("open", open.stream().map(a -> {
            LabResult r = results.byId(a.resultId());
            return new OpenAlert(a, patients.get(r.patientId()), catalogue.analyte(r.analyteCode()).name(), r);
        }).toList());
        model.addAttribute("phoned", criticals.phonedSince(Instant.now().minus(Duration.ofHours(24))));
        model.addAttribute("now", LocalDateTime.now(LabTime.ZONE).withSecond(0).withNano(0));
        return "critical";
    }

    @PostMapping("/critical/{id}/call")
    String recordCall(Actor actor, @PathVariable UUID id, @RequestParam(defaultValue = "") String toldWhom,
                      @RequestParam(required = false) LocalDateTime toldAt, @RequestParam(required = false) String readBack,
                      RedirectAttributes redirect) {
        Instant at = toldAt == null ? null : toldAt.atZone(LabTime.ZONE).toInstant();
        CriticalResults.Alert alert = criticals.recordCall(actor, id, toldWhom, at, "yes".equals(readBack));
        redirect.addFlashAttribute("notice", "Call recorded for " + alert.accession() + ": told " + alert.toldWhom() + ".");
        return "redirect:/critical";
    }
}
