package org.pathguard.patient;

import org.pathguard.access.AccessAlertRaised;
import org.pathguard.access.Actor;
import org.pathguard.access.PatientReads;
import org.pathguard.crypto.FieldCipher;
import org.pathguard.eventlog.EventLog;
import org.pathguard.eventlog.NewEvent;
import org.pathguard.lab.Conflict;
import org.pathguard.lab.NhsNumber;
import org.pathguard.lab.LabTime;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Corrects a patient's demographics and merges a duplicate record into the surviving one: the lab manager's work
 * (it changes whose results are whose), each with a reason, an event and a notice to the privacy officer. Rules are
 * {@link RecordChanges}; the projection re-seals the record and re-computes its blind indexes.
 */
@Service
public class PatientRecords {

    private final EventLog log;
    private final JdbcClient db;
    private final FieldCipher cipher;
    private final PatientRegistry registry;
    private final PatientReads reads;

    PatientRecords(EventLog log, JdbcClient db, FieldCipher cipher, PatientRegistry registry, PatientReads reads) {
        this.log = log;
        this.db = db;
        this.cipher = cipher;
        this.registry = registry;
        this.reads = reads;
    }

    public Patient correct(Actor actor, UUID patientId, RecordChanges.Correction correction) {
        actor.require(Actor.Role.LAB_MANAGER);
        // Whether a record was merged names no one, so it is said before the read gate: the survivor is the one to correct.
        UUID mergedInto = registry.mergedInto(patientId).orElse(null);
        Patient current = registry.get(patientId);
        RecordChanges.refuseMerged(patientId, mergedInto);
        reads.patient(actor, patientId, "demographics correction");
        RecordChanges.Corrected corrected = RecordChanges.correct(current, null, correction, LocalDate.now(LabTime.ZONE));
        if (corrected.fields().contains("nhsNumber")) {
            refuseTaken(corrected.patient().nhsNumber());
        }
        append(actor, List.of(NewEvent.of(patientId, PatientCorrected.of(corrected)),
                notice(actor, "PATIENT_CORRECTED", actor.name() + " corrected " + String.join(", ", corrected.fields())
                        + " of patient " + patientId)));
        return registry.get(patientId);
    }

    /** Merges {@code duplicateId} into {@code survivorId}; returns the surviving record. */
    public Patient merge(Actor actor, UUID duplicateId, UUID survivorId, RecordChanges.NhsNumberInError nhsNumberInError,
                         String reason) {
        actor.require(Actor.Role.LAB_MANAGER);
        if (survivorId == null) {
            throw new org.pathguard.lab.LabRuleViolation("missing-field", "survivorId (the record that stays) is required");
        }
        Patient duplicate = registry.get(duplicateId);
        Patient survivor = registry.get(survivorId);
        UUID duplicateMergedInto = registry.mergedInto(duplicateId).orElse(null);
        UUID survivorMergedInto = registry.mergedInto(survivorId).orElse(null);
        if (duplicateMergedInto != null || survivorMergedInto != null) {
            // Judged before the read gate: a merged record has no lab work of its own left to read it by.
            RecordChanges.merge(duplicate, duplicateMergedInto, survivor, survivorMergedInto, nhsNumberInError, reason);
        }
        reads.patients(actor, List.of(duplicateId, survivorId), "patient merge");
        RecordChanges.Merge merge = RecordChanges.merge(duplicate, null, survivor, null, nhsNumberInError, reason);
        List<NewEvent> events = new ArrayList<>();
        events.add(NewEvent.of(duplicateId, new PatientsMerged(duplicateId, survivorId, merge.nhsNumberInError(), merge.reason())));
        if (merge.survivorAfter() != null) {
            // After the merge event has cleared the duplicate's number, which the survivor then takes.
            events.add(NewEvent.of(survivorId, PatientCorrected.of(merge.survivorAfter())));
        }
        events.add(notice(actor, "PATIENTS_MERGED", actor.name() + " merged patient " + duplicateId + " into patient " + survivorId
                + (merge.nhsNumberInError() == null ? "" : "; the " + merge.nhsNumberInError().name().toLowerCase()
                + "'s NHS number was wrong and is cleared") + ": its orders, specimens and results now belong to " + survivorId));
        append(actor, events);
        return registry.get(survivorId);
    }

    /**
     * Corrections and merges of a patient's record, and of the records merged into it (whose work it now holds), oldest
     * first.
     */
    public List<PatientChange> changes(Actor actor, UUID patientId) {
        return changes(actor, patientId, "record changes");
    }

    /**
     * As {@link #changes(Actor, UUID)}, read as part of {@code what}: the patient's record page shows them with the
     * results, and passes the read gate once for both (a break-glass reader is logged and alerted once per view).
     */
    public List<PatientChange> changes(Actor actor, UUID patientId, String what) {
        registry.get(patientId);
        reads.patient(actor, patientId, what);
        return db.sql("""
                        select * from patient_change
                        where patient_id = ? or patient_id in (select id from patient where merged_into = ?)
                        order by event_sequence, kind""").params(patientId, patientId)
                .query((rs, n) -> new PatientChange(rs.getObject("patient_id", UUID.class), PatientChange.Kind.valueOf(rs.getString("kind")),
                        rs.getObject("other_patient_id", UUID.class),
                        rs.getString("fields") == null ? List.of() : Arrays.asList(rs.getString("fields").split(",")),
                        new String(cipher.open(rs.getBytes("reason"), PatientProjection.changeReasonBinding(rs.getLong("event_sequence"),
                                rs.getObject("patient_id", UUID.class))), StandardCharsets.UTF_8),
                        rs.getString("changed_by"), rs.getTimestamp("changed_at").toInstant()))
                .list();
    }

    private void refuseTaken(String nhsNumber) {
        Optional<UUID> holder = registry.findIdByNhsNumber(new NhsNumber(nhsNumber));
        if (holder.isPresent()) {
            throw new Conflict("The corrected NHS number is another patient record's; if both records are this person, merge "
                    + "them (the record with the wrong number into the other); nothing was corrected");
        }
    }

    private void append(Actor actor, List<NewEvent> events) {
        try {
            log.append(actor.logName(), events);
        } catch (DuplicateKeyException race) {
            throw new Conflict("Another change to these records was recorded at the same moment; look at them again");
        }
    }

    /** The privacy officer hears of every change of whose record is whose, as of a change of where data flows. */
    private static NewEvent notice(Actor actor, String kind, String detail) {
        return NewEvent.of("access:" + actor.name(), new AccessAlertRaised(actor.name(), kind, detail));
    }
}
