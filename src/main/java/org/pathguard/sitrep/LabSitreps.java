package org.pathguard.sitrep;

import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

import org.pathguard.access.Actor;
import org.pathguard.access.ForbiddenAction;
import org.pathguard.incident.Incident;
import org.pathguard.incident.Incidents;
import org.pathguard.lab.Catalogue;
import org.pathguard.lab.LabTest;
import org.pathguard.lab.LabTime;
import org.pathguard.lab.Priority;
import org.pathguard.lab.RequesterSetting;
import org.pathguard.result.CriticalResults;
import org.pathguard.result.ThisLab;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The lab's own sitrep, counted from its projections with one set-based query per figure (never order by order), so
 * a week of a network-sized lab is a handful of index range scans. Every figure follows the definitions of ADR 0039;
 * the method lines say them in words. Orders done elsewhere while the lab was down are not in it (the router counts
 * them). Deferred work is not known at a lab: the router held it.
 */
@Service
@ConditionalOnProperty(name = "pathguard.mode", havingValue = "lab", matchIfMissing = true)
public class LabSitreps implements SitrepSource {

    /** No patient data is in a sitrep: lab staff and the auditor may ask; requesters and machines may not. */
    static final Actor.Role[] MAY_ASK = {Actor.Role.SCIENTIST, Actor.Role.AUTHORISER, Actor.Role.LAB_MANAGER, Actor.Role.AUDITOR};

    private static final String UK_DAY = "at time zone 'Europe/London')::date";

    private final JdbcClient db;
    private final InstantSource clock;
    private final ThisLab thisLab;
    private final Catalogue catalogue;
    private final CriticalResults criticals;
    private final Incidents incidents;
    private final TransactionTemplate snapshot;

    LabSitreps(JdbcClient db, InstantSource clock, ThisLab thisLab, Catalogue catalogue, CriticalResults criticals,
               Incidents incidents, PlatformTransactionManager transactions) {
        this.db = db;
        // Every figure from one snapshot of the projections, so the tables agree with each other while work goes on.
        this.snapshot = new TransactionTemplate(transactions);
        snapshot.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
        snapshot.setReadOnly(true);
        this.clock = clock;
        this.thisLab = thisLab;
        this.catalogue = catalogue;
        this.criticals = criticals;
        this.incidents = incidents;
    }

    @Override
    public List<Sitrep.Subject> subjects(Actor actor) {
        actor.require(MAY_ASK);
        return List.of(subject());
    }

    @Override
    public Sitrep make(Actor actor, Sitrep.Subject subject, SitrepPeriod period) {
        return make(actor, subject, period, clock.instant());
    }

    /** As made at {@code now}: the test makes today's sitrep as it will stand at the day's end. */
    Sitrep make(Actor actor, Sitrep.Subject subject, SitrepPeriod period, Instant now) {
        actor.require(MAY_ASK);
        if (subject != null && !subject().ods().equalsIgnoreCase(subject.ods())) {
            throw new ForbiddenAction("This laboratory's sitrep is about " + subject().ods() + " only; ask the network router for "
                    + subject.ods());
        }
        period.requireBegun(now);
        // A period still running is counted as things stand now, not as they will be at its end.
        Instant asOf = period.end().isAfter(now) ? now : period.end();
        Incident incident = incidents.overlapping(period.start(), period.end()).orElse(null);
        Map<Sitrep.Section, String> method = methods(incident);
        return snapshot.execute(tx -> new Sitrep(subject(), period, now, incident, activity(period, asOf), referredOut(period, asOf),
                capacity(period, asOf, incident), turnaround(period, asOf), backlog(period, asOf), referredByAge(asOf),
                criticals(period, asOf), incident == null ? List.of() : incidents.figures(incident.id(), period.firstDay(), period.lastDay()),
                method));
    }

    private Sitrep.Subject subject() {
        return new Sitrep.Subject(Sitrep.Subject.Kind.LAB, thisLab.identity().odsCode(), thisLab.identity().name());
    }

    // --- Activity -----------------------------------------------------------------------------------------------

    private record Key(LocalDate day, Priority priority, RequesterSetting setting) {
    }

    private static final Comparator<Key> KEY_ORDER = Comparator.comparing(Key::day).thenComparing(Key::priority)
            .thenComparing(Key::setting, Comparator.nullsLast(Comparator.naturalOrder()));

    /** Counts per day, priority and setting; each query returns (day, priority, setting, n). */
    private List<Activity> activity(SitrepPeriod period, Instant asOf) {
        Map<Key, int[]> counts = new TreeMap<>(KEY_ORDER);
        add(counts, 0, REQUESTED, period, asOf);
        add(counts, 1, PERFORMED, period, asOf);
        add(counts, 2, REFERRED, period, asOf);
        add(counts, 3, REJECTED, period, asOf);
        return counts.entrySet().stream().map(e -> new Activity(e.getKey().day(), e.getKey().priority(), e.getKey().setting(),
                e.getValue()[0], e.getValue()[1], e.getValue()[2], null, e.getValue()[3])).toList();
    }

    private void add(Map<Key, int[]> counts, int column, String sql, SitrepPeriod period, Instant asOf) {
        statement(sql, period, asOf).query((ResultSet rs) -> {
            Key key = new Key(rs.getDate("day").toLocalDate(), Priority.valueOf(rs.getString("priority")), setting(rs.getString("setting")));
            counts.computeIfAbsent(key, k -> new int[4])[column] += rs.getInt("n");
        });
    }

    private JdbcClient.StatementSpec statement(String sql, SitrepPeriod period, Instant asOf) {
        return db.sql(sql).param("start", Timestamp.from(period.start())).param("end", Timestamp.from(asOf))
                .param("codes", testCodes()).param("types", testSpecimenTypes());
    }

    /** The order's priority and its requester's setting now, for orders this lab does (not done elsewhere). */
    private static final String BY = """
            select (%s %s as day, o.priority, c.setting, count(*) as n from %s
            join lab_order o on o.id = t.order_id and o.performed_elsewhere is null
            left join requester_contact c on c.requester_ods = o.requester_ods
            group by 1, 2, 3""";

    private static String by(String when, String rows) {
        return BY.formatted(when, UK_DAY, rows);
    }

    private static final String REQUESTED = by("t.at", """
            (select t.order_id, o.placed_at as at from lab_order o join order_test t on t.order_id = o.id and t.added_at is null
              where o.placed_at >= :start and o.placed_at < :end
             union all
             select t.order_id, t.added_at from order_test t where t.added_at >= :start and t.added_at < :end) t""");

    /** A test's first result recorded here (any analyte, no performing partner), as the result projection keeps it. */
    private static final String PERFORMED = by("t.performed_at", """
            (select order_id, performed_at from order_test where performed_at >= :start and performed_at < :end) t""");

    private static final String REFERRED = by("t.at", """
            (select r.order_id, r.requested_at as at from referral r where r.requested_at >= :start and r.requested_at < :end) t""");

    /** Tests on the type of a tube rejected that day, and tests cancelled that day: each test once a day. */
    private static final String REJECTED = by("t.at", """
            (select distinct on (order_id, test_code, (at %s) order_id, test_code, at from (
               select t.order_id, t.test_code, s.rejected_at as at
                 from specimen s join order_test t on t.order_id = s.order_id
                 join unnest(cast(:codes as text[]), cast(:types as text[])) as k(code, type)
                      on k.code = t.test_code and k.type = s.specimen_type
                where s.rejected_at >= :start and s.rejected_at < :end
               union all
               select t.order_id, t.test_code, t.cancelled_at from order_test t where t.cancelled_at >= :start and t.cancelled_at < :end
             ) r order by order_id, test_code, (at %s, at) t""".formatted(UK_DAY, UK_DAY));

    private String[] testCodes() {
        return catalogue.tests().stream().map(LabTest::code).toArray(String[]::new);
    }

    private String[] testSpecimenTypes() {
        return catalogue.tests().stream().map(LabTest::specimenType).toArray(String[]::new);
    }

    private List<ReferredOut> referredOut(SitrepPeriod period, Instant asOf) {
        return db.sql("""
                        select (r.requested_at %s as day, r.partner_ods, a.name, count(*) as n
                        from referral r join lab_order o on o.id = r.order_id and o.performed_elsewhere is null
                        left join partner_agreement a on a.ods_code = r.partner_ods
                        where r.requested_at >= :start and r.requested_at < :end
                        group by 1, 2, 3 order by 1, 2""".formatted(UK_DAY))
                .param("start", Timestamp.from(period.start())).param("end", Timestamp.from(asOf))
                .query((rs, n) -> new ReferredOut(rs.getDate("day").toLocalDate(), rs.getString("partner_ods"), rs.getString("name"),
                        rs.getInt("n"))).list();
    }

    // --- Capacity -------------------------------------------------------------------------------------------------

    private List<CapacityDay> capacity(SitrepPeriod period, Instant asOf, Incident incident) {
        LocalDate base = incident == null ? period.firstDay() : incident.declaredAt().atZone(LabTime.ZONE).toLocalDate();
        SitrepPeriod baseline = new SitrepPeriod(SitrepPeriod.Length.WEEK, base.minusDays(28));
        Map<LocalDate, Integer> before = performedPerDay(baseline.start(), base.atStartOfDay(LabTime.ZONE).toInstant());
        Map<LocalDate, Integer> during = performedPerDay(period.start(), asOf);
        List<CapacityDay> days = new ArrayList<>();
        for (LocalDate day : period.days()) {
            if (day.atStartOfDay(LabTime.ZONE).toInstant().isAfter(asOf)) {
                break;
            }
            days.add(CapacityDay.of(day, during.getOrDefault(day, 0), base, before));
        }
        return days;
    }



    private Map<LocalDate, Integer> performedPerDay(Instant from, Instant until) {
        Map<LocalDate, Integer> perDay = new HashMap<>();
        db.sql(PERFORMED).param("start", Timestamp.from(from)).param("end", Timestamp.from(until))
                .query((ResultSet rs) -> {
                    perDay.merge(rs.getDate("day").toLocalDate(), rs.getInt("n"), Integer::sum);
                });
        return perDay;
    }

    // --- Turnaround -----------------------------------------------------------------------------------------------

    private List<TurnaroundFigure> turnaround(SitrepPeriod period, Instant asOf) {
        Map<String, List<Duration>> times = new HashMap<>();
        db.sql("""
                        select c.setting, (extract(epoch from r.released_at - o.received_at) * 1000000)::bigint as micros
                        from report r join lab_order o on o.id = r.order_id
                        left join requester_contact c on c.requester_ods = o.requester_ods
                        where r.version = 1 and r.released_at >= :start and r.released_at < :end
                          and o.received_at is not null and o.performed_elsewhere is null
                        order by 2""")
                .param("start", Timestamp.from(period.start())).param("end", Timestamp.from(asOf))
                .query((ResultSet rs) -> {
                    times.computeIfAbsent(Objects.requireNonNullElse(rs.getString("setting"), ""), k -> new ArrayList<>())
                            .add(Duration.ofNanos(rs.getLong("micros") * 1000));
                });
        List<TurnaroundFigure> figures = new ArrayList<>();
        for (RequesterSetting setting : RequesterSetting.values()) {
            List<Duration> ofSetting = times.get(setting.name());
            if (ofSetting != null) {
                figures.add(TurnaroundFigure.of(setting, ofSetting));
            }
        }
        if (times.containsKey("")) {
            figures.add(TurnaroundFigure.of(null, times.get("")));
        }
        return figures;
    }


    // --- Backlog --------------------------------------------------------------------------------------------------


    private List<BacklogPoint> backlog(SitrepPeriod period, Instant asOf) {
        List<Instant> points = period.backlogPoints(asOf);
        if (points.isEmpty()) {
            return List.of();
        }
        Map<Instant, Integer> counts = new HashMap<>();
        // A test waits from its order's receipt (or from being added, if later) until the first report or its cancellation. The orders that can be
        // waiting at any point: not reported by the first point (never reported, or first reported after it), or
        // received after it. Each waiting test once (materialized), then compared with the few points.
        db.sql("""
                        with candidate as (
                            select id from lab_order where reported_at is null
                            union select order_id from report where version = 1 and released_at > :first
                            union select id from lab_order where received_at > :first),
                        waiting as materialized (
                            select greatest(o.received_at, t.added_at) as since, least(r.released_at, t.cancelled_at) as until
                            from candidate k join lab_order o on o.id = k.id
                            join order_test t on t.order_id = o.id
                            left join report r on r.order_id = o.id and r.version = 1
                            where o.received_at <= :last and o.performed_elsewhere is null)
                        select p.at, count(w.since) as n
                        from unnest(cast(:points as timestamptz[])) as p(at)
                        left join waiting w on w.since <= p.at and (w.until is null or w.until > p.at)
                        group by p.at""")
                .param("first", Timestamp.from(points.getFirst())).param("last", Timestamp.from(points.getLast()))
                .param("points", points.stream().map(Instant::toString).toArray(String[]::new))
                .query((ResultSet rs) -> {
                    counts.put(rs.getTimestamp("at").toInstant(), rs.getInt("n"));
                });
        return points.stream().map(p -> new BacklogPoint(p, null, counts.getOrDefault(p, 0))).toList();
    }

    // --- Referred work by age ---------------------------------------------------------------------------------------

    private List<ReferredAge> referredByAge(Instant asOf) {
        Map<ReferredAge.AgeBand, Integer> bands = new EnumMap<>(ReferredAge.AgeBand.class);
        db.sql("""
                        select case when age < interval '24 hours' then 'UNDER_A_DAY' when age < interval '48 hours' then 'ONE_TO_TWO_DAYS'
                                    when age <= interval '72 hours' then 'TWO_TO_THREE_DAYS' else 'OVER_THREE_DAYS' end as band,
                               count(*) as n
                        from (select cast(:asOf as timestamptz) - r.requested_at as age from referral r
                              join lab_order o on o.id = r.order_id and o.performed_elsewhere is null
                              where r.requested_at < :asOf
                                and (r.state not in ('RESULTED', 'CLOSED', 'REFUSED', 'CANCELLED') or r.changed_at > :asOf)
                                and not exists (select 1 from referral_transition x where x.referral_id = r.id
                                                and x.to_state in ('RESULTED', 'CLOSED', 'REFUSED', 'CANCELLED') and x.at <= :asOf)) a
                        group by 1""")
                .param("asOf", Timestamp.from(asOf))
                .query((ResultSet rs) -> {
                    bands.put(ReferredAge.AgeBand.valueOf(rs.getString("band")), rs.getInt("n"));
                });
        return Arrays.stream(ReferredAge.AgeBand.values()).map(b -> new ReferredAge(b, bands.getOrDefault(b, 0))).toList();
    }

    // --- Criticals ------------------------------------------------------------------------------------------------------

    private CriticalPhoning criticals(SitrepPeriod period, Instant asOf) {
        List<Duration> toPhone = new ArrayList<>();
        int[] raised = {0};
        db.sql("""
                        select case when a.told_at <= :asOf then (extract(epoch from a.told_at - a.raised_at) * 1000000)::bigint end as micros
                        from critical_alert a join lab_order o on o.id = a.order_id and o.performed_elsewhere is null
                        where a.raised_at >= :start and a.raised_at < :asOf
                        order by 1""")
                .param("start", Timestamp.from(period.start())).param("asOf", Timestamp.from(asOf))
                .query((ResultSet rs) -> {
                    raised[0]++;
                    long m = rs.getLong("micros");
                    if (!rs.wasNull()) {
                        toPhone.add(Duration.ofNanos(m * 1000));
                    }
                });
        Duration deadline = criticals.deadline().phoneWithin();
        int within = (int) toPhone.stream().filter(m -> m.compareTo(deadline) <= 0).count();
        return new CriticalPhoning(raised[0], toPhone.size(), within, Percentiles.nearestRank(toPhone, 50),
                Percentiles.nearestRank(toPhone, 90), raised[0] - toPhone.size());
    }

    private static RequesterSetting setting(String name) {
        return name == null ? null : RequesterSetting.valueOf(name);
    }

    // --- Method lines ---------------------------------------------------------------------------------------------------

    private Map<Sitrep.Section, String> methods(Incident incident) {
        Map<Sitrep.Section, String> m = new EnumMap<>(Sitrep.Section.class);
        String unit = "Unit: a test (one requested test of an order), on its day in UK time, under its order's priority and its "
                + "requester's setting in this lab's requester directory now (not recorded if none); orders done elsewhere while the "
                + "lab was down are not counted here. ";
        m.put(Sitrep.Section.ACTIVITY, unit + "Requested: tests of orders placed that day plus tests added that day. Performed: tests "
                + "whose first result recorded here (any analyte, performed by this lab) was that day; referred results are not. "
                + "Referred out: referrals asked for that day, one per test, whatever became of them. Deferred: not known here (the "
                + "network router held them). Rejected: tests of an order on the specimen type of a tube rejected that day, plus tests "
                + "cancelled that day, each test once a day. From the lab_order, order_test (with its first result here), referral and specimen tables.");
        m.put(Sitrep.Section.REFERRED_OUT, "Referrals asked for each day (UK time), one per test, by partner laboratory, whatever became "
                + "of them later; from the referral table.");
        m.put(Sitrep.Section.CAPACITY, "Performed (as above) each day against normal: the mean performed on the same weekday in each of "
                + "the 4 weeks before " + (incident == null ? "the period's first day (no incident overlaps the period)"
                : "the incident's declared day (" + incident.declaredAt().atZone(LabTime.ZONE).toLocalDate() + ")")
                + "; share = 100 x performed / normal, rounded half up; none when normal is 0. Days not yet begun are left out.");
        m.put(Sitrep.Section.TURNAROUND, "Orders whose first report (version 1) was released in the period and that were received here: "
                + "first report time minus first tube's receipt; nearest-rank percentiles (rank = ceil(p/100 x n)); within target: at "
                + "or under the setting's consensus target; beyond unacceptable: over its unacceptable limit. A row per setting with any "
                + "order, and one for requesters whose setting is not recorded (no target applies). Unit: an order.");
        m.put(Sitrep.Section.BACKLOG, "At each day's end (00:00 UK time) for a week, every 6 hours for a day, and not beyond now: "
                + "tests asked for and not cancelled by then, of orders received by then and with no report released by then. Deferred: not known here.");
        m.put(Sitrep.Section.REFERRED_AGE, "Referrals asked for before the period's end (or now, if sooner) not resulted, refused, "
                + "cancelled or closed by then, by age since asked for: under 24 h, 24 h to under 48 h, 48 h to 72 h, over 72 h; from "
                + "referral and referral_transition.");
        m.put(Sitrep.Section.CRITICALS, "Critical alerts raised in the period; phoned: the call recorded by the period's end (or now); "
                + "within the deadline: phoned within " + SitrepTables.duration(criticals.deadline().phoneWithin()) + " of raising; "
                + "median and 90th percentile raise-to-phone of those phoned (nearest rank); still open: not phoned by then. Unit: an alert.");
        m.put(Sitrep.Section.REPORTED, incident == null ? "No incident overlaps the period: the incident cell entered nothing for it."
                : "Entered by the incident cell for the period's days: the latest entry per organisation, day and figure, with who "
                + "entered it and its source.");
        return m;
    }
}
