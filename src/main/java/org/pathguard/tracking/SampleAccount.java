package org.pathguard.tracking;

import org.pathguard.access.Actor;
import org.pathguard.access.ForbiddenAction;
import org.pathguard.access.PatientReads;
import org.pathguard.eventlog.EventLog;
import org.pathguard.eventlog.NewEvent;
import org.pathguard.export.Exports;
import org.pathguard.incident.Incident;
import org.pathguard.incident.Incidents;
import org.pathguard.export.Fingerprint;
import org.pathguard.lab.Catalogue;
import org.pathguard.lab.LabRuleViolation;
import org.pathguard.lab.LabTime;
import org.pathguard.lab.OdsCode;
import org.pathguard.lab.Priority;
import org.pathguard.lab.RejectionReason;
import org.pathguard.lab.Stability;
import org.pathguard.patient.Patient;
import org.pathguard.patient.PatientRegistry;
import org.pathguard.result.ThisLab;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.InstantSource;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Every sample accounted for: for one requester and a period, its orders and each tube's state now (awaiting specimen,
 * received, in progress, reported, referred, done elsewhere, rejected, cancelled, or needs re-bleed), with the patient's
 * name, NHS number and date of birth so the lab or the practice can phone. A requester sees its own organisation's
 * orders only; lab staff their lab's, one requester at a time. The patients pass the read gate before anything is
 * decrypted, all or none: lab staff within their budget; a practice's own list as its own sample list (only patients it
 * sent samples for, beyond the browsing budget, a download noticed to the privacy officer); a refused ask is kept in the log.
 */
@Service
public class SampleAccount {

    /** A list longer than this is refused with a narrower period asked for: no one phones from a longer one. */
    static final int MOST_ORDERS = 1000;
    static final int LONGEST_PERIOD_DAYS = 92;

    private final JdbcClient db;
    private final EventLog log;
    private final PatientReads reads;
    private final PatientRegistry patients;
    private final Catalogue catalogue;
    private final ThisLab lab;
    private final InstantSource clock;
    private final Incidents incidents;

    SampleAccount(JdbcClient db, EventLog log, PatientReads reads, PatientRegistry patients, Catalogue catalogue, ThisLab lab,
                  InstantSource clock, Incidents incidents) {
        this.incidents = incidents;
        this.db = db;
        this.log = log;
        this.reads = reads;
        this.patients = patients;
        this.catalogue = catalogue;
        this.lab = lab;
        this.clock = clock;
    }

    /** A requester's account for the UK days {@code from} to {@code to}, both included: orders placed then, and those still outstanding from before. */
    public record Account(String requesterOds, LocalDate from, LocalDate to, String basis, Instant at, Map<TubeState, Integer> tubes,
                          List<OrderLine> orders) {
    }

    public record OrderLine(String accession, String placerOrderNumber, Priority priority, Instant placedAt, String clinician,
                            PatientLine patient, List<TubeLine> tubes) {
    }

    public record PatientLine(String nhsNumber, String familyName, String givenName, LocalDate dateOfBirth) {
    }

    /** One tube: its state now and, in words, what the state is about (why rejected, referred where, re-bleed for what). */
    public record TubeLine(String barcode, String specimenType, Instant collectedAt, TubeState state, String stateWords,
                           String detail) {
    }

    /** UK days, both included, and in words why these (the incident they are, or the days asked for). */
    public record Days(LocalDate from, LocalDate to, String basis) {
    }

    /**
     * The days an account covers: those asked for; when none are, the incident in force (from the day it was declared
     * to today), else the latest incident (declared to closed), else the week to today.
     */
    public Days defaulted(LocalDate from, LocalDate to) {
        LocalDate today = LocalDate.ofInstant(clock.instant(), LabTime.ZONE);
        if (from == null && to == null) {
            Optional<Incident> incident = incidents.inForce().or(() -> incidents.history().stream().findFirst());
            if (incident.isPresent()) {
                Incident i = incident.get();
                LocalDate declared = LocalDate.ofInstant(i.declaredAt(), LabTime.ZONE);
                LocalDate last = i.closedAt() == null ? today : LocalDate.ofInstant(i.closedAt(), LabTime.ZONE);
                return new Days(declared, last.isBefore(declared) ? declared : last,
                        // Its summary is free text the incident cell wrote for the lab, not for requesters: the days say which it is.
                        (i.closedAt() == null ? "the incident in force, declared " : "the latest incident, declared ") + declared);
            }
        }
        LocalDate last = to == null ? (from == null ? today : from.plusDays(6)) : to;
        return new Days(from == null ? last.minusDays(6) : from, last, from == null && to == null ? "the week to today" : "the days asked for");
    }

    /** A requester with orders in the period, for lab staff to pick: no patient data. */
    public record Requester(String ods, int orders) {
    }

    /** The requesters with orders in the account's days (placed then, or still outstanding from before), most first. Lab staff only. */
    public List<Requester> requesters(Actor actor, Days days) {
        actor.require(Actor.Role.SCIENTIST, Actor.Role.AUTHORISER, Actor.Role.LAB_MANAGER);
        requireThisLab(actor, "the requesters list");
        Instant[] period = period(days.from(), days.to());
        return db.sql("""
                        select requester_ods, count(*) from lab_order where """ + IN_THE_ACCOUNT + """
                        group by requester_ods order by count(*) desc, requester_ods""")
                .params(inTheAccount(period))
                .query((rs, n) -> new Requester(rs.getString(1), rs.getInt(2))).list();
    }

    /** The account of {@code requesterOds} (a requester's own when null and the reader is one). */
    public Account account(Actor actor, String requesterOds, Days days) {
        String ods = whose(actor, requesterOds);
        Instant[] period = period(days.from(), days.to());
        List<OrderRow> orders = orders(ods, period);
        List<UUID> listed = orders.stream().map(OrderRow::patientId).distinct().toList();
        if (actor.role() == Actor.Role.REQUESTER) {
            reads.ownSampleList(actor, listed, "sample-account:" + ods, false);
        } else {
            reads.patients(actor, listed, "sample-account:" + ods);
        }
        return build(ods, days, orders);
    }

    /** The requester's own account as CSV, fingerprinted and registered; a requester only, for its own organisation. */
    public Csv csv(Actor actor, Days days) {
        actor.require(Actor.Role.REQUESTER);
        String ods = whose(actor, null);
        LocalDate from = days.from();
        LocalDate to = days.to();
        Instant[] period = period(from, to);
        List<OrderRow> orders = orders(ods, period);
        List<UUID> inFile = orders.stream().map(OrderRow::patientId).distinct().toList();
        reads.ownSampleList(actor, inFile, "sample-account-csv:" + ods, true);
        Account account = build(ods, days, orders);
        String fingerprint = Fingerprint.next();
        String mark = Fingerprint.invisible(fingerprint);
        StringBuilder s = new StringBuilder(Exports.cell("# PathGuard sample account of " + ods + " for " + from + " to " + to
                + " fingerprint " + fingerprint + " for " + actor.logName() + " made " + account.at()
                + ". CONFIDENTIAL: registered, traceable, do not forward.")).append('\n');
        s.append("accession,placer_order_number,priority,placed_at,nhs_number,family_name,given_name,date_of_birth,"
                + "barcode,specimen_type,collected_at,state,detail\n");
        int rows = 0;
        for (OrderLine o : account.orders()) {
            for (TubeLine t : o.tubes()) {
                List<String> cells = List.of(o.accession(), nullToEmpty(o.placerOrderNumber()), o.priority().name(), o.placedAt().toString(),
                        o.patient().nhsNumber(), o.patient().familyName(), o.patient().givenName(), o.patient().dateOfBirth().toString(),
                        t.barcode(), t.specimenType(), t.collectedAt().toString(), t.stateWords(), t.detail());
                s.append(cells.stream().map(Exports::cell).collect(Collectors.joining(","))).append(mark).append('\n');
                rows++;
            }
        }
        byte[] content = s.toString().getBytes(StandardCharsets.UTF_8);
        log.append(actor.logName(), NewEvent.of("sample-account:" + ods, new SampleListDownloaded(actor.name(), ods, from, to,
                fingerprint, sha256(content), inFile, rows)));
        return new Csv("pathguard-samples-" + ods + "-" + from + "-to-" + to + ".csv", content);
    }

    public record Csv(String name, byte[] content) {
    }

    /** Whose account the reader may have: a requester its own organisation's; lab staff of this lab any requester's. */
    private String whose(Actor actor, String requesterOds) {
        actor.require(Actor.Role.REQUESTER, Actor.Role.SCIENTIST, Actor.Role.AUTHORISER, Actor.Role.LAB_MANAGER);
        if (actor.role() == Actor.Role.REQUESTER) {
            if (actor.organisation() == null) {
                throw refused(actor, String.valueOf(requesterOds), "Your account names no organisation, so it has no sample list");
            }
            if (requesterOds != null && !requesterOds.isBlank() && !requesterOds.strip().equalsIgnoreCase(actor.organisation())) {
                throw refused(actor, requesterOds.strip(), "A requester sees only its own organisation's samples (" + actor.organisation()
                        + "); this ask is recorded");
            }
            return actor.organisation();
        }
        requireThisLab(actor, "a sample account");
        if (requesterOds == null || requesterOds.isBlank()) {
            throw new LabRuleViolation("missing-requester", "Choose the requester (its ODS code) whose samples to account for");
        }
        return OdsCode.parse(requesterOds).value();
    }

    private void requireThisLab(Actor actor, String what) {
        if (!lab.identity().odsCode().equals(actor.organisation())) {
            throw refused(actor, what, "Only this laboratory's staff (" + lab.identity().odsCode() + ") see " + what);
        }
    }

    private ForbiddenAction refused(Actor actor, String askedFor, String reason) {
        log.append(actor.logName(), NewEvent.of("access:" + actor.name(), new SampleAccountRefused(actor.name(), actor.role(),
                actor.organisation(), askedFor, reason)));
        return new ForbiddenAction(reason);
    }

    /** The period's first and last UK days as instants [start, end); refused, nothing read, when it makes no sense. */
    private static Instant[] period(LocalDate from, LocalDate to) {
        if (from == null || to == null || to.isBefore(from)) {
            throw new LabRuleViolation("invalid-period", "from and to (YYYY-MM-DD, from not after to) are required");
        }
        if (ChronoUnit.DAYS.between(from, to) >= LONGEST_PERIOD_DAYS) {
            throw new LabRuleViolation("invalid-period", "A sample account covers at most " + LONGEST_PERIOD_DAYS + " days");
        }
        return new Instant[]{from.atStartOfDay(LabTime.ZONE).toInstant(), to.plusDays(1).atStartOfDay(LabTime.ZONE).toInstant()};
    }

    private record OrderRow(UUID id, String accession, String placerOrderNumber, Priority priority, Instant placedAt, String clinician,
                            UUID patientId, boolean cancelled, String doneElsewhereBy) {
    }

    private record TubeRow(UUID id, UUID orderId, String barcode, String specimenType, Instant collectedAt, String status,
                           String rejectionReason) {
    }

    private record ResultRow(UUID specimenId, String analyte, String status, String holdReasons) {
    }

    private record ReferralRow(UUID orderId, String test, String partnerOds, String partnerName) {
    }

    /**
     * The orders an account holds: those placed in its days, and those placed up to {@link #LONGEST_PERIOD_DAYS} before
     * still not reported (nor cancelled) when its days began: the tubes already in the lab when an incident struck are
     * the ones nobody could say were held in 2024.
     */
    private static final String IN_THE_ACCOUNT = """
            (placed_at >= ? and placed_at < ?
             or placed_at >= ? and placed_at < ? and cancelled_at is null and (reported_at is null or reported_at >= ?))""";

    private static List<Timestamp> inTheAccount(Instant[] period) {
        Timestamp start = Timestamp.from(period[0]);
        return List.of(start, Timestamp.from(period[1]), Timestamp.from(period[0].minus(LONGEST_PERIOD_DAYS, ChronoUnit.DAYS)), start,
                start);
    }

    /** Which orders, known without decrypting anything (the read gate comes next). */
    private List<OrderRow> orders(String ods, Instant[] period) {
        List<OrderRow> orders = db.sql("""
                        select id, accession, placer_order_number, priority, placed_at, clinician, patient_id,
                               cancelled_at is not null, performed_elsewhere
                        from lab_order where requester_ods = ? and """ + IN_THE_ACCOUNT + """
                        order by placed_at, accession limit ?""")
                .param(ods).params(inTheAccount(period)).param(MOST_ORDERS + 1)
                .query((rs, n) -> new OrderRow(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), Priority.valueOf(rs.getString(4)),
                        rs.getTimestamp(5).toInstant(), rs.getString(6), rs.getObject(7, UUID.class), rs.getBoolean(8), rs.getString(9)))
                .list();
        if (orders.size() > MOST_ORDERS) {
            throw new LabRuleViolation("too-many-orders", ods + " has more than " + MOST_ORDERS
                    + " orders in this period; choose fewer days");
        }
        return orders;
    }

    private Account build(String ods, Days days, List<OrderRow> orders) {
        Instant now = clock.instant();
        UUID[] ids = orders.stream().map(OrderRow::id).toArray(UUID[]::new);
        Map<UUID, List<String>> liveTests = new HashMap<>();
        Map<UUID, List<String>> allTests = new HashMap<>();
        db.sql("select order_id, test_code, cancelled_at is not null from order_test where order_id = any(?) order by test_code")
                .param(ids).query(rs -> {
                    UUID order = rs.getObject(1, UUID.class);
                    allTests.computeIfAbsent(order, o -> new ArrayList<>()).add(rs.getString(2));
                    if (!rs.getBoolean(3)) {
                        liveTests.computeIfAbsent(order, o -> new ArrayList<>()).add(rs.getString(2));
                    }
                });
        Map<UUID, List<TubeRow>> tubes = new HashMap<>();
        db.sql("""
                        select id, order_id, barcode, specimen_type, collected_at, status, rejection_reason
                        from specimen where order_id = any(?) order by collected_at, barcode""")
                .param(ids).query((rs, n) -> new TubeRow(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3),
                        rs.getString(4), rs.getTimestamp(5).toInstant(), rs.getString(6), rs.getString(7)))
                .list().forEach(t -> tubes.computeIfAbsent(t.orderId(), o -> new ArrayList<>()).add(t));
        Map<UUID, List<ResultRow>> results = new HashMap<>();
        db.sql("select specimen_id, analyte_code, status, hold_reasons from result where order_id = any(?)")
                .param(ids).query((rs, n) -> new ResultRow(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getString(4)))
                .list().forEach(r -> results.computeIfAbsent(r.specimenId(), s -> new ArrayList<>()).add(r));
        Map<UUID, List<ReferralRow>> referrals = new HashMap<>();
        db.sql("""
                        select r.order_id, r.test_code, r.partner_ods, a.name from referral r
                        left join partner_agreement a on a.ods_code = r.partner_ods
                        where r.order_id = any(?) and r.state not in ('CANCELLED', 'REFUSED')""")
                .param(ids).query((rs, n) -> new ReferralRow(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getString(4)))
                .list().forEach(r -> referrals.computeIfAbsent(r.orderId(), o -> new ArrayList<>()).add(r));

        Map<UUID, Patient> people = new HashMap<>();
        Map<TubeState, Integer> counts = new EnumMap<>(TubeState.class);
        List<OrderLine> lines = new ArrayList<>();
        for (OrderRow o : orders) {
            Patient p = people.computeIfAbsent(o.patientId(), patients::get);
            List<ReferralRow> referred = referrals.getOrDefault(o.id(), List.of());
            List<TubeLine> tubeLines = new ArrayList<>();
            for (TubeRow t : tubes.getOrDefault(o.id(), List.of())) {
                TubeLine line = tube(o, t, liveTests.getOrDefault(o.id(), List.of()), allTests.getOrDefault(o.id(), List.of()),
                        referred, results.getOrDefault(t.id(), List.of()), now);
                counts.merge(line.state(), 1, Integer::sum);
                tubeLines.add(line);
            }
            lines.add(new OrderLine(o.accession(), o.placerOrderNumber(), o.priority(), o.placedAt(), o.clinician(),
                    new PatientLine(p.nhsNumber(), p.familyName(), p.givenName(), p.dateOfBirth()), tubeLines));
        }
        return new Account(ods, days.from(), days.to(), days.basis(), now, counts, lines);
    }

    private TubeLine tube(OrderRow order, TubeRow t, List<String> liveTests, List<String> allTests, List<ReferralRow> referred,
                          List<ResultRow> results, Instant now) {
        Set<String> referredTests = referred.stream().map(ReferralRow::test).collect(Collectors.toSet());
        List<String> local = liveTests.stream().filter(c -> !referredTests.contains(c)).toList();
        Set<String> analytes = Stability.analytesOf(catalogue, local, t.specimenType());
        Map<String, String> partners = new LinkedHashMap<>();
        referred.stream().filter(r -> liveTests.contains(r.test()) && catalogue.test(r.test()).specimenType().equals(t.specimenType()))
                .forEach(r -> partners.put(r.partnerOds(), r.partnerName() == null ? r.partnerOds() : r.partnerName() + " (" + r.partnerOds() + ")"));
        Set<String> released = results.stream().filter(r -> r.status().equals("FINAL") || r.status().equals("AMENDED"))
                .map(ResultRow::analyte).collect(Collectors.toSet());
        Set<String> measured = results.stream().filter(r -> !r.status().equals("REJECTED"))
                .filter(r -> r.holdReasons() == null || !List.of(r.holdReasons().split(",")).contains("PAST_STABILITY")
                        || !r.status().equals("PRELIMINARY"))
                .map(ResultRow::analyte).collect(Collectors.toSet());
        Set<String> past = Stability.pastAt(catalogue, t.specimenType(), analytes, t.collectedAt(), now).stream()
                .map(Stability.Lapse::analyte).collect(Collectors.toSet());
        boolean tubeCancelled = order.cancelled() || !Stability.analytesOf(catalogue, allTests, t.specimenType()).isEmpty()
                && Stability.analytesOf(catalogue, liveTests, t.specimenType()).isEmpty();
        TubeFacts.Arrival arrival = switch (t.status()) {
            case "RECEIVED" -> TubeFacts.Arrival.RECEIVED;
            case "REJECTED" -> TubeFacts.Arrival.REJECTED;
            case "ELSEWHERE" -> TubeFacts.Arrival.ELSEWHERE;
            default -> TubeFacts.Arrival.ON_ITS_WAY;
        };
        TubeFacts.Judged judged = new TubeFacts(arrival, tubeCancelled, order.doneElsewhereBy(), analytes, partners.keySet(),
                released, measured, past).judge();
        String detail = switch (judged.state()) {
            case REJECTED -> t.rejectionReason() == null ? "" : words(RejectionReason.valueOf(t.rejectionReason()));
            case DONE_ELSEWHERE -> "by " + order.doneElsewhereBy();
            case NEEDS_REBLEED -> "past its stability for " + Stability.words(Stability.pastAt(catalogue, t.specimenType(),
                    judged.rebleedFor(), t.collectedAt(), now));
            default -> partners.isEmpty() ? "" : (judged.state() == TubeState.REFERRED ? "to " : "some tests referred to ")
                    + String.join(", ", partners.values());
        };
        return new TubeLine(t.barcode(), t.specimenType(), t.collectedAt(), judged.state(), judged.state().words(), detail);
    }

    private static String words(RejectionReason reason) {
        String w = reason.name().toLowerCase(Locale.ROOT).replace('_', ' ');
        return Character.toUpperCase(w.charAt(0)) + w.substring(1);
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    private static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
