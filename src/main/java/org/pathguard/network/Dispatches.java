package org.pathguard.network;

import org.pathguard.access.Actor;
import org.pathguard.access.PatientReads;
import org.pathguard.eventlog.EventLog;
import org.pathguard.eventlog.NewEvent;
import org.pathguard.lab.Catalogue;
import org.pathguard.lab.Conflict;
import org.pathguard.lab.LabRuleViolation;
import org.pathguard.lab.NotFound;
import org.pathguard.lab.Sex;
import org.pathguard.order.LabOrder;
import org.pathguard.order.OrderDesk;
import org.pathguard.patient.Patient;
import org.pathguard.patient.PatientRegistry;
import org.pathguard.specimen.Specimen;
import org.pathguard.specimen.SpecimenReception;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.UUID;

/**
 * Boxes of specimens for a partner: the referrals the partner accepted (SENT) are packed into one dispatch and
 * become DISPATCHED; the manifest lists each tube by our barcode, which the partner scans at its reception.
 */
@Service
public class Dispatches {

    private static final int LARGEST_BOX = 200;

    private final EventLog log;
    private final JdbcClient db;
    private final Referrals referrals;
    private final Agreements agreements;
    private final OrderDesk orders;
    private final SpecimenReception specimens;
    private final PatientRegistry patients;
    private final PatientReads reads;
    private final Catalogue catalogue;

    Dispatches(EventLog log, JdbcClient db, Referrals referrals, Agreements agreements, OrderDesk orders,
               SpecimenReception specimens, PatientRegistry patients, PatientReads reads, Catalogue catalogue) {
        this.log = log;
        this.db = db;
        this.referrals = referrals;
        this.agreements = agreements;
        this.orders = orders;
        this.specimens = specimens;
        this.patients = patients;
        this.reads = reads;
        this.catalogue = catalogue;
    }

    /** A packed box: which partner, who packed it and when, and the referrals in it. */
    public record Dispatch(UUID id, String partnerOds, String packedBy, Instant packedAt, List<UUID> referralIds) {
    }

    /**
     * The printable manifest: one line per tube. The patient is identified as the partner's reception checks a
     * specimen (NHS number, family name, date of birth) and no further; it is for paper, never for a log.
     */
    public record Manifest(Dispatch dispatch, String partnerName, List<Line> lines) {
    }

    public record Line(UUID referralId, String barcode, String accession, String testCode, String partnerTestCode,
                       String specimenType, Instant collectedAt, String nhsNumber, String familyName, LocalDate dateOfBirth,
                       Sex sex) {
    }

    /** Packs the specimens of these referrals (all SENT, all to {@code partnerOds}) into one box. */
    public Dispatch pack(Actor actor, String partnerOds, List<UUID> referralIds) {
        actor.require(Actor.Role.SCIENTIST, Actor.Role.LAB_MANAGER);
        if (referralIds == null || referralIds.isEmpty() || referralIds.stream().anyMatch(java.util.Objects::isNull)) {
            throw new LabRuleViolation("missing-field", "A dispatch lists the referrals whose specimens are in the box (referrals)");
        }
        List<UUID> ids = List.copyOf(new LinkedHashSet<>(referralIds));
        if (ids.size() > LARGEST_BOX) {
            throw new LabRuleViolation("box-too-large", "A box holds at most " + LARGEST_BOX + " referrals; pack another box");
        }
        Agreement agreement = agreements.find(partnerOds).orElseThrow(() -> new LabRuleViolation("no-agreement",
                "There is no mutual-aid agreement in force with " + partnerOds));
        UUID dispatchId = UUID.randomUUID();
        List<NewEvent> events = new ArrayList<>();
        events.add(NewEvent.of("dispatch:" + dispatchId, new SpecimensDispatched(dispatchId, agreement.odsCode(), ids)));
        for (UUID id : ids) {
            Referral r = referrals.byId(id);
            if (!r.partnerOds().equals(agreement.odsCode())) {
                throw new LabRuleViolation("wrong-partner", "Referral " + r.placerNumber() + " goes to " + r.partnerOds()
                        + ", not " + agreement.odsCode() + "; a box goes to one partner");
            }
            if (r.state() != ReferralState.SENT) {
                throw new Conflict("Referral " + r.placerNumber() + " is " + r.state()
                        + "; only referrals the partner accepted (SENT) and not yet dispatched go in a box");
            }
            events.add(NewEvent.of("referral:" + id, new ReferralStateChanged(id, ReferralState.SENT, ReferralState.DISPATCHED,
                    null, null, dispatchId)));
        }
        log.append(actor.logName(), events);
        return dispatch(dispatchId);
    }

    public Dispatch dispatch(Actor actor, UUID id) {
        actor.require(Referrals.READERS);
        return dispatch(id);
    }

    /** Dispatches to a partner (or all), newest first. */
    public List<Dispatch> dispatches(Actor actor, String partnerOds) {
        actor.require(Referrals.READERS);
        return db.sql("select id from referral_dispatch where (cast(? as text) is null or partner_ods = ?) order by packed_at desc limit 200")
                .params(partnerOds, partnerOds).query(UUID.class).list().stream().map(this::dispatch).toList();
    }

    /** The manifest; reading it is reading those patients, so it goes through the read gate and is counted. */
    public Manifest manifest(Actor actor, UUID id) {
        actor.require(Referrals.READERS);
        Dispatch dispatch = dispatch(id);
        List<Referral> inBox = dispatch.referralIds().stream().map(referrals::byId).toList();
        List<LabOrder> ordersInBox = inBox.stream().map(r -> orders.byId(r.orderId())).toList();
        reads.patients(actor, ordersInBox.stream().map(LabOrder::patientId).distinct().toList(), "referral dispatch manifest");
        Agreement agreement = agreements.find(dispatch.partnerOds()).orElse(null);
        List<Line> lines = new ArrayList<>();
        for (int i = 0; i < inBox.size(); i++) {
            Referral r = inBox.get(i);
            LabOrder order = ordersInBox.get(i);
            Patient patient = patients.get(order.patientId());
            String type = catalogue.test(r.testCode()).specimenType();
            String partnerCode = agreement == null ? null : agreement.test(r.testCode()).map(Agreement.ReferredTest::partnerCode).orElse(null);
            for (Specimen s : specimens.forOrder(order.id())) {
                if (s.specimenType().equals(type) && s.status() != Specimen.Status.REJECTED) {
                    lines.add(new Line(r.id(), s.barcode(), r.accession(), r.testCode(), partnerCode, s.specimenType(), s.collectedAt(),
                            patient.nhsNumber(), patient.familyName(), patient.dateOfBirth(), patient.sex()));
                }
            }
        }
        return new Manifest(dispatch, agreement == null ? dispatch.partnerOds() : agreement.name(), lines);
    }

    private Dispatch dispatch(UUID id) {
        Dispatch box = db.sql("select * from referral_dispatch where id = ?").param(id)
                .query((rs, n) -> new Dispatch(id, rs.getString("partner_ods"), rs.getString("packed_by"),
                        rs.getTimestamp("packed_at").toInstant(), List.of()))
                .optional().orElseThrow(() -> new NotFound("No dispatch with id " + id));
        List<UUID> inBox = db.sql("select id from referral where dispatch_id = ? order by accession, test_code").param(id)
                .query(UUID.class).list();
        return new Dispatch(id, box.partnerOds(), box.packedBy(), box.packedAt(), inBox);
    }
}
