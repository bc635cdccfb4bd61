package org.pathguard.patient;

import org.pathguard.lab.Conflict;
import org.pathguard.lab.FreeText;
import org.pathguard.lab.LabRuleViolation;
import org.pathguard.lab.NhsNumber;
import org.pathguard.lab.Sex;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * What may be corrected in a patient's record, and which two records may be merged as one person: plain rules,
 * judged before anything is written. A wrong merge files one person's results under another, so a merge is refused
 * whenever the two records could be two people: birth dates or known sexes that differ, a test patient with a real
 * one, or two NHS numbers without saying which one was wrong.
 */
public final class RecordChanges {

    private RecordChanges() {
    }

    /** Which record's NHS number was wrong when two records of one person are merged; that number is cleared. */
    public enum NhsNumberInError {
        /** The duplicate's number was wrong: the surviving record keeps its own. */
        DUPLICATE,
        /** The surviving record's number was wrong: it takes the duplicate's. */
        SURVIVOR
    }

    /** A correction asked for; a null field is left as it is. */
    public record Correction(String nhsNumber, String familyName, String givenName, LocalDate dateOfBirth, Sex sex,
                             String reason) {
    }

    /** The record as corrected, the names of the fields that changed (never their values) and why. */
    public record Corrected(Patient patient, List<String> fields, String reason) {
    }

    /** A merge judged possible: the duplicate's work goes to the survivor, which ends as {@code survivorAfter}. */
    public record Merge(UUID duplicateId, UUID survivorId, NhsNumberInError nhsNumberInError, String reason,
                        Corrected survivorAfter) {
    }

    /**
     * The record corrected as asked. {@code mergedInto} is the record this one was merged into, or null: a merged
     * record is history and is not corrected (the survivor is).
     */
    public static Corrected correct(Patient current, UUID mergedInto, Correction c, LocalDate today) {
        refuseMerged(current.id(), mergedInto);
        String reason = reason(c.reason());
        String nhs = current.nhsNumber();
        if (c.nhsNumber() != null && !c.nhsNumber().isBlank()) {
            NhsNumber corrected = NhsNumber.parse(c.nhsNumber());
            if (corrected.isTestRange() != current.testPatient()) {
                throw new LabRuleViolation("test-patient", "An NHS number is not corrected between the test range (999...) "
                        + "and a real number: a test patient and a real person are never the same record");
            }
            nhs = corrected.value();
        }
        String family = c.familyName() == null ? current.familyName() : FreeText.name("familyName", c.familyName());
        String given = c.givenName() == null ? current.givenName() : FreeText.name("givenName", c.givenName());
        LocalDate born = c.dateOfBirth() == null ? current.dateOfBirth() : c.dateOfBirth();
        if (born.isAfter(today) || born.isBefore(LocalDate.of(1880, 1, 1))) {
            throw new LabRuleViolation("invalid-date-of-birth", "dateOfBirth must be in the past and after 1880");
        }
        Sex sex = c.sex() == null ? current.sex() : c.sex();
        List<String> fields = new ArrayList<>();
        changed(fields, "nhsNumber", current.nhsNumber(), nhs);
        changed(fields, "familyName", current.familyName(), family);
        changed(fields, "givenName", current.givenName(), given);
        changed(fields, "dateOfBirth", current.dateOfBirth(), born);
        changed(fields, "sex", current.sex(), sex);
        if (fields.isEmpty()) {
            throw new LabRuleViolation("nothing-to-correct", "The correction changes nothing: give the field(s) that were wrong "
                    + "(nhsNumber, familyName, givenName, dateOfBirth, sex) with their right values");
        }
        return new Corrected(new Patient(current.id(), nhs, current.hospitalNumber(), family, given, born, sex,
                current.postcode(), current.testPatient()), List.copyOf(fields), reason);
    }

    /**
     * Judges merging {@code duplicate} into {@code survivor}; each {@code *MergedInto} is the record it was merged into
     * already, or null.
     */
    public static Merge merge(Patient duplicate, UUID duplicateMergedInto, Patient survivor, UUID survivorMergedInto,
                              NhsNumberInError nhsNumberInError, String reason) {
        if (duplicate.id().equals(survivor.id())) {
            throw new LabRuleViolation("same-patient", "A record is not merged into itself: name the surviving record's id");
        }
        if (duplicateMergedInto != null) {
            throw new Conflict("Patient " + duplicate.id() + " was already merged into patient " + duplicateMergedInto);
        }
        if (survivorMergedInto != null) {
            throw new LabRuleViolation("patient-merged", "Patient " + survivor.id() + " was itself merged into patient "
                    + survivorMergedInto + "; merge into that record");
        }
        String why = reason(reason);
        if (duplicate.testPatient() != survivor.testPatient()) {
            throw new LabRuleViolation("test-patient", "A test patient and a real patient are never the same person; "
                    + "nothing was merged");
        }
        if (!duplicate.dateOfBirth().equals(survivor.dateOfBirth())) {
            throw new LabRuleViolation("different-person", "The two records have different dates of birth, so they may be two "
                    + "people: correct the record whose date of birth is wrong first, then merge; nothing was merged");
        }
        if (duplicate.sex() != survivor.sex() && duplicate.sex() != Sex.UNKNOWN && survivor.sex() != Sex.UNKNOWN) {
            throw new LabRuleViolation("different-person", "The two records have different sexes, so they may be two people: "
                    + "correct the record whose sex is wrong first, then merge; nothing was merged");
        }
        Corrected survivorAfter = null;
        if (!Objects.equals(duplicate.nhsNumber(), survivor.nhsNumber())) {
            if (nhsNumberInError == null) {
                throw new LabRuleViolation("nhs-number-in-error", "The two records have different NHS numbers: say which "
                        + "record's number is wrong (nhsNumberInError DUPLICATE or SURVIVOR), and the reason why; the wrong "
                        + "number is cleared. Nothing was merged");
            }
            if (nhsNumberInError == NhsNumberInError.SURVIVOR) {
                survivorAfter = new Corrected(new Patient(survivor.id(), duplicate.nhsNumber(), survivor.hospitalNumber(),
                        survivor.familyName(), survivor.givenName(), survivor.dateOfBirth(), survivor.sex(), survivor.postcode(),
                        survivor.testPatient()), List.of("nhsNumber"), why);
            }
        }
        return new Merge(duplicate.id(), survivor.id(), nhsNumberInError, why, survivorAfter);
    }

    /** A merged record is history: new work and corrections go to the record it was merged into. */
    public static void refuseMerged(UUID id, UUID mergedInto) {
        if (mergedInto != null) {
            throw new LabRuleViolation("patient-merged", "Patient " + id + " was merged into patient " + mergedInto
                    + " (the same person); correct that record");
        }
    }

    private static String reason(String reason) {
        return FreeText.reason("The reason", reason, "date of birth mistyped at registration, checked against the request form");
    }

    private static void changed(List<String> fields, String name, Object before, Object after) {
        if (!Objects.equals(before, after)) {
            fields.add(name);
        }
    }
}
