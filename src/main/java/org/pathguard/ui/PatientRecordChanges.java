package org.pathguard.ui;

import jakarta.servlet.http.HttpServletResponse;
import org.pathguard.access.Actor;
import org.pathguard.access.PatientReads;
import org.pathguard.access.ReadRefused;
import org.pathguard.lab.Conflict;
import org.pathguard.lab.FreeText;
import org.pathguard.lab.LabRuleViolation;
import org.pathguard.lab.NhsNumber;
import org.pathguard.lab.Sex;
import org.pathguard.order.LabOrder;
import org.pathguard.order.OrderDesk;
import org.pathguard.patient.Patient;
import org.pathguard.patient.PatientChange;
import org.pathguard.patient.PatientRecords;
import org.pathguard.patient.PatientRegistry;
import org.pathguard.patient.PatientSearch;
import org.pathguard.patient.RecordChanges;
import org.pathguard.result.Results;
import org.pathguard.web.Refusal;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * The lab manager's corrections of a patient's record and merges of a duplicate into it (ADR 0033), on the screens.
 * A correction is one form, prefilled with the record as it reads. A merge is found, compared and confirmed in three
 * steps, each a POST so no number travels in an address: find the duplicate by NHS or hospital number (the patients
 * screen's search and read gate), compare the two records side by side and say which NHS number was wrong and why,
 * then read exactly what moves and what is cleared before anything is written. A refused form comes back as typed
 * with each problem beside its field, and nothing is written; only success returns to the record, with a notice.
 */
@Controller
class PatientRecordChanges {

    private final PatientRecords records;
    private final PatientRegistry patients;
    private final PatientSearch search;
    private final PatientReads reads;
    private final OrderDesk orders;
    private final Results results;

    PatientRecordChanges(PatientRecords records, PatientRegistry patients, PatientSearch search, PatientReads reads, OrderDesk orders,
                         Results results) {
        this.records = records;
        this.patients = patients;
        this.search = search;
        this.reads = reads;
        this.orders = orders;
        this.results = results;
    }

    /** The correction form, kept as typed: the date of birth is three boxes of text until it is checked. */
    record CorrectionForm(String nhsNumber, String familyName, String givenName, String bornDay, String bornMonth, String bornYear,
                          String sex, String reason) {

        static CorrectionForm of(Patient p) {
            LocalDate born = p.dateOfBirth();
            return new CorrectionForm(p.nhsNumber(), p.familyName(), p.givenName(), String.valueOf(born.getDayOfMonth()),
                    String.valueOf(born.getMonthValue()), String.valueOf(born.getYear()), p.sex().name(), null);
        }
    }

    /** The merge's choices, carried from step to step in the form (never in the address). */
    record MergeForm(UUID duplicate, String nhsNumberInError, String reason) {
    }

    /** One line of the side-by-side comparison; {@code differs} marks it for the eye and in words. */
    record Comparison(String label, String survivor, String duplicate, boolean differs) {
    }

    /** A request of the duplicate that moves to the surviving record, with its tests and how many results it holds. */
    record Moving(String accession, List<String> tests, int results) {
    }

    /** A line of the record's change history: what happened, to which record (when another), by whom, when and why. */
    record HistoryLine(Instant at, String by, String what, UUID record, String after, String reason) {
    }

    // ---- Correcting ----

    @GetMapping("/patients/{id}/correction")
    String correctionForm(Actor actor, @PathVariable UUID id, Model model) {
        Patient patient = correctable(actor, id);
        return correctionPage(model, patient, CorrectionForm.of(patient), Map.of(), null);
    }

    @PostMapping("/patients/{id}/correction")
    String correct(Actor actor, @PathVariable UUID id, @ModelAttribute CorrectionForm form, HttpServletResponse response, Model model,
                   RedirectAttributes redirect) {
        Patient patient = correctable(actor, id);
        Map<String, String> errors = new LinkedHashMap<>();
        RecordChanges.Correction correction = correction(form, errors);
        if (!errors.isEmpty()) {
            response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
            return correctionPage(model, patient, form, errors, null);
        }
        try {
            records.correct(actor, id, correction);
        } catch (RuntimeException e) {
            Refusal refusal = Screens.refusal(e, response);
            String field = correctionFieldOf(refusal, e);
            if (field == null) {
                return correctionPage(model, patient, form, errors, refusal.detail());
            }
            errors.put(field, refusal.detail());
            return correctionPage(model, patient, form, errors, null);
        }
        List<String> changed = changes(patient, correction);
        redirect.addFlashAttribute("notice", "Corrected " + String.join(", ", changed) + ". Results keep the values, flags and ranges they"
                + " were reported with; reports and screens show the record as corrected. The privacy officer has been told.");
        return "redirect:/patients/" + id;
    }

    /** The record to correct: a lab manager's, through the read gate, and not a merged record (its survivor is corrected). */
    private Patient correctable(Actor actor, UUID id) {
        return unmerged(actor, id, "demographics correction");
    }

    /** A record a lab manager may change, read through the gate for {@code what}: not itself merged into another. */
    private Patient unmerged(Actor actor, UUID id, String what) {
        actor.require(Actor.Role.LAB_MANAGER);
        RecordChanges.refuseMerged(id, patients.mergedInto(id).orElse(null));
        reads.patient(actor, id, what);
        return patients.get(id);
    }

    /** The correction the form asks for, or null with every problem beside its field; the record's own rules follow in the service. */
    private static RecordChanges.Correction correction(CorrectionForm form, Map<String, String> errors) {
        String nhs = null;
        if (blank(form.nhsNumber())) {
            errors.put("nhsNumber", "Enter the patient's NHS number");
        } else {
            try {
                nhs = NhsNumber.parse(form.nhsNumber().replaceAll("[\\s-]", "")).value();
            } catch (LabRuleViolation wrong) {
                errors.put("nhsNumber", wrong.getMessage());
            }
        }
        String family = name(errors, "familyName", "Family name", form.familyName());
        String given = name(errors, "givenName", "Given name", form.givenName());
        LocalDate born = OrderEntry.date(form.bornDay(), form.bornMonth(), form.bornYear());
        if (born == null) {
            errors.put("dateOfBirth", "Date of birth must be a real date, for example 14 3 1968");
        }
        Sex sex = Arrays.stream(Sex.values()).filter(s -> s.name().equals(form.sex())).findFirst().orElse(null);
        if (sex == null) {
            errors.put("sex", "Choose the patient's sex, or 'Not known'");
        }
        String reason = reason(form.reason(), errors);
        return errors.isEmpty() ? new RecordChanges.Correction(nhs, family, given, born, sex, reason) : null;
    }

    /** A refusal of the correction beside the field it is about; null when it is about the whole correction. */
    private static String correctionFieldOf(Refusal refusal, RuntimeException e) {
        String detail = refusal.detail() == null ? "" : refusal.detail();
        if (e instanceof Conflict) {
            return detail.startsWith("The corrected NHS number") ? "nhsNumber" : null;
        }
        return switch (refusal.code()) {
            case "invalid-nhs-number", "test-patient" -> "nhsNumber";
            case "invalid-date-of-birth" -> "dateOfBirth";
            case "invalid-name" -> detail.startsWith("givenName") || detail.startsWith("Given") ? "givenName" : "familyName";
            case "missing-field", "text-too-long", "invalid-character" -> "reason";
            default -> null;
        };
    }

    /** The fields the correction changes, in words, for the notice (the service has judged that something does). */
    private static List<String> changes(Patient before, RecordChanges.Correction c) {
        List<String> changed = new ArrayList<>();
        if (!Objects.equals(before.nhsNumber(), c.nhsNumber())) {
            changed.add("NHS number");
        }
        if (!Objects.equals(before.familyName(), c.familyName())) {
            changed.add("family name");
        }
        if (!Objects.equals(before.givenName(), c.givenName())) {
            changed.add("given name");
        }
        if (!Objects.equals(before.dateOfBirth(), c.dateOfBirth())) {
            changed.add("date of birth");
        }
        if (before.sex() != c.sex()) {
            changed.add("sex");
        }
        return changed;
    }

    private String correctionPage(Model model, Patient patient, CorrectionForm form, Map<String, String> errors, String error) {
        model.addAttribute("patient", patient);
        model.addAttribute("form", form);
        model.addAttribute("errors", errors);
        model.addAttribute("error", error);
        return "patient-correction";
    }

    // ---- Merging ----

    /** Step 1: find the duplicate. */
    @GetMapping("/patients/{id}/merge")
    String mergeStart(Actor actor, @PathVariable UUID id, Model model) {
        Patient survivor = survivor(actor, id);
        return findPage(model, survivor, null, null);
    }

    /** Step 2: the duplicate found by an exact number, beside this record. */
    @PostMapping("/patients/{id}/merge/duplicate")
    String findDuplicate(Actor actor, @PathVariable UUID id, @RequestParam(defaultValue = "") String number, HttpServletResponse response,
                         Model model) {
        Patient survivor = survivor(actor, id);
        String digits = number.replaceAll("[\\s-]", "");
        String problem;
        try {
            if (number.isBlank()) {
                problem = "Enter the duplicate record's NHS number or hospital number";
            } else {
                List<Patient> found = digits.matches("\\d{10}") ? search.find(actor, digits, null) : search.find(actor, null, number);
                List<Patient> others = found.stream().filter(p -> !p.id().equals(id)).toList();
                if (others.size() == 1) {
                    return comparePage(model, survivor, others.getFirst(), new MergeForm(others.getFirst().id(), null, null), Map.of(), null);
                }
                problem = others.size() > 1 ? "Several records have that hospital number: search by the duplicate's NHS number"
                        : !found.isEmpty() ? "That number is this record's own: enter the duplicate's number"
                        : "No other patient with that number that you may see";
            }
        } catch (LabRuleViolation | ReadRefused refused) {
            problem = refused.getMessage();
        }
        response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
        return findPage(model, survivor, number, problem);
    }

    /** Step 3: the choices checked against the merge rules, then exactly what will move and what is cleared, to confirm. */
    @PostMapping("/patients/{id}/merge/check")
    String checkMerge(Actor actor, @PathVariable UUID id, @ModelAttribute MergeForm form, @RequestParam(required = false) String change,
                      HttpServletResponse response, Model model) {
        Patient survivor = survivor(actor, id);
        Patient duplicate = duplicate(actor, form, survivor);
        if (change != null) {
            return comparePage(model, survivor, duplicate, form, Map.of(), null);
        }
        Map<String, String> errors = new LinkedHashMap<>();
        RecordChanges.NhsNumberInError inError = judged(survivor, duplicate, form, errors);
        if (!errors.isEmpty()) {
            response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
            return comparePage(model, survivor, duplicate, form, errors, null);
        }
        try {
            // The service's own rules, judged on the records as they read now; nothing is written here.
            RecordChanges.merge(duplicate, patients.mergedInto(duplicate.id()).orElse(null), survivor, null, inError, form.reason());
        } catch (LabRuleViolation | Conflict refused) {
            return comparePage(model, survivor, duplicate, form, errors, Screens.refusal(refused, response).detail());
        }
        model.addAttribute("survivor", survivor);
        model.addAttribute("duplicate", duplicate);
        model.addAttribute("form", form);
        model.addAttribute("moving", moving(duplicate.id()));
        model.addAttribute("cleared", cleared(survivor, duplicate, inError));
        return "patient-merge-confirm";
    }

    /** Step 4: merged, and back to the surviving record with what happened. */
    @PostMapping("/patients/{id}/merge")
    String merge(Actor actor, @PathVariable UUID id, @ModelAttribute MergeForm form, HttpServletResponse response, Model model,
                 RedirectAttributes redirect) {
        Patient survivor = survivor(actor, id);
        Patient duplicate = duplicate(actor, form, survivor);
        Map<String, String> errors = new LinkedHashMap<>();
        RecordChanges.NhsNumberInError inError = judged(survivor, duplicate, form, errors);
        if (!errors.isEmpty()) {
            response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
            return comparePage(model, survivor, duplicate, form, errors, null);
        }
        List<Moving> moving = moving(duplicate.id());
        try {
            records.merge(actor, duplicate.id(), id, inError, form.reason());
        } catch (RuntimeException e) {
            return comparePage(model, survivor, duplicate, form, errors, Screens.refusal(e, response).detail());
        }
        int movedResults = moving.stream().mapToInt(Moving::results).sum();
        redirect.addFlashAttribute("notice", "Merged record " + duplicate.id() + " into this one: its " + moving.size()
                + (moving.size() == 1 ? " request" : " requests") + " and " + movedResults + (movedResults == 1 ? " result are" : " results are")
                + " now this patient's. " + String.join(" ", cleared(survivor, duplicate, inError)) + " The privacy officer has been told.");
        return "redirect:/patients/" + id;
    }

    /** The record that stays: a lab manager's, through the read gate, and not itself merged. */
    private Patient survivor(Actor actor, UUID id) {
        return unmerged(actor, id, "patient merge");
    }

    /** The duplicate named by the form, read through the gate again at each step. */
    private Patient duplicate(Actor actor, MergeForm form, Patient survivor) {
        if (form.duplicate() == null || form.duplicate().equals(survivor.id())) {
            throw new LabRuleViolation("same-patient", "Find the duplicate record first: start the merge again from the record");
        }
        reads.patient(actor, form.duplicate(), "patient merge");
        return patients.get(form.duplicate());
    }

    /** Which NHS number was wrong (asked only when the two differ) and the reason, each beside its field when missing. */
    private static RecordChanges.NhsNumberInError judged(Patient survivor, Patient duplicate, MergeForm form, Map<String, String> errors) {
        RecordChanges.NhsNumberInError inError = Arrays.stream(RecordChanges.NhsNumberInError.values())
                .filter(v -> v.name().equals(form.nhsNumberInError())).findFirst().orElse(null);
        boolean twoNumbers = !Objects.equals(survivor.nhsNumber(), duplicate.nhsNumber());
        if (twoNumbers && inError == null) {
            errors.put("nhsNumberInError", "Say which NHS number is wrong: it is cleared, and the record keeps the right one");
        }
        reason(form.reason(), errors);
        return twoNumbers ? inError : null;
    }

    /** The duplicate's requests, each with its tests and results: what moves to the surviving record. */
    private List<Moving> moving(UUID duplicateId) {
        return orders.forPatient(duplicateId).stream().map((LabOrder o) -> new Moving(o.accession(), o.tests(), results.forOrder(o.id()).size()))
                .toList();
    }

    /** What the merge clears, in the lab's words. */
    private static List<String> cleared(Patient survivor, Patient duplicate, RecordChanges.NhsNumberInError inError) {
        List<String> cleared = new ArrayList<>();
        if (inError == RecordChanges.NhsNumberInError.DUPLICATE) {
            cleared.add("The duplicate's NHS number " + duplicate.nhsNumber() + " is cleared and finds no record; this record keeps "
                    + survivor.nhsNumber() + ".");
        } else if (inError == RecordChanges.NhsNumberInError.SURVIVOR) {
            cleared.add("This record's NHS number " + survivor.nhsNumber() + " is cleared and finds no record; this record takes the "
                    + "duplicate's " + duplicate.nhsNumber() + ".");
        }
        if (duplicate.hospitalNumber() != null) {
            cleared.add("The duplicate's hospital number " + duplicate.hospitalNumber() + " is cleared, not carried over.");
        }
        cleared.add("The duplicate takes no new requests: they are refused, naming this record.");
        return cleared;
    }

    private String findPage(Model model, Patient survivor, String number, String numberError) {
        model.addAttribute("survivor", survivor);
        model.addAttribute("number", number);
        model.addAttribute("numberError", numberError);
        return "patient-merge";
    }

    private String comparePage(Model model, Patient survivor, Patient duplicate, MergeForm form, Map<String, String> errors, String error) {
        model.addAttribute("survivor", survivor);
        model.addAttribute("duplicate", duplicate);
        model.addAttribute("form", form);
        model.addAttribute("errors", errors);
        model.addAttribute("error", error);
        model.addAttribute("twoNumbers", !Objects.equals(survivor.nhsNumber(), duplicate.nhsNumber()));
        model.addAttribute("comparison", List.of(
                line("NHS number", survivor.nhsNumber(), duplicate.nhsNumber()),
                line("Hospital number", survivor.hospitalNumber(), duplicate.hospitalNumber()),
                line("Family name", survivor.familyName(), duplicate.familyName()),
                line("Given name", survivor.givenName(), duplicate.givenName()),
                line("Date of birth", LondonTime.date(survivor.dateOfBirth()), LondonTime.date(duplicate.dateOfBirth())),
                line("Sex", Wording.of(survivor.sex()), Wording.of(duplicate.sex())),
                line("Postcode", survivor.postcode(), duplicate.postcode())));
        model.addAttribute("moving", moving(duplicate.id()));
        return "patient-merge-compare";
    }

    private static Comparison line(String label, String survivor, String duplicate) {
        return new Comparison(label, survivor == null ? "none" : survivor, duplicate == null ? "none" : duplicate,
                !Objects.equals(survivor, duplicate));
    }

    // ---- The record's history ----

    /**
     * The record's corrections and merges as lines to read, oldest first. A merged-in record's own "merged into" line is left
     * out: this record's "merged in" line says it.
     */
    static List<HistoryLine> history(UUID id, List<PatientChange> changes) {
        List<HistoryLine> lines = new ArrayList<>();
        for (PatientChange c : changes) {
            boolean here = c.patientId().equals(id);
            String by = who(c.changedBy());
            HistoryLine line = switch (c.kind()) {
                case CORRECTED -> here ? new HistoryLine(c.changedAt(), by, "Corrected " + fields(c.fields()), null, "", c.reason())
                        : new HistoryLine(c.changedAt(), by, "Corrected " + fields(c.fields()) + " on", c.patientId(),
                        "before it was merged into this record", c.reason());
                case MERGED_FROM -> new HistoryLine(c.changedAt(), by, "Merged in the duplicate", c.otherPatientId(),
                        "with its requests and results", c.reason());
                case MERGED_INTO -> here ? new HistoryLine(c.changedAt(), by, "Merged into", c.otherPatientId(),
                        "(the same person)", c.reason()) : null;
            };
            if (line != null) {
                lines.add(line);
            }
        }
        return lines;
    }

    /** The event's actor ("name/ROLE") as "name (lab manager)". */
    private static String who(String logName) {
        int slash = logName.lastIndexOf('/');
        String role = slash < 0 ? "" : logName.substring(slash + 1);
        return Arrays.stream(Actor.Role.values()).filter(r -> r.name().equals(role)).findFirst()
                .map(r -> logName.substring(0, slash) + " (" + Wording.of(r).toLowerCase(Locale.ROOT) + ")").orElse(logName);
    }

    private static String fields(List<String> fields) {
        return String.join(", ", fields.stream().map(f -> switch (f) {
            case "nhsNumber" -> "NHS number";
            case "familyName" -> "family name";
            case "givenName" -> "given name";
            case "dateOfBirth" -> "date of birth";
            default -> f.toLowerCase(Locale.ROOT);
        }).toList());
    }

    // ---- Shared checks ----

    private static String name(Map<String, String> errors, String field, String words, String value) {
        if (blank(value)) {
            errors.put(field, "Enter the patient's " + words.toLowerCase(Locale.ROOT));
            return null;
        }
        try {
            return FreeText.name(words, value);
        } catch (LabRuleViolation wrong) {
            errors.put(field, wrong.getMessage());
            return null;
        }
    }

    private static String reason(String reason, Map<String, String> errors) {
        if (blank(reason)) {
            errors.put("reason", "Say why, in words: for example, date of birth mistyped at registration, checked against the request form");
            return null;
        }
        try {
            return FreeText.line("The reason", reason);
        } catch (LabRuleViolation wrong) {
            errors.put("reason", wrong.getMessage());
            return null;
        }
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
