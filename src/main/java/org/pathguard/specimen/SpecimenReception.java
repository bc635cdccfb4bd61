package org.pathguard.specimen;

import org.pathguard.access.Actor;
import org.pathguard.eventlog.EventLog;
import org.pathguard.eventlog.NewEvent;
import org.pathguard.lab.Barcode;
import org.pathguard.lab.Catalogue;
import org.pathguard.lab.Conflict;
import org.pathguard.lab.LabRuleViolation;
import org.pathguard.lab.NotFound;
import org.pathguard.lab.Priority;
import org.pathguard.lab.RejectionReason;
import org.pathguard.lab.Stability;
import org.pathguard.lab.StatedTime;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.UUID;

/** Specimen reception: a scanned barcode is received into the lab or rejected with a coded reason. */
@Service
public class SpecimenReception {

    private final EventLog log;
    private final JdbcClient db;
    private final Catalogue catalogue;
    private final InstantSource clock;

    SpecimenReception(EventLog log, JdbcClient db, Catalogue catalogue, InstantSource clock) {
        this.log = log;
        this.db = db;
        this.catalogue = catalogue;
        this.clock = clock;
    }

    /**
     * The analytes this tube is for (its order's tests of its type, not cancelled) that are past their stability at
     * {@code at}. Reception still receives such a tube, so it is accounted for, and says a re-bleed is needed; a result
     * measured on it is held ({@code PAST_STABILITY}).
     */
    public List<Stability.Lapse> pastStability(Specimen specimen, Instant at) {
        List<String> tests = db.sql("select test_code from order_test where order_id = ? and cancelled_at is null order by test_code")
                .param(specimen.orderId()).query(String.class).list();
        return Stability.pastAt(catalogue, specimen.specimenType(), Stability.analytesOf(catalogue, tests, specimen.specimenType()),
                specimen.collectedAt(), at);
    }

    public Specimen receive(Actor actor, String barcode, Instant receivedAt) {
        actor.require(Actor.Role.SCIENTIST, Actor.Role.AUTHORISER, Actor.Role.LAB_MANAGER, Actor.Role.INTERFACE);
        Specimen specimen = byBarcode(barcode);
        requireCollected(specimen);
        Instant at = StatedTime.orNow(receivedAt, "received", clock.instant());
        if (at.isBefore(specimen.collectedAt())) {
            throw new LabRuleViolation("received-before-collected", "receivedAt is earlier than the specimen's collection time");
        }
        log.append(actor.logName(), NewEvent.of(specimen.orderId(), new SpecimenReceived(specimen.id(), specimen.orderId(), at)));
        return byBarcode(barcode);
    }

    public Specimen reject(Actor actor, String barcode, RejectionReason reason, String comment) {
        actor.require(Actor.Role.SCIENTIST, Actor.Role.AUTHORISER, Actor.Role.LAB_MANAGER);
        if (reason == null) {
            throw new LabRuleViolation("missing-reason", "Choose why the specimen is rejected: "
                    + RejectionReason.inWords());
        }
        Specimen specimen = byBarcode(barcode);
        requireCollected(specimen);
        log.append(actor.logName(), NewEvent.of(specimen.orderId(),
                new SpecimenRejected(specimen.id(), specimen.orderId(), reason, comment, clock.instant())));
        return byBarcode(barcode);
    }

    private static void requireCollected(Specimen specimen) {
        if (specimen.status() != Specimen.Status.COLLECTED) {
            throw new Conflict("Specimen " + specimen.barcode() + " is already " + specimen.status().name().toLowerCase());
        }
    }

    /** The specimen a scanned barcode names, in any case; the exact spelling wins should two differ only in case. */
    public Specimen byBarcode(String scanned) {
        String barcode = Barcode.scanned(scanned);
        return db.sql("select * from specimen where upper(barcode) = upper(?) order by barcode = ? desc limit 1")
                .param(barcode).param(barcode).query(SpecimenReception::specimen)
                .optional().orElseThrow(() -> new NotFound("No specimen with barcode " + barcode));
    }

    public Specimen byId(UUID specimenId) {
        return db.sql("select * from specimen where id = ?").param(specimenId).query(SpecimenReception::specimen)
                .optional().orElseThrow(() -> new NotFound("No specimen with id " + specimenId));
    }

    public List<Specimen> forOrder(UUID orderId) {
        return db.sql("select * from specimen where order_id = ? order by collected_at, barcode").param(orderId)
                .query(SpecimenReception::specimen).list();
    }

    /** A specimen collected and on its way to the lab: what reception expects to scan next. */
    public record Expected(String barcode, String accession, Priority priority, String specimenType, String container,
                           Instant collectedAt) {
    }

    /** Specimens collected but not yet received, most urgent and then longest on the way first. */
    public List<Expected> expected(int limit) {
        return db.sql("""
                        select s.barcode, o.accession, o.priority, s.specimen_type, s.container, s.collected_at
                        from specimen s join lab_order o on o.id = s.order_id
                        where s.status = 'COLLECTED' and o.cancelled_at is null
                        order by case o.priority when 'CRITICAL' then 0 when 'URGENT' then 1 else 2 end, s.collected_at, s.barcode
                        limit ?""")
                .param(Math.clamp(limit, 1, 500))
                .query((rs, n) -> new Expected(rs.getString(1), rs.getString(2), Priority.valueOf(rs.getString(3)),
                        rs.getString(4), rs.getString(5), rs.getTimestamp(6).toInstant()))
                .list();
    }

    private static Specimen specimen(ResultSet rs, int n) throws SQLException {
        Timestamp received = rs.getTimestamp("received_at");
        String reason = rs.getString("rejection_reason");
        return new Specimen(rs.getObject("id", UUID.class), rs.getString("barcode"), rs.getObject("order_id", UUID.class),
                rs.getString("specimen_type"), rs.getString("container"), rs.getTimestamp("collected_at").toInstant(),
                received == null ? null : received.toInstant(), Specimen.Status.valueOf(rs.getString("status")),
                reason == null ? null : RejectionReason.valueOf(reason));
    }
}
