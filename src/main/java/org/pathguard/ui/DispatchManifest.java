package org.pathguard.ui;

import org.pathguard.access.Actor;
import org.pathguard.lab.Catalogue;
import org.pathguard.lab.LabTest;
import org.pathguard.lab.Priority;
import org.pathguard.lab.Sex;
import org.pathguard.network.Dispatches;
import org.pathguard.network.Referrals;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The manifest that goes in a box of specimens for a partner lab, to print (the print stylesheet leaves out the
 * screens' header and buttons): the partner, when and by whom it was packed, and one line per tube with our
 * barcode as Code 128 (the partner scans it at its reception, no relabelling), its tests and the most urgent
 * priority among them. Reading it is reading those patients, so the network service passes the read gate.
 */
@Controller
class DispatchManifest {

    private final Dispatches dispatches;
    private final Referrals referrals;
    private final Catalogue catalogue;

    DispatchManifest(Dispatches dispatches, Referrals referrals, Catalogue catalogue) {
        this.dispatches = dispatches;
        this.referrals = referrals;
        this.catalogue = catalogue;
    }

    /** One tube in the box: the partner's reception checks the patient on it and does these tests. */
    record Tube(String barcode, String svg, String accession, String specimenType, Instant collectedAt, String nhsNumber,
                String familyName, LocalDate dateOfBirth, Sex sex, List<String> tests, Priority priority) {
    }

    @GetMapping("/referrals/dispatches/{id}")
    String manifest(Actor actor, @PathVariable UUID id, Model model) {
        Dispatches.Manifest manifest = dispatches.manifest(actor, id);
        Map<String, List<Dispatches.Line>> byTube = new LinkedHashMap<>();
        manifest.lines().forEach(l -> byTube.computeIfAbsent(l.barcode(), b -> new ArrayList<>()).add(l));
        List<Tube> tubes = byTube.values().stream().map(lines -> tube(actor, lines)).toList();
        model.addAttribute("manifest", manifest);
        model.addAttribute("tubes", tubes);
        return "manifest";
    }

    private Tube tube(Actor actor, List<Dispatches.Line> lines) {
        Dispatches.Line first = lines.getFirst();
        // Priority's order runs from CRITICAL to ROUTINE: the tube travels as its most urgent test.
        Priority priority = lines.stream().map(l -> referrals.referral(actor, l.referralId()).priority())
                .min(Comparator.naturalOrder()).orElseThrow();
        List<String> tests = lines.stream().map(l -> name(l.testCode()) + (l.partnerTestCode() == null
                || l.partnerTestCode().equals(l.testCode()) ? "" : " (their " + l.partnerTestCode() + ")")).toList();
        return new Tube(first.barcode(), LabelBarcode.svg(first.barcode()), first.accession(),
                catalogue.specimenType(first.specimenType()).name(), first.collectedAt(), first.nhsNumber(), first.familyName(),
                first.dateOfBirth(), first.sex(), tests, priority);
    }

    private String name(String code) {
        return catalogue.tests().stream().filter(t -> t.code().equals(code)).map(LabTest::name).findFirst().orElse(code);
    }
}
