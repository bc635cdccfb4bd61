package org.pathguard.ui;

import jakarta.servlet.http.HttpServletResponse;
import org.pathguard.access.Actor;
import org.pathguard.access.PatientReads;
import org.pathguard.lab.Catalogue;
import org.pathguard.lab.Conflict;
import org.pathguard.lab.LabRuleViolation;
import org.pathguard.lab.LabTest;
import org.pathguard.lab.Priority;
import org.pathguard.lab.Sex;
import org.pathguard.order.LabOrder;
import org.pathguard.order.OrderDesk;
import org.pathguard.order.OrderRequest;
import org.pathguard.patient.PatientRegistry;
import org.pathguard.patient.Registration;
import org.pathguard.specimen.SpecimenReception;
import org.pathguard.web.Refusal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

/**
 * Requests from a ward or practice: who the patient is, which tests (searchable), how urgent; then
 * the specimen labels to print or copy onto the tubes taken. The requester orders for their own
 * organisation only (the order desk's rule), which gives them the care relationship to see the results.
 */
@Controller
class OrderEntry {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final OrderDesk orders;
    private final PatientRegistry patients;
    private final PatientReads reads;
    private final SpecimenReception specimens;
    private final Catalogue catalogue;

    OrderEntry(OrderDesk orders, PatientRegistry patients, PatientReads reads, SpecimenReception specimens, Catalogue catalogue) {
        this.orders = orders;
        this.patients = patients;
        this.reads = reads;
        this.specimens = specimens;
        this.catalogue = catalogue;
    }

    /** What the request form sends; kept as typed so a refused form comes back filled in. */
    record RequestForm(String nhsNumber, String familyName, String givenName, String dateOfBirth, String sex, String postcode,
                       String hospitalNumber, String clinician, String priority, String clinicalDetails, List<String> tests) {
    }

    record Label(String barcode, String specimenType, String container, String svg) {
    }

    @GetMapping("/orders/new")
    String form(Actor actor, Model model) {
        actor.require(Actor.Role.REQUESTER);
        return page(model, new RequestForm(null, null, null, null, null, null, null, actor.name(), "ROUTINE", null, List.of()), null);
    }

    @PostMapping("/orders")
    String place(Actor actor, @ModelAttribute RequestForm form, HttpServletResponse response, Model model) {
        actor.require(Actor.Role.REQUESTER);
        try {
            UUID patientId = patientOf(actor, form);
            Instant takenNow = Instant.now();
            List<OrderRequest.SpecimenLabel> labels = tests(form).stream().map(catalogue::test).map(LabTest::specimenType).distinct()
                    .map(type -> new OrderRequest.SpecimenLabel(newBarcode(), type, takenNow)).toList();
            LabOrder order = orders.place(actor, new OrderRequest(patientId, null, null, null, actor.organisation(), form.clinician(),
                    priority(form), form.clinicalDetails(), null, null, tests(form), labels));
            return "redirect:/orders/" + order.accession() + "/labels";
        } catch (RuntimeException e) {
            Refusal refusal = Screens.refusal(e, response);
            return page(model, form, refusal.detail());
        }
    }

    @GetMapping("/orders/{accession}/labels")
    String labels(Actor actor, @PathVariable String accession, Model model) {
        reads.order(actor, accession, "labels");
        LabOrder order = orders.byAccession(accession);
        model.addAttribute("order", order);
        model.addAttribute("patient", patients.get(order.patientId()));
        model.addAttribute("tests", order.tests().stream().map(catalogue::test).toList());
        model.addAttribute("labels", specimens.forOrder(order.id()).stream().map(s -> new Label(s.barcode(),
                catalogue.specimenType(s.specimenType()).name(), s.container(), LabelBarcode.svg(s.barcode()))).toList());
        return "labels";
    }

    /** The patient's id: registered now, or (only with the right family name and date of birth) the one already registered. */
    private UUID patientOf(Actor actor, RequestForm form) {
        LocalDate born;
        try {
            born = form.dateOfBirth() == null || form.dateOfBirth().isBlank() ? null : LocalDate.parse(form.dateOfBirth());
        } catch (DateTimeParseException e) {
            throw new LabRuleViolation("invalid-date-of-birth", "Date of birth must be a date (day, month, year)");
        }
        Sex sex = java.util.Arrays.stream(Sex.values()).filter(v -> v.name().equals(form.sex())).findFirst().orElse(Sex.UNKNOWN);
        Registration registration = new Registration(form.nhsNumber() == null ? null : form.nhsNumber().replaceAll("[\\s-]", ""),
                form.hospitalNumber(), form.familyName(), form.givenName(), born, sex, form.postcode());
        try {
            return patients.register(actor, registration).id();
        } catch (Conflict known) {
            if (known.properties().get("existingPatientId") instanceof UUID existing) {
                return existing;
            }
            throw known;
        }
    }

    private static List<String> tests(RequestForm form) {
        return form.tests() == null ? List.of() : form.tests();
    }

    private static Priority priority(RequestForm form) {
        return java.util.Arrays.stream(Priority.values()).filter(p -> p.name().equals(form.priority())).findFirst()
                .orElseThrow(() -> new LabRuleViolation("missing-field", "Choose how urgent the request is"));
    }

    /** A barcode the lab's scanners read; its uniqueness is enforced when the order is placed. */
    private static String newBarcode() {
        return "W%010d".formatted(RANDOM.nextLong(10_000_000_000L));
    }

    private String page(Model model, RequestForm form, String error) {
        model.addAttribute("form", form);
        model.addAttribute("error", error);
        model.addAttribute("catalogue", catalogue.tests().stream().sorted(Comparator.comparing(LabTest::name)).toList());
        model.addAttribute("priorities", Priority.values());
        return "order-entry";
    }
}
