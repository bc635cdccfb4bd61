package org.pathguard.result;

import org.pathguard.access.Actor;
import org.pathguard.access.PatientReads;
import org.pathguard.eventlog.EventLog;
import org.pathguard.eventlog.NewEvent;
import org.pathguard.lab.Analyte;
import org.pathguard.lab.Catalogue;
import org.pathguard.lab.Conflict;
import org.pathguard.lab.Interpretation;
import org.pathguard.lab.LabRuleViolation;
import org.pathguard.lab.Priority;
import org.pathguard.patient.Patient;
import org.pathguard.patient.PatientRegistry;
import org.pathguard.specimen.SpecimenReception;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** The validation queue and what a scientist does with a held or reported result. */
@Service
public class Validation {

    private final EventLog log;
    private final JdbcClient db;
    private final Results results;
    private final Catalogue catalogue;
    private final PatientRegistry patients;
    private final SpecimenReception specimens;
    private final ApplicationEventPublisher notices;

    private final PatientReads reads;

    Validation(EventLog log, JdbcClient db, Results results, Catalogue catalogue, PatientRegistry patients,
               SpecimenReception specimens, ApplicationEventPublisher notices, PatientReads reads) {
        this.reads = reads;
        this.log = log;
        this.db = db;
        this.results = results;
        this.catalogue = catalogue;
        this.patients = patients;
        this.specimens = specimens;
        this.notices = notices;
    }

    /** A held result with what a scientist needs to decide: why it was held and the change from last time. */
    public record HeldResult(String accession, Priority priority, String analyteName, BigDecimal delta, LabResult result) {
    }

    /** Held results, critical first, then by clinical priority, then oldest first. */
    public List<HeldResult> queue(Actor actor, int limit) {
        record Held(UUID resultId, String accession, Priority priority, UUID patientId) {
        }
        List<Held> rows = db.sql("""
                        select r.id, o.accession, o.priority, o.patient_id from result r join lab_order o on o.id = r.order_id
                        where r.status = 'PRELIMINARY'
                        order by r.critical desc,
                                 case o.priority when 'CRITICAL' then 0 when 'URGENT' then 1 else 2 end,
                                 r.recorded_at, o.accession, r.analyte_code
                        limit ?""")
                .param(Math.clamp(limit, 1, 1000))
                .query((rs, n) -> new Held(rs.getObject(1, UUID.class), rs.getString(2), Priority.valueOf(rs.getString(3)),
                        rs.getObject(4, UUID.class)))
                .list();
        reads.patients(actor, rows.stream().map(Held::patientId).toList(), "validation-queue");
        List<HeldResult> held = new ArrayList<>();
        for (Held row : rows) {
            LabResult r = results.byId(row.resultId());
            Measurement m = r.measurement();
            BigDecimal delta = m.numeric() != null && m.previousValue() != null ? m.numeric().subtract(m.previousValue()) : null;
            held.add(new HeldResult(row.accession(), row.priority(), catalogue.analyte(r.analyteCode()).name(), delta, r));
        }
        return held;
    }

    public LabResult authorise(Actor actor, UUID resultId, String comment) {
        actor.require(Actor.Role.AUTHORISER);
        LabResult r = held(resultId);
        log.append(actor.logName(), NewEvent.of(r.orderId(), new ResultAuthorised(r.id(), r.orderId(), comment)));
        notices.publishEvent(new ResultsFinalised(r.orderId(), actor.logName(), false));
        return results.byId(resultId);
    }

    public LabResult reject(Actor actor, UUID resultId, String comment) {
        actor.require(Actor.Role.SCIENTIST, Actor.Role.AUTHORISER);
        if (comment == null || comment.isBlank()) {
            throw new LabRuleViolation("missing-field", "A rejection needs a comment saying why (it goes to the repeat request)");
        }
        LabResult r = held(resultId);
        log.append(actor.logName(), NewEvent.of(r.orderId(), new ResultRejected(r.id(), r.orderId(), comment)));
        return results.byId(resultId);
    }

    /** Corrects a reported result; the earlier value stays in the history and the report is re-issued. */
    public LabResult amend(Actor actor, UUID resultId, String value, String unit, String reason) {
        actor.require(Actor.Role.AUTHORISER);
        if (reason == null || reason.isBlank()) {
            throw new LabRuleViolation("missing-field", "An amendment needs a reason");
        }
        LabResult r = results.byId(resultId);
        if (r.status() != ResultStatus.FINAL && r.status() != ResultStatus.AMENDED) {
            throw new Conflict("Only a reported (final or amended) result can be amended; this one is " + r.status());
        }
        Analyte analyte = catalogue.analyte(r.analyteCode());
        ResultDesk.Value parsed = ResultDesk.parse(analyte, new ResultSubmission.Item(analyte.code(), value, unit, null));
        Interpretation interpretation = null;
        if (parsed.numeric() != null) {
            Patient patient = patients.get(r.patientId());
            interpretation = Interpretation.of(analyte, parsed.numeric(), patient.sex(),
                    ResultDesk.ageAtCollection(patient, specimens.byId(r.specimenId()).collectedAt()));
        }
        Measurement was = r.measurement();
        Measurement now = Measurement.of(parsed.text(), parsed.numeric(), analyte.unit(), interpretation,
                was.analyserFlags(), was.previousValue(), reason);
        boolean critical = interpretation != null && interpretation.critical();
        List<NewEvent> events = new ArrayList<>();
        events.add(NewEvent.of(r.orderId(), new ResultAmended(r.id(), r.orderId(), r.version() + 1, now, critical, reason)));
        if (critical) {
            events.add(NewEvent.of(r.orderId(), new CriticalAlertRaised(UUID.randomUUID(), r.id(), r.orderId())));
        }
        log.append(actor.logName(), events);
        notices.publishEvent(new ResultsFinalised(r.orderId(), actor.logName(), true));
        return results.byId(resultId);
    }

    private LabResult held(UUID resultId) {
        LabResult r = results.byId(resultId);
        if (r.status() != ResultStatus.PRELIMINARY) {
            throw new Conflict("Result " + resultId + " is not waiting for validation (it is " + r.status() + ")");
        }
        return r;
    }
}
