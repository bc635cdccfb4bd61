package org.pathguard.ui;

import org.pathguard.access.Actor;
import org.pathguard.patient.Patient;
import org.pathguard.patient.PatientRegistry;
import org.pathguard.report.ResultsInbox;
import org.pathguard.web.Refusal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import java.util.List;
import java.util.UUID;

/**
 * The GP's (or ward's) results inbox: new reports for the practice, critical and abnormal first, each
 * filed by the clinician who read it; and the practice's requests still waiting for results.
 */
@Controller
class PracticeInbox {

    private final ResultsInbox inbox;
    private final PatientRegistry patients;

    PracticeInbox(ResultsInbox inbox, PatientRegistry patients) {
        this.inbox = inbox;
        this.patients = patients;
    }

    record Row(ResultsInbox.Entry entry, Patient patient) {

        /** What the file button says to a screen reader: which report, for whom. */
        public String fileLabel() {
            return "File as read: " + entry.accession() + " for " + Wording.name(patient);
        }
    }

    record Waiting(ResultsInbox.Pending request, Patient patient) {
    }

    @GetMapping("/inbox")
    String inbox(Actor actor, Model model) {
        actor.require(Actor.Role.REQUESTER);
        // The page shown straight after filing is the same visit: what was new stays marked new.
        boolean visit = model.getAttribute("notice") == null && model.getAttribute("error") == null;
        List<Row> rows = inbox.unfiled(actor, visit).stream().map(e -> new Row(e, patients.get(e.patientId()))).toList();
        List<Waiting> waiting = inbox.pending(actor).stream().map(p -> new Waiting(p, patients.get(p.patientId()))).toList();
        model.addAttribute("rows", rows);
        model.addAttribute("waiting", waiting);
        model.addAttribute("shown", ResultsInbox.SHOWN);
        return "inbox";
    }

    @PostMapping("/inbox/{orderId}/filing")
    String file(Actor actor, @PathVariable UUID orderId, @RequestParam int version, @RequestParam(defaultValue = "") String accession,
                RedirectAttributes redirect) {
        try {
            inbox.file(actor, orderId, version);
            redirect.addFlashAttribute("notice", "Filed " + accession + " as read by " + actor.name());
        } catch (RuntimeException e) {
            redirect.addFlashAttribute("error", Refusal.of(e).detail());
        }
        return "redirect:/inbox";
    }
}
