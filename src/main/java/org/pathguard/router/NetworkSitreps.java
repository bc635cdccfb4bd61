package org.pathguard.router;

import org.pathguard.access.Actor;
import org.pathguard.access.ForbiddenAction;
import org.pathguard.incident.Incident;
import org.pathguard.incident.IncidentFigure;
import org.pathguard.incident.Incidents;
import org.pathguard.lab.LabRuleViolation;
import org.pathguard.lab.LabTime;
import org.pathguard.lab.Priority;
import org.pathguard.lab.RequesterSetting;
import org.pathguard.sitrep.Activity;
import org.pathguard.sitrep.BacklogPoint;
import org.pathguard.sitrep.CapacityDay;
import org.pathguard.sitrep.ReferredAge;
import org.pathguard.sitrep.ReferredOut;
import org.pathguard.sitrep.Sitrep;
import org.pathguard.sitrep.SitrepPeriod;
import org.pathguard.sitrep.SitrepSource;
import org.pathguard.sitrep.TurnaroundFigure;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The network's situation report, made at the router from what it recorded of every order it took: for the whole
 * network, and for each lab of the directory as the router saw its requesters' orders. The router sees orders, not
 * specimens or results inside a lab: what it counts differs from a lab's own sitrep where it must, and each method line
 * says how. It names no patient: every figure is a count of tests or a time.
 */
@Service
@ConditionalOnProperty(name = "pathguard.mode", havingValue = "router")
public class NetworkSitreps implements SitrepSource {

    /** Each requested test of an order counts once: the unit of every count here, as at a lab. */
    private static final String TESTS = "cardinality(o.tests)";
    /** Moves that end with the order with a partner, result not yet back. */
    private static final String AT_A_PARTNER = "('ROUTED', 'TAKEN_BY_PARTNER')";

    private final JdbcClient db;
    private final InstantSource clock;
    private final Incidents incidents;
    private final String networkOds;
    private final String networkName;

    NetworkSitreps(JdbcClient db, InstantSource clock, Incidents incidents,
                   @Value("${pathguard.router.facility:PGNET}") String networkOds,
                   @Value("${pathguard.router.network-name:the pathology network}") String networkName) {
        this.db = db;
        this.clock = clock;
        this.incidents = incidents;
        this.networkOds = networkOds;
        this.networkName = networkName;
    }

    /**
     * The network manager and the privacy officer: the network and every lab of the directory. A lab's manager: their own
     * lab as the router saw it, as with the ledger. Nobody else; counts only, so no patient read is involved.
     */
    @Override
    public List<Sitrep.Subject> subjects(Actor actor) {
        actor.require(Actor.Role.NETWORK_MANAGER, Actor.Role.AUDITOR, Actor.Role.LAB_MANAGER);
        List<Sitrep.Subject> labs = db.sql("select ods, name from router_lab order by ods")
                .query((rs, n) -> new Sitrep.Subject(Sitrep.Subject.Kind.LAB, rs.getString(1), rs.getString(2))).list();
        if (actor.role() == Actor.Role.LAB_MANAGER) {
            List<Sitrep.Subject> own = labs.stream().filter(s -> s.ods().equals(actor.organisation())).toList();
            if (own.isEmpty()) {
                throw new ForbiddenAction("A lab manager reads their own lab's sitrep at the router; " + actor.organisation()
                        + " is not a lab of the network directory");
            }
            return own;
        }
        List<Sitrep.Subject> subjects = new ArrayList<>();
        subjects.add(new Sitrep.Subject(Sitrep.Subject.Kind.NETWORK, networkOds, networkName));
        subjects.addAll(labs);
        return subjects;
    }

    @Override
    public Sitrep make(Actor actor, Sitrep.Subject subject, SitrepPeriod period) {
        if (subject == null || period == null || period.length() == null || period.firstDay() == null) {
            throw new LabRuleViolation("invalid-sitrep", "A sitrep needs a subject (the network or a lab) and a period (DAY or WEEK "
                    + "and its first day)");
        }
        Sitrep.Subject known = subjects(actor).stream()
                .filter(s -> s.kind() == subject.kind() && s.ods().equalsIgnoreCase(subject.ods())).findFirst()
                .orElseThrow(() -> new ForbiddenAction("No sitrep of " + subject.kind() + " " + subject.ods() + " for you here: "
                        + "ask for one of " + subjects(actor).stream().map(Sitrep.Subject::ods).toList()));
        Instant madeAt = clock.instant();
        period.requireBegun(madeAt);
        Scope scope = known.kind() == Sitrep.Subject.Kind.NETWORK ? Scope.NETWORK : new Scope(known.ods());
        Instant from = period.start();
        Instant to = period.end();
        // As things stood at the period's end, or now for a period still running: the router cannot know later.
        Instant end = to.isBefore(madeAt) ? to : madeAt;

        // The router records the network's incidents only: a lab's sitrep here is under the network's incident too.
        Incident incident = incidents.overlapping(from, to).orElse(null);
        List<IncidentFigure> reported = incident == null ? List.of() : incidents.figures(incident.id(), period.firstDay(), period.lastDay());
        // Normal is work before the incident began, or before the period when none was in force during it.
        LocalDate baselineBefore = incident == null ? period.firstDay() : LocalDate.ofInstant(incident.declaredAt(), LabTime.ZONE);
        List<Activity> activity = activity(scope, from, to);
        List<CapacityDay> capacity = capacity(scope, period, activity, baselineBefore);
        // Critical results are the performing lab's to phone: the router never reads a result, so it cannot say (null).
        return new Sitrep(known, period, madeAt, incident, activity, referredOut(scope, from, to), capacity,
                turnaround(scope, from, to), backlog(scope, period, madeAt), referredByAge(scope, end), null, reported,
                method(known, incident, baselineBefore));
    }

    /** Whose orders: every order at the router, or those of one lab's requesters (its home lab's). */
    private record Scope(String lab) {
        static final Scope NETWORK = new Scope(null);

        String where() {
            return lab == null ? "true" : "o.home_lab = :lab";
        }
    }

    private JdbcClient.StatementSpec sql(String sql, Scope scope) {
        JdbcClient.StatementSpec spec = db.sql(sql);
        return scope.lab() == null ? spec : spec.param("lab", scope.lab());
    }

    /**
     * One row per thing that happened to an order in {@code [:from, :to)}: what (REQUESTED, or a move), when, the order's
     * priority, requester and tests, and the lab the move names. A move counts once per order and day.
     */
    private static String happenings(Scope scope) {
        return """
                select o.received_at as at, 'REQUESTED' as what, null as lab, o.priority, o.requester_ods, %1$s as tests
                    from router_order o where o.received_at >= :from and o.received_at < :to and %2$s
                union all
                select min(m.at), m.move, m.lab, o.priority, o.requester_ods, %1$s
                    from router_order_move m join router_order o on o.id = m.order_id
                    where m.at >= :from and m.at < :to and %2$s
                      and m.move in ('TAKEN_BY_HOME_LAB', 'REFUSED_BY_HOME_LAB', 'ROUTED', 'DEFERRED', 'REFUSED')
                    group by m.order_id, m.move, m.lab, (m.at at time zone :zone)::date, o.priority, o.requester_ods, o.tests
                union all
                select first.at, 'RESULTED', first.lab, o.priority, o.requester_ods, %1$s
                    from (select distinct on (m.order_id) m.order_id, m.at, m.lab from router_order_move m
                          where m.move = 'RESULTED' and m.at < :to order by m.order_id, m.at, m.sequence) first
                    join router_order o on o.id = first.order_id
                    where first.at >= :from and first.at < :to and %2$s""".formatted(TESTS, scope.where());
    }

    private List<Activity> activity(Scope scope, Instant from, Instant to) {
        record Key(LocalDate day, Priority priority, RequesterSetting setting) {
        }
        Map<Key, int[]> counts = new TreeMap<>(Comparator.comparing(Key::day).thenComparing(Key::priority)
                .thenComparing(Key::setting, Comparator.nullsLast(Comparator.naturalOrder())));
        sql("select (h.at at time zone :zone)::date, h.what, h.priority, r.setting, sum(h.tests) from (" + happenings(scope) + ") h "
                + "left join router_requester r on r.ods = h.requester_ods group by 1, 2, 3, 4", scope)
                .param("from", Timestamp.from(from)).param("to", Timestamp.from(to)).param("zone", LabTime.ZONE.getId())
                .query((rs, n) -> {
                    String setting = rs.getString(4);
                    int[] c = counts.computeIfAbsent(new Key(rs.getObject(1, LocalDate.class), Priority.valueOf(rs.getString(3)),
                            setting == null ? null : RequesterSetting.valueOf(setting)), k -> new int[5]);
                    int tests = rs.getInt(5);
                    switch (rs.getString(2)) {
                        case "REQUESTED" -> c[0] += tests;
                        case "TAKEN_BY_HOME_LAB", "RESULTED" -> c[1] += tests;
                        case "ROUTED" -> c[2] += tests;
                        case "DEFERRED" -> c[3] += tests;
                        default -> c[4] += tests; // refused by triage or by the home lab
                    }
                    return null;
                }).list();
        List<Activity> activity = new ArrayList<>();
        counts.forEach((k, c) -> activity.add(new Activity(k.day(), k.priority(), k.setting(), c[0], c[1], c[2], c[3], c[4])));
        return activity;
    }

    private List<ReferredOut> referredOut(Scope scope, Instant from, Instant to) {
        return sql("select (h.at at time zone :zone)::date, h.lab, coalesce(l.name, h.lab), sum(h.tests) from (" + happenings(scope)
                + ") h left join router_lab l on l.ods = h.lab where h.what = 'ROUTED' group by 1, 2, 3 order by 1, 2", scope)
                .param("from", Timestamp.from(from)).param("to", Timestamp.from(to)).param("zone", LabTime.ZONE.getId())
                .query((rs, n) -> new ReferredOut(rs.getObject(1, LocalDate.class), rs.getString(2), rs.getString(3), rs.getInt(4)))
                .list();
    }

    /** Performed per day as the activity counts it, against the same weekday in each of the four weeks before {@code before}. */
    private List<CapacityDay> capacity(Scope scope, SitrepPeriod period, List<Activity> activity, LocalDate before) {
        Map<LocalDate, Integer> performed = new HashMap<>();
        activity.forEach(a -> performed.merge(a.day(), a.performed(), Integer::sum));
        Map<LocalDate, Integer> baseline = new HashMap<>();
        sql("select (h.at at time zone :zone)::date, sum(h.tests) from (" + happenings(scope) + ") h "
                + "where h.what in ('TAKEN_BY_HOME_LAB', 'RESULTED') group by 1", scope)
                .param("from", Timestamp.from(startOf(before.minusWeeks(4)))).param("to", Timestamp.from(startOf(before)))
                .param("zone", LabTime.ZONE.getId())
                .query((rs, n) -> baseline.put(rs.getObject(1, LocalDate.class), rs.getInt(2))).list();
        List<CapacityDay> days = new ArrayList<>();
        for (LocalDate day : period.days()) {
            days.add(CapacityDay.of(day, performed.getOrDefault(day, 0), before, baseline));
        }
        return days;
    }

    /** Orders routed to partners whose result first reached the requester in the period: from receipt at the router. */
    private List<TurnaroundFigure> turnaround(Scope scope, Instant from, Instant to) {
        // Null (a requester no longer in the directory) last: a TreeMap takes a null key when its comparator does.
        Map<RequesterSetting, List<Duration>> bySetting = new TreeMap<>(Comparator.nullsLast(Comparator.naturalOrder()));
        sql("""
                select r.setting, o.received_at, d.relayed from router_order o
                    join (select order_id, min(delivered_at) as relayed from router_outbound
                          where kind = 'RESULT_TO_REQUESTER' and state = 'DELIVERED' group by order_id) d on d.order_id = o.id
                    left join router_requester r on r.ods = o.requester_ods
                where d.relayed >= :from and d.relayed < :to and""" + " " + scope.where(), scope)
                .param("from", Timestamp.from(from)).param("to", Timestamp.from(to))
                .query((rs, n) -> {
                    Duration took = Duration.between(rs.getTimestamp(2).toInstant(), rs.getTimestamp(3).toInstant());
                    String setting = rs.getString(1);
                    return bySetting.computeIfAbsent(setting == null ? null : RequesterSetting.valueOf(setting), k -> new ArrayList<>())
                            .add(took);
                }).list();
        List<TurnaroundFigure> figures = new ArrayList<>();
        bySetting.forEach((setting, times) -> figures.add(TurnaroundFigure.of(setting, times.stream().sorted().toList())));
        return figures;
    }


    /**
     * At each point: tests held by the router (the order's last move by then was a deferral), and tests the router took by
     * then that no lab has yet taken on or answered: waiting to be passed on, or with a partner and no result yet. What
     * happened at the very moment counts, as at a lab.
     */
    private List<BacklogPoint> backlog(Scope scope, SitrepPeriod period, Instant madeAt) {
        List<BacklogPoint> backlog = new ArrayList<>();
        // None after the sitrep was made: the router cannot know a moment still to come.
        for (Instant at : period.backlogPoints(madeAt)) {
            backlog.add(sql("""
                    select coalesce(sum(%1$s) filter (where last.move = 'DEFERRED'), 0),
                           coalesce(sum(%1$s) filter (where last.move is null or last.move in ('RELEASED', 'ROUTED', 'TAKEN_BY_PARTNER')), 0)
                    from router_order o
                        left join lateral (select m.move from router_order_move m where m.order_id = o.id and m.at <= :at
                                           order by m.at desc, m.sequence desc limit 1) last on true
                    where o.received_at <= :at and %2$s""".formatted(TESTS, scope.where()), scope)
                    .param("at", Timestamp.from(at))
                    .query((rs, n) -> new BacklogPoint(at, rs.getInt(1), rs.getInt(2))).single());
        }
        return backlog;
    }

    /** Tests with a partner and no result at {@code end}, by time since they were routed there (under 24 h, under 48 h, up to 72 h, over). */
    private List<ReferredAge> referredByAge(Scope scope, Instant end) {
        Map<ReferredAge.AgeBand, Integer> bands = new EnumMap<>(ReferredAge.AgeBand.class);
        for (ReferredAge.AgeBand band : ReferredAge.AgeBand.values()) {
            bands.put(band, 0);
        }
        sql("""
                select %1$s, routed.at from router_order o
                    join lateral (select m.move from router_order_move m where m.order_id = o.id and m.at <= :end
                                  order by m.at desc, m.sequence desc limit 1) last on true
                    join lateral (select m.at from router_order_move m where m.order_id = o.id and m.at <= :end and m.move = 'ROUTED'
                                  order by m.at desc, m.sequence desc limit 1) routed on true
                where o.received_at <= :end and last.move in %3$s and %2$s""".formatted(TESTS, scope.where(), AT_A_PARTNER), scope)
                .param("end", Timestamp.from(end))
                .query((rs, n) -> {
                    Duration age = Duration.between(rs.getTimestamp(2).toInstant(), end);
                    ReferredAge.AgeBand band = age.compareTo(Duration.ofHours(24)) < 0 ? ReferredAge.AgeBand.UNDER_A_DAY
                            : age.compareTo(Duration.ofHours(48)) < 0 ? ReferredAge.AgeBand.ONE_TO_TWO_DAYS
                            : age.compareTo(Duration.ofHours(72)) <= 0 ? ReferredAge.AgeBand.TWO_TO_THREE_DAYS
                            : ReferredAge.AgeBand.OVER_THREE_DAYS;
                    return bands.merge(band, rs.getInt(1), Integer::sum);
                }).list();
        return bands.entrySet().stream().map(e -> new ReferredAge(e.getKey(), e.getValue())).toList();
    }

    private static Instant startOf(LocalDate day) {
        return day.atStartOfDay(LabTime.ZONE).toInstant();
    }

    private Map<Sitrep.Section, String> method(Sitrep.Subject subject, Incident incident, LocalDate baselineBefore) {
        String whose = subject.kind() == Sitrep.Subject.Kind.NETWORK ? "every order the network router took"
                : "the orders the network router took for " + subject.ods() + "'s requesters (its home lab's)";
        Map<Sitrep.Section, String> method = new EnumMap<>(Sitrep.Section.class);
        method.put(Sitrep.Section.ACTIVITY, "At the network router, from " + whose + "; one count per requested test (OBR-4), each on "
                + "the UK day it happened, under the order's priority and the setting the directory gives its requester now. "
                + "Requested: tests of orders received at the router that day. Performed: tests of orders the home lab took (AA) "
                + "that day, plus tests of orders whose first partner result reached the router that day; the router sees "
                + "orders passed on, not the home lab's own results. Referred out: tests of orders routed to a partner that day "
                + "(each partner once a day). Deferred: tests of orders held by the router that day until the home lab is back. "
                + "Rejected: tests of orders refused that day by triage (no partner could take critical work) or by the home "
                + "lab's answer (AE/AR).");
        method.put(Sitrep.Section.REFERRED_OUT, "Tests of orders the router routed to each partner that day, from " + whose
                + "; an order routed again after a partner refused it counts at each partner it was routed to.");
        method.put(Sitrep.Section.CAPACITY, "Performed as in the activity table, against normal: the mean performed on the same "
                + "weekday in each of the four weeks before " + baselineBefore + (incident == null
                ? " (the period's first day: no network incident was in force during it)" : " (the day the network's incident "
                + "was declared)") + "; percent of normal rounded half up, none when normal is 0.");
        method.put(Sitrep.Section.TURNAROUND, "Orders routed to a partner lab whose result first reached the requester (its "
                + "system's AA to the router's relay) in the period, from receipt at the router to that relay, by the setting "
                + "the directory gives the requester; nearest-rank percentiles; within target <= the consensus target, beyond "
                + "unacceptable > its limit. Orders the home lab did are not seen by the router and are not here.");
        method.put(Sitrep.Section.BACKLOG, "At each point (the end of each UK day of a week; every 6 hours of a day; none after "
                + "the sitrep was made), from " + whose + ": deferred = tests of orders held by the router then; received not "
                + "reported = tests of orders the router had then that no lab had yet taken or answered: waiting to be passed "
                + "on (new or released), or with a partner and no result yet.");
        method.put(Sitrep.Section.REFERRED_AGE, "Tests of orders with a partner lab and no result at the period's end (or when "
                + "the sitrep was made, if sooner), by time since the router routed them there: under 24 hours, under 48, up to "
                + "72, over 72.");
        method.put(Sitrep.Section.CRITICALS, "Not known here: critical results are phoned by the lab that performs the test; the "
                + "router never reads results.");
        method.put(Sitrep.Section.REPORTED, incident == null ? "No network incident was in force during the period: the "
                + "incident cell entered nothing for it." : "Figures the network's incident cell entered at the router for the "
                + "period's days (the latest entry per organisation, day and kind), with who entered them and their source.");
        return method;
    }
}
