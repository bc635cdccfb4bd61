package org.pathguard.ui;

import jakarta.servlet.http.HttpServletResponse;
import org.pathguard.access.Actor;
import org.pathguard.access.PatientReads;
import org.pathguard.lab.Catalogue;
import org.pathguard.lab.Conflict;
import org.pathguard.lab.FreeText;
import org.pathguard.lab.LabRuleViolation;
import org.pathguard.lab.LabTest;
import org.pathguard.lab.LabTime;
import org.pathguard.lab.MinimumRetestInterval;
import org.pathguard.lab.NhsNumber;
import org.pathguard.lab.Priority;
import org.pathguard.lab.Sex;
import org.pathguard.order.LabOrder;
import org.pathguard.order.OrderDesk;
import org.pathguard.order.OrderRequest;
import org.pathguard.patient.Patient;
import org.pathguard.patient.PatientRegistry;
import org.pathguard.patient.Registration;
import org.pathguard.specimen.SpecimenReception;
import org.pathguard.web.Refusal;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

import java.security.SecureRandom;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.InstantSource;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Requests from a ward or practice: who the patient is, which tests (searchable), how urgent, when
 * the blood was taken; then the specimen labels to print or copy onto the tubes taken. The requester
 * orders for their own organisation only (the order desk's rule), which gives them the care
 * relationship to see the results. Every problem with the form is shown at once, each beside its
 * field, with what was typed kept; dates are typed as day, month and year, as a UK lab writes them.
 * A test asked again within its minimum retest interval is a warning the clinician answers with a reason.
 */
@Controller
class OrderEntry {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern TIME = Pattern.compile("^(\\d{1,2})[:.]?(\\d{2})$");
    /** The one-line heading of the early-repeat reason in the clinical details the lab reads. */
    static final String EARLY_REPEAT = "Early repeat: ";

    private final OrderDesk orders;
    private final PatientRegistry patients;
    private final PatientReads reads;
    private final SpecimenReception specimens;
    private final Catalogue catalogue;
    private final InstantSource clock;

    OrderEntry(OrderDesk orders, PatientRegistry patients, PatientReads reads, SpecimenReception specimens, Catalogue catalogue,
               InstantSource clock) {
        this.clock = clock;
        this.orders = orders;
        this.patients = patients;
        this.reads = reads;
        this.specimens = specimens;
        this.catalogue = catalogue;
    }

    /** What the request form sends; kept as typed so a refused form comes back filled in. */
    record RequestForm(String nhsNumber, String familyName, String givenName, String bornDay, String bornMonth, String bornYear,
                       String sex, String postcode, String hospitalNumber, String clinician, String priority, String clinicalDetails,
                       List<String> tests, String collectedDay, String collectedMonth, String collectedYear, String collectedTime,
                       String retestReason) {
    }

    record Label(String barcode, String specimenType, String container, String svg) {
    }

    /** A blank request (blood taken now), or one for a patient the requester may see, with who they are filled in. */
    @GetMapping("/orders/new")
    String form(Actor actor, @RequestParam(required = false) UUID patient, Model model) {
        actor.require(Actor.Role.REQUESTER);
        ZonedDateTime now = clock.instant().atZone(LabTime.ZONE);
        String day = String.valueOf(now.getDayOfMonth());
        String month = String.valueOf(now.getMonthValue());
        String year = String.valueOf(now.getYear());
        String time = "%02d:%02d".formatted(now.getHour(), now.getMinute());
        RequestForm form = new RequestForm(null, null, null, null, null, null, null, null, null, null, "ROUTINE", null, List.of(),
                day, month, year, time, null);
        if (patient != null) {
            reads.patient(actor, patient, "order entry");
            Patient p = patients.get(patient);
            LocalDate born = p.dateOfBirth();
            form = new RequestForm(p.nhsNumber(), p.familyName(), p.givenName(), String.valueOf(born.getDayOfMonth()),
                    String.valueOf(born.getMonthValue()), String.valueOf(born.getYear()), p.sex().name(), p.postcode(),
                    p.hospitalNumber(), null, "ROUTINE", null, List.of(), day, month, year, time, null);
        }
        return page(model, form, Map.of(), List.of(), null);
    }

    @PostMapping("/orders")
    String place(Actor actor, @ModelAttribute RequestForm form, HttpServletResponse response, Model model) {
        actor.require(Actor.Role.REQUESTER);
        Map<String, String> errors = new LinkedHashMap<>();
        LocalDate born = checkFields(form, errors);
        Instant collected = collectedAt(form, errors);
        if (!errors.isEmpty()) {
            response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
            return page(model, form, errors, List.of(), null);
        }
        try {
            UUID patientId = patientOf(actor, form, born);
            List<LabTest> tests = tests(form).stream().map(catalogue::test).toList();
            List<MinimumRetestInterval.Warning> warnings = earlyRepeats(patientId, tests);
            String reason = blankToNull(form.retestReason());
            if (!warnings.isEmpty() && reason == null) {
                // Not refused: asked. The warnings sit beside their tests, with a box for the reason.
                if (form.retestReason() != null) {
                    errors.put("retestReason", "Say why the test is needed again so soon, or untick it");
                    response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
                }
                return page(model, form, errors, warnings, null);
            }
            String details = blankToNull(form.clinicalDetails());
            if (!warnings.isEmpty()) {
                details = (details == null ? "" : details + "\n") + EARLY_REPEAT + reason;
            }
            List<OrderRequest.SpecimenLabel> labels = tests.stream().map(LabTest::specimenType).distinct()
                    .map(type -> new OrderRequest.SpecimenLabel(newBarcode(), type, collected)).toList();
            LabOrder order = orders.place(actor, new OrderRequest(patientId, null, null, null, actor.organisation(), form.clinician(),
                    priority(form), details, null, null, tests(form), labels));
            return "redirect:/orders/" + order.accession() + "/labels";
        } catch (RuntimeException e) {
            Refusal refusal = Screens.refusal(e, response);
            String field = fieldOf(refusal.code(), e);
            if (field != null) {
                errors.put(field, refusal.detail());
                return page(model, form, errors, List.of(), null);
            }
            return page(model, form, errors, List.of(), refusal.detail());
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

    /** Every field's problem at once, in the words beside it; the date of birth when it is one. */
    private LocalDate checkFields(RequestForm form, Map<String, String> errors) {
        if (blankToNull(form.nhsNumber()) == null) {
            errors.put("nhsNumber", "Enter the patient's NHS number");
        } else {
            check(errors, "nhsNumber", () -> NhsNumber.parse(form.nhsNumber()));
        }
        checkName(errors, "familyName", "Family name", form.familyName());
        checkName(errors, "givenName", "Given name", form.givenName());
        LocalDate born = null;
        if (blankToNull(form.bornDay()) == null && blankToNull(form.bornMonth()) == null && blankToNull(form.bornYear()) == null) {
            errors.put("dateOfBirth", "Enter the date of birth: day, month and year");
        } else {
            born = date(form.bornDay(), form.bornMonth(), form.bornYear());
            if (born == null) {
                errors.put("dateOfBirth", "Date of birth must be a real date, for example 14 3 1968");
            } else if (born.isAfter(LocalDate.ofInstant(clock.instant(), LabTime.ZONE)) || born.getYear() < 1880) {
                errors.put("dateOfBirth", "Date of birth must be in the past");
                born = null;
            }
        }
        if (tests(form).isEmpty()) {
            errors.put("tests", "Choose at least one test");
        } else {
            List<String> unknown = tests(form).stream().filter(code -> catalogue.tests().stream().noneMatch(t -> t.code().equals(code))).toList();
            if (!unknown.isEmpty()) {
                errors.put("tests", "The catalogue has no test " + String.join(", ", unknown));
            } else if (tests(form).stream().distinct().count() != tests(form).size()) {
                errors.put("tests", "Choose each test once");
            }
        }
        if (Arrays.stream(Priority.values()).noneMatch(p -> p.name().equals(form.priority()))) {
            errors.put("priority", "Choose how urgent the request is");
        }
        if (blankToNull(form.clinician()) == null) {
            errors.put("clinician", "Enter the name of the requesting clinician");
        } else {
            check(errors, "clinician", () -> FreeText.line("The requesting clinician's name", form.clinician()));
        }
        check(errors, "clinicalDetails", () -> FreeText.note("Clinical details", form.clinicalDetails()));
        if (blankToNull(form.retestReason()) != null) {
            check(errors, "retestReason", () -> FreeText.line("The reason for an early repeat", form.retestReason()));
        }
        return born;
    }

    /** When the blood was taken, as typed in London time; not in the future (beyond a ward clock's drift). */
    private Instant collectedAt(RequestForm form, Map<String, String> errors) {
        LocalDate day = date(form.collectedDay(), form.collectedMonth(), form.collectedYear());
        Matcher time = TIME.matcher(form.collectedTime() == null ? "" : form.collectedTime().strip());
        if (day == null || !time.matches()) {
            errors.put("collected", "Enter when the blood was taken as a date (day, month, year) and a time such as 09:30");
            return null;
        }
        LocalTime at;
        try {
            at = LocalTime.of(Integer.parseInt(time.group(1)), Integer.parseInt(time.group(2)));
        } catch (DateTimeException e) {
            errors.put("collected", "The time the blood was taken must be a real time of day, such as 09:30");
            return null;
        }
        Instant collected = ZonedDateTime.of(day, at, LabTime.ZONE).toInstant();
        if (collected.isAfter(clock.instant().plusSeconds(300))) {
            errors.put("collected", "The blood cannot have been taken in the future: check the date and time");
            return null;
        }
        return collected;
    }

    /** A date typed as day, month and year, or null when it is not a real one. */
    static LocalDate date(String day, String month, String year) {
        try {
            int y = Integer.parseInt(year == null ? "" : year.strip());
            if (y < 1000) {
                return null;
            }
            return LocalDate.of(y, Integer.parseInt(month.strip()), Integer.parseInt(day.strip()));
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static void checkName(Map<String, String> errors, String field, String words, String value) {
        if (blankToNull(value) == null) {
            errors.put(field, "Enter the patient's " + words.toLowerCase());
        } else {
            check(errors, field, () -> FreeText.name(words, value));
        }
    }

    private static void check(Map<String, String> errors, String field, Runnable rule) {
        try {
            rule.run();
        } catch (LabRuleViolation broken) {
            errors.put(field, broken.getMessage());
        }
    }

    /** The field a refusal from the registry or order desk is about, when it is about one. */
    private static String fieldOf(String code, RuntimeException e) {
        if (e instanceof Conflict) {
            return "nhsNumber";
        }
        return switch (code) {
            case "invalid-postcode" -> "postcode";
            case "invalid-hospital-number" -> "hospitalNumber";
            case "invalid-nhs-number", "patient-mismatch", "patient-not-identified" -> "nhsNumber";
            case "invalid-date-of-birth" -> "dateOfBirth";
            case "collected-in-future" -> "collected";
            default -> null;
        };
    }

    /** The tests of this request asked for this patient before within their minimum retest interval (or the last hour). */
    private List<MinimumRetestInterval.Warning> earlyRepeats(UUID patientId, List<LabTest> tests) {
        List<LabOrder> before = orders.forPatient(patientId);
        Instant now = clock.instant();
        List<MinimumRetestInterval.Warning> warnings = new ArrayList<>();
        for (LabTest test : tests) {
            List<Instant> asked = before.stream().filter(o -> o.tests().contains(test.code())).map(LabOrder::placedAt).toList();
            MinimumRetestInterval.check(test, now, asked).ifPresent(warnings::add);
        }
        return warnings;
    }

    /** The patient's id: registered now, or (only with the right family name and date of birth) the one already registered. */
    private UUID patientOf(Actor actor, RequestForm form, LocalDate born) {
        Sex sex = Arrays.stream(Sex.values()).filter(v -> v.name().equals(form.sex())).findFirst().orElse(Sex.UNKNOWN);
        Registration registration = new Registration(form.nhsNumber().replaceAll("[\\s-]", ""),
                blankToNull(form.hospitalNumber()), form.familyName(), form.givenName(), born, sex, blankToNull(form.postcode()));
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
        return Priority.valueOf(form.priority());
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    /**
     * A barcode the lab's scanners read; its uniqueness is enforced when the order is placed. It starts with the lab's
     * accession prefix, so that a tube referred here from another PathGuard lab never reads as one of ours.
     */
    private String newBarcode() {
        return orders.accessionPrefix() + "W%010d".formatted(RANDOM.nextLong(10_000_000_000L));
    }

    private String page(Model model, RequestForm form, Map<String, String> errors, List<MinimumRetestInterval.Warning> warnings,
                        String error) {
        model.addAttribute("form", form);
        model.addAttribute("errors", errors);
        model.addAttribute("error", error);
        model.addAttribute("warnings", warnings);
        model.addAttribute("warned", warnings.stream().map(MinimumRetestInterval.Warning::testCode).toList());
        model.addAttribute("catalogue", catalogue.tests().stream().sorted(Comparator.comparing(LabTest::name)).toList());
        model.addAttribute("priorities", Priority.values());
        return "order-entry";
    }
}
