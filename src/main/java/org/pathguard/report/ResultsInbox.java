package org.pathguard.report;

import org.pathguard.access.Actor;
import org.pathguard.access.PatientReads;
import org.pathguard.crypto.FieldCipher;
import org.pathguard.eventlog.EventLog;
import org.pathguard.eventlog.NewEvent;
import org.pathguard.lab.Conflict;
import org.pathguard.lab.Flag;
import org.pathguard.lab.NotFound;
import org.pathguard.lab.Priority;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * A practice's (or ward's) results inbox: the latest version of each report for its requests not yet
 * filed, critical first, then abnormal, then the rest, newest first; each filed by a named clinician
 * as an event. And the requests still waiting for a report. Everyone listed passes the read gate
 * before any report is decrypted.
 */
@Service
public class ResultsInbox {

    /** Enough for a morning's reports; a read of more patients at once would eat a GP's read budget. */
    public static final int SHOWN = 40;

    private final EventLog log;
    private final JdbcClient db;
    private final FieldCipher cipher;
    private final PatientReads reads;

    ResultsInbox(EventLog log, JdbcClient db, FieldCipher cipher, PatientReads reads) {
        this.log = log;
        this.db = db;
        this.cipher = cipher;
        this.reads = reads;
    }

    /** How a report reads at a glance: the worst flag in it. */
    public enum Urgency { CRITICAL, ABNORMAL, NORMAL }

    /** A report waiting to be filed; {@code newSinceLastVisit} when released after the reader last opened the inbox. */
    public record Entry(UUID orderId, String accession, UUID patientId, Priority priority, int version, boolean amended,
                        Instant releasedAt, Urgency urgency, List<Report.Line> abnormal, boolean newSinceLastVisit) {
    }

    /** A request not yet reported, and how far it has got. */
    public record Pending(String accession, UUID patientId, Priority priority, List<String> tests, Instant placedAt,
                          Instant collectedAt, Instant receivedAt) {
    }

    /** The reports to file, worst first; opening the inbox is remembered so the next visit knows what is new. */
    public List<Entry> unfiled(Actor actor, boolean visit) {
        String practice = practiceOf(actor);
        Instant lastVisit = db.sql("select seen_at from inbox_visit where principal = ?").param(actor.name())
                .query(Timestamp.class).optional().map(Timestamp::toInstant).orElse(null);
        record Row(UUID orderId, String accession, UUID patientId, Priority priority, int version, boolean amended, Instant releasedAt,
                   byte[] content) {
        }
        List<Row> rows = db.sql("""
                        select r.order_id, o.accession, o.patient_id, o.priority, r.version, r.amended, r.released_at, r.content
                        from report r join lab_order o on o.id = r.order_id
                        where o.requester_ods = ?
                          and r.version = (select max(x.version) from report x where x.order_id = r.order_id)
                          and not exists (select 1 from report_filing f where f.order_id = r.order_id and f.version = r.version)
                        order by r.released_at desc, o.accession limit ?""")
                .params(practice, SHOWN)
                .query((rs, n) -> new Row(rs.getObject(1, UUID.class), rs.getString(2), rs.getObject(3, UUID.class),
                        Priority.valueOf(rs.getString(4)), rs.getInt(5), rs.getBoolean(6), rs.getTimestamp(7).toInstant(), rs.getBytes(8)))
                .list();
        if (!rows.isEmpty()) {
            reads.patients(actor, new LinkedHashSet<>(rows.stream().map(Row::patientId).toList()), "results inbox");
        }
        if (visit) {
            log.append(actor.logName(), NewEvent.of("inbox:" + actor.name(), new InboxOpened(actor.name())));
        }
        List<Entry> entries = new ArrayList<>();
        for (Row r : rows) {
            Report.Content content = cipher.openJson(r.content(), ReportProjection.contentBinding(r.orderId(), r.version()), Report.Content.class);
            List<Report.Line> abnormal = content.lines().stream().filter(l -> l.flag() != null).toList();
            entries.add(new Entry(r.orderId(), r.accession(), r.patientId(), r.priority(), r.version(), r.amended(), r.releasedAt(),
                    urgency(abnormal), abnormal, lastVisit == null || r.releasedAt().isAfter(lastVisit)));
        }
        entries.sort(Comparator.comparing(Entry::urgency).thenComparing(Entry::releasedAt, Comparator.reverseOrder()));
        return entries;
    }

    static Urgency urgency(List<Report.Line> abnormal) {
        if (abnormal.stream().anyMatch(l -> l.flag() == Flag.HH || l.flag() == Flag.LL)) {
            return Urgency.CRITICAL;
        }
        return abnormal.isEmpty() ? Urgency.NORMAL : Urgency.ABNORMAL;
    }

    /** The practice's requests without a report yet, newest first. */
    public List<Pending> pending(Actor actor) {
        String practice = practiceOf(actor);
        List<Pending> pending = db.sql("""
                        select o.accession, o.patient_id, o.priority, o.placed_at,
                               (select array_agg(t.test_code order by t.test_code) from order_test t
                                where t.order_id = o.id and t.cancelled_at is null) tests,
                               (select min(s.collected_at) from specimen s where s.order_id = o.id) collected_at,
                               (select min(s.received_at) from specimen s where s.order_id = o.id) received_at
                        from lab_order o where o.requester_ods = ? and o.reported_at is null and o.cancelled_at is null
                        order by o.placed_at desc, o.accession limit ?""")
                .params(practice, SHOWN)
                .query((rs, n) -> new Pending(rs.getString(1), rs.getObject(2, UUID.class), Priority.valueOf(rs.getString(3)),
                        List.of((String[]) rs.getArray(5).getArray()), rs.getTimestamp(4).toInstant(),
                        Optional.ofNullable(rs.getTimestamp(6)).map(Timestamp::toInstant).orElse(null),
                        Optional.ofNullable(rs.getTimestamp(7)).map(Timestamp::toInstant).orElse(null)))
                .list();
        if (!pending.isEmpty()) {
            reads.patients(actor, new LinkedHashSet<>(pending.stream().map(Pending::patientId).toList()), "pending requests");
        }
        return pending;
    }

    /** Files (acknowledges) one version of a report: only the latest, only once, only for the clinician's own organisation. */
    public void file(Actor actor, UUID orderId, int version) {
        String practice = practiceOf(actor);
        // Another organisation's report is answered as if it did not exist.
        Integer latest = db.sql("""
                        select max(r.version) from report r join lab_order o on o.id = r.order_id
                        where r.order_id = ? and o.requester_ods = ?""")
                .params(orderId, practice).query(Integer.class).list().stream().filter(Objects::nonNull).findFirst()
                .orElseThrow(() -> new NotFound("No report for your organisation with id " + orderId));
        if (latest != version) {
            throw new Conflict("This report has been amended since you opened it: version " + latest + " is the one to read and file");
        }
        Optional<String> filedBy = db.sql("select filed_by from report_filing where order_id = ? and version = ?")
                .params(orderId, version).query(String.class).optional();
        if (filedBy.isPresent()) {
            throw new Conflict("This report was already filed by " + filedBy.get());
        }
        try {
            log.append(actor.logName(), NewEvent.of(orderId, new ReportFiled(orderId, version, practice, actor.name())));
        } catch (DuplicateKeyException race) {
            throw new Conflict("This report was filed by someone else a moment ago");
        }
    }

    private static String practiceOf(Actor actor) {
        actor.require(Actor.Role.REQUESTER);
        if (actor.organisation() == null) {
            throw new NotFound("Your account belongs to no practice or ward, so it has no results inbox");
        }
        return actor.organisation();
    }
}
