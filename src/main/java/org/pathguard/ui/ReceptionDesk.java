package org.pathguard.ui;

import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.pathguard.access.Actor;
import org.pathguard.access.PatientReads;
import org.pathguard.lab.Barcode;
import org.pathguard.lab.RejectionReason;
import org.pathguard.lab.Stability;
import org.pathguard.specimen.Specimen;
import org.pathguard.specimen.SpecimenReception;
import org.pathguard.web.Refusal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;

import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;

/**
 * Specimen reception at the bench. The barcode field takes a keyboard-wedge scanner: the scanner
 * types the barcode and Enter, the specimen is received (or, in rejection mode, rejected with the
 * chosen coded reason), the page shows the label details to check, and the field is ready for the
 * next tube.
 */
@Controller
class ReceptionDesk {

    private static final String RECENT = "pathguard.reception.recent";
    private static final int RECENT_KEPT = 10;
    private static final int EXPECTED_SHOWN = 30;

    private final SpecimenReception reception;
    private final PatientReads reads;
    private final SpecimenView.Loader specimens;
    private final InstantSource clock;

    ReceptionDesk(SpecimenReception reception, PatientReads reads, SpecimenView.Loader specimens, InstantSource clock) {
        this.clock = clock;
        this.reception = reception;
        this.reads = reads;
        this.specimens = specimens;
    }

    /** One scan this session, for the running list beside the field: barcode and outcome, nothing of the patient. */
    record Scan(String barcode, String outcome, boolean accepted, Instant at) implements java.io.Serializable {
    }

    @GetMapping("/reception")
    String page(Actor actor, @RequestParam(defaultValue = "receive") String mode,
                @RequestParam(required = false) RejectionReason reason, HttpSession session, Model model) {
        actor.require(Actor.Role.SCIENTIST, Actor.Role.AUTHORISER, Actor.Role.LAB_MANAGER);
        return full(model, session, mode, reason);
    }

    @PostMapping("/reception/scan")
    String scan(Actor actor, @RequestParam(defaultValue = "") String barcode, @RequestParam(defaultValue = "receive") String mode,
                @RequestParam(required = false) RejectionReason reason, @RequestParam(required = false) String comment,
                @RequestHeader(name = "HX-Request", required = false) String htmx, HttpSession session,
                HttpServletResponse response, Model model) {
        actor.require(Actor.Role.SCIENTIST, Actor.Role.AUTHORISER, Actor.Role.LAB_MANAGER);
        boolean rejecting = "reject".equals(mode);
        boolean rejected = false;
        try {
            String code = Barcode.scanned(barcode);
            // The gate before anything: the label check shows who the specimen belongs to.
            reads.specimen(actor, code, "reception");
            Specimen specimen = rejecting
                    ? reception.reject(actor, code, reason, comment == null || comment.isBlank() ? null : comment.strip())
                    : reception.receive(actor, code, null);
            rejected = rejecting;
            String outcome = rejecting ? "Rejected: " + Wording.of(reason) : "Received";
            remember(session, new Scan(specimen.barcode(), outcome, !rejecting, clock.instant()));
            model.addAttribute("outcome", outcome);
            model.addAttribute("accepted", !rejecting);
            model.addAttribute("view", specimens.load(specimen.barcode()));
            if (!rejecting) {
                model.addAttribute("rebleed", Stability.rebleed(reception.pastStability(specimen, specimen.receivedAt())));
            }
        } catch (RuntimeException e) {
            Refusal refusal = Screens.refusal(e, response);
            // A missing reason is said beside the reason, and the scan kept for when one is chosen.
            boolean reasonMissing = "missing-reason".equals(refusal.code());
            if (!reasonMissing) {
                remember(session, new Scan(shown(barcode), "Refused: " + refusal.detail(), false, clock.instant()));
            }
            model.addAttribute("refusal", refusal);
            model.addAttribute("refusedField", reasonMissing ? "reason" : "barcode");
            model.addAttribute("typedBarcode", reasonMissing ? barcode.strip() : null);
        }
        if (htmx != null) {
            // The list of specimens on their way is sent along, out of band, so it shrinks as tubes are scanned.
            model.addAttribute("recent", recent(session));
            model.addAttribute("expected", reception.expected(EXPECTED_SHOWN));
            model.addAttribute("expectedShown", EXPECTED_SHOWN);
            model.addAttribute("outOfBand", true);
            return "reception :: outcome";
        }
        // After a rejection the next tube is received unless the scientist chooses to reject it too.
        return rejected ? full(model, session, "receive", null) : full(model, session, mode, reason);
    }

    /** A barcode as the running list shows it: a scanner that ran on is cut to a label's length. */
    private static String shown(String barcode) {
        String code = barcode.strip();
        return code.length() <= Barcode.LONGEST ? code : code.substring(0, Barcode.LONGEST) + "…";
    }

    private String full(Model model, HttpSession session, String mode, RejectionReason reason) {
        model.addAttribute("mode", "reject".equals(mode) ? "reject" : "receive");
        model.addAttribute("reason", reason);
        model.addAttribute("reasons", RejectionReason.values());
        model.addAttribute("expected", reception.expected(EXPECTED_SHOWN));
        model.addAttribute("expectedShown", EXPECTED_SHOWN);
        model.addAttribute("recent", recent(session));
        model.addAttribute("longestBarcode", Barcode.LONGEST);
        return "reception";
    }

    @SuppressWarnings("unchecked")
    private static List<Scan> recent(HttpSession session) {
        Object kept = session.getAttribute(RECENT);
        return kept instanceof List<?> list ? (List<Scan>) list : List.of();
    }

    private static void remember(HttpSession session, Scan scan) {
        List<Scan> scans = new ArrayList<>(recent(session));
        scans.addFirst(scan);
        session.setAttribute(RECENT, List.copyOf(scans.subList(0, Math.min(scans.size(), RECENT_KEPT))));
    }
}
