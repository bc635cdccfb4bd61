package org.pathguard.patient;

import org.junit.jupiter.api.Test;
import org.pathguard.lab.Conflict;
import org.pathguard.lab.LabRuleViolation;
import org.pathguard.lab.Sex;

import java.time.LocalDate;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The rules for correcting a record and merging two, without a database. */
class RecordChangesTest {

    private static final LocalDate TODAY = LocalDate.of(2026, 12, 7);
    private static final LocalDate BORN = LocalDate.of(1980, 2, 14);

    private static Patient patient(String nhs, LocalDate born, Sex sex) {
        return new Patient(UUID.randomUUID(), nhs, "H1234", "Okafor", "Grace", born, sex, "SE5 9RS", nhs.startsWith("999"));
    }

    private static RecordChanges.Correction correction(String nhs, String family, LocalDate born, Sex sex, String reason) {
        return new RecordChanges.Correction(nhs, family, null, born, sex, reason);
    }

    @Test
    void aCorrectionChangesOnlyWhatItNamesAndListsTheFieldsNotTheirValues() {
        Patient grace = patient("9434765919", BORN, Sex.FEMALE);
        RecordChanges.Corrected corrected = RecordChanges.correct(grace, null,
                correction(null, "Okafor-Smith", LocalDate.of(1980, 2, 15), null, "Mistyped at registration"), TODAY);
        assertThat(corrected.fields()).containsExactly("familyName", "dateOfBirth");
        assertThat(corrected.patient().familyName()).isEqualTo("Okafor-Smith");
        assertThat(corrected.patient().dateOfBirth()).isEqualTo(LocalDate.of(1980, 2, 15));
        assertThat(corrected.patient().nhsNumber()).isEqualTo("9434765919");
        assertThat(corrected.patient().sex()).isEqualTo(Sex.FEMALE);
        assertThat(corrected.patient().id()).isEqualTo(grace.id());
        assertThat(RecordChanges.correct(grace, null, correction("401 023 2137", null, null, Sex.MALE, "Wrong form"), TODAY).fields())
                .containsExactly("nhsNumber", "sex");
    }

    @Test
    void aCorrectionIsRefusedWithoutAReasonWhenItChangesNothingOnAMergedRecordOrAcrossTheTestRange() {
        Patient grace = patient("9434765919", BORN, Sex.FEMALE);
        assertThatThrownBy(() -> RecordChanges.correct(grace, null, correction(null, "Smith", null, null, " "), TODAY))
                .isInstanceOf(LabRuleViolation.class).hasMessageContaining("must say why in words");
        assertThatThrownBy(() -> RecordChanges.correct(grace, null, correction(null, "Okafor", BORN, Sex.FEMALE, "Checked against the form"), TODAY))
                .isInstanceOf(LabRuleViolation.class).hasMessageContaining("changes nothing");
        UUID survivor = UUID.randomUUID();
        assertThatThrownBy(() -> RecordChanges.correct(grace, survivor, correction(null, "Smith", null, null, "Checked against the form"), TODAY))
                .isInstanceOf(LabRuleViolation.class).hasMessageContaining("merged into patient " + survivor);
        assertThatThrownBy(() -> RecordChanges.correct(grace, null, correction("9990000018", null, null, null, "Checked against the form"), TODAY))
                .isInstanceOf(LabRuleViolation.class).hasMessageContaining("test range");
        assertThatThrownBy(() -> RecordChanges.correct(grace, null, correction("9434765918", null, null, null, "Checked against the form"), TODAY))
                .isInstanceOf(LabRuleViolation.class).extracting(e -> ((LabRuleViolation) e).code()).isEqualTo("invalid-nhs-number");
        assertThatThrownBy(() -> RecordChanges.correct(grace, null, correction(null, null, TODAY.plusDays(1), null, "Checked against the form"), TODAY))
                .isInstanceOf(LabRuleViolation.class).hasMessageContaining("in the past");
    }

    @Test
    void twoRecordsWithDifferentNhsNumbersMergeOnlyWhenTheReasonSaysWhichNumberWasWrong() {
        Patient duplicate = patient("9434765919", BORN, Sex.FEMALE);
        Patient survivor = patient("4010232137", BORN, Sex.UNKNOWN);
        assertThatThrownBy(() -> RecordChanges.merge(duplicate, null, survivor, null, null, "Same person"))
                .isInstanceOf(LabRuleViolation.class).hasMessageContaining("say which record's number is wrong");

        RecordChanges.Merge keepsItsOwn = RecordChanges.merge(duplicate, null, survivor, null,
                RecordChanges.NhsNumberInError.DUPLICATE, "Temporary number from A&E");
        assertThat(keepsItsOwn.survivorAfter()).as("the survivor's number was right: nothing about it changes").isNull();
        assertThat(keepsItsOwn.duplicateId()).isEqualTo(duplicate.id());
        assertThat(keepsItsOwn.survivorId()).isEqualTo(survivor.id());

        RecordChanges.Merge takesTheDuplicates = RecordChanges.merge(duplicate, null, survivor, null,
                RecordChanges.NhsNumberInError.SURVIVOR, "Survivor's number was a transcription error");
        assertThat(takesTheDuplicates.survivorAfter().patient().nhsNumber()).isEqualTo("9434765919");
        assertThat(takesTheDuplicates.survivorAfter().fields()).containsExactly("nhsNumber");
        assertThat(takesTheDuplicates.survivorAfter().patient().id()).isEqualTo(survivor.id());
    }

    @Test
    void recordsThatCouldBeTwoPeopleAreNeverMerged() {
        Patient duplicate = patient("9434765919", BORN, Sex.FEMALE);
        var wrong = RecordChanges.NhsNumberInError.DUPLICATE;
        assertThatThrownBy(() -> RecordChanges.merge(duplicate, null, patient("4010232137", BORN.plusDays(1), Sex.FEMALE), null, wrong, "Registered twice in the ED"))
                .isInstanceOf(LabRuleViolation.class).hasMessageContaining("different dates of birth");
        assertThatThrownBy(() -> RecordChanges.merge(duplicate, null, patient("4010232137", BORN, Sex.MALE), null, wrong, "Registered twice in the ED"))
                .isInstanceOf(LabRuleViolation.class).hasMessageContaining("different sexes");
        assertThatThrownBy(() -> RecordChanges.merge(duplicate, null, patient("9990000018", BORN, Sex.FEMALE), null, wrong, "Registered twice in the ED"))
                .isInstanceOf(LabRuleViolation.class).hasMessageContaining("test patient");
        assertThatThrownBy(() -> RecordChanges.merge(duplicate, null, duplicate, null, wrong, "Registered twice in the ED"))
                .isInstanceOf(LabRuleViolation.class).hasMessageContaining("not merged into itself");
        Patient survivor = patient("4010232137", BORN, Sex.FEMALE);
        assertThatThrownBy(() -> RecordChanges.merge(duplicate, UUID.randomUUID(), survivor, null, wrong, "Registered twice in the ED"))
                .isInstanceOf(Conflict.class).hasMessageContaining("already merged");
        UUID further = UUID.randomUUID();
        assertThatThrownBy(() -> RecordChanges.merge(duplicate, null, survivor, further, wrong, "Registered twice in the ED"))
                .isInstanceOf(LabRuleViolation.class).hasMessageContaining("merge into that record").hasMessageContaining(further.toString());
        assertThatThrownBy(() -> RecordChanges.merge(duplicate, null, survivor, null, wrong, ""))
                .isInstanceOf(LabRuleViolation.class).hasMessageContaining("must say why in words");
    }
}
