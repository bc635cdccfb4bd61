package org.pathguard.order;

import org.pathguard.lab.Catalogue;
import org.pathguard.lab.Priority;
import org.pathguard.lab.Turnaround;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Turnaround time per order and, per priority and department, the share of work reported within its target. */
@Service
public class TurnaroundBoard {

    private static final int OVERDUE_SHOWN = 10;

    private final JdbcClient db;
    private final Catalogue catalogue;
    private final InstantSource clock;

    TurnaroundBoard(JdbcClient db, Catalogue catalogue, InstantSource clock) {
        this.db = db;
        this.clock = clock;
        this.catalogue = catalogue;
    }

    public record OrderTurnaround(String accession, Priority priority, Instant receivedAt, Instant reportedAt,
                                  long elapsedMinutes, long targetMinutes, boolean reported, boolean withinTarget) {
    }

    public record PriorityTurnaround(Priority priority, int received, int reported, int reportedWithinTarget,
                                     double shareWithinTarget, int openBreaches, Long oldestOpenMinutes) {
    }

    public record DepartmentTurnaround(String department, List<PriorityTurnaround> byPriority) {
    }

    /**
     * Per priority; per department and priority (an order counts in each department it has tests in);
     * the open work that has used most of its target time, breaches first.
     */
    public record Summary(Instant since, Instant at, List<PriorityTurnaround> byPriority, List<DepartmentTurnaround> byDepartment,
                          List<OrderTurnaround> mostOverdue) {
    }

    public OrderTurnaround forOrder(UUID orderId) {
        return db.sql("select * from lab_order where id = ?").param(orderId).query((rs, n) -> row(
                rs.getString("accession"), rs.getString("priority"), rs.getTimestamp("received_at"),
                rs.getTimestamp("reported_at"), rs.getInt("target_minutes"), clock.instant())).single();
    }

    /** Orders received since the given time, grouped by priority and by department. */
    public Summary summary(Instant since) {
        Instant now = clock.instant();
        record Received(OrderTurnaround turnaround, Set<String> departments) {
        }
        List<Received> rows = db.sql("""
                        select accession, priority, received_at, reported_at, target_minutes,
                               array(select test_code from order_test t where t.order_id = o.id and t.cancelled_at is null)
                        from lab_order o
                        where received_at >= ? and cancelled_at is null""")
                .param(Timestamp.from(since))
                .query((rs, n) -> new Received(
                        row(rs.getString(1), rs.getString(2), rs.getTimestamp(3), rs.getTimestamp(4), rs.getInt(5), now),
                        departments((String[]) rs.getArray(6).getArray())))
                .list();
        List<OrderTurnaround> all = rows.stream().map(Received::turnaround).toList();
        Map<String, List<OrderTurnaround>> byDepartment = new TreeMap<>();
        rows.forEach(r -> r.departments().forEach(d -> byDepartment.computeIfAbsent(d, k -> new ArrayList<>()).add(r.turnaround())));
        List<OrderTurnaround> mostOverdue = all.stream().filter(r -> !r.reported())
                .sorted(Comparator.comparingDouble((OrderTurnaround r) -> (double) r.elapsedMinutes() / r.targetMinutes()).reversed())
                .limit(OVERDUE_SHOWN).toList();
        return new Summary(since, now, byPriority(all),
                byDepartment.entrySet().stream().map(e -> new DepartmentTurnaround(e.getKey(), byPriority(e.getValue()))).toList(),
                mostOverdue);
    }

    private Set<String> departments(String[] testCodes) {
        Set<String> departments = new TreeSet<>();
        for (String code : testCodes) {
            departments.add(catalogue.test(code).department());
        }
        return departments;
    }

    private static List<PriorityTurnaround> byPriority(List<OrderTurnaround> rows) {
        Map<Priority, List<OrderTurnaround>> byPriority = new EnumMap<>(Priority.class);
        for (Priority p : Priority.values()) {
            byPriority.put(p, new ArrayList<>());
        }
        rows.forEach(r -> byPriority.get(r.priority()).add(r));
        List<PriorityTurnaround> out = new ArrayList<>();
        byPriority.forEach((priority, list) -> {
            int reported = (int) list.stream().filter(OrderTurnaround::reported).count();
            int within = (int) list.stream().filter(r -> r.reported() && r.withinTarget()).count();
            int openBreaches = (int) list.stream().filter(r -> !r.reported() && !r.withinTarget()).count();
            Long oldest = list.stream().filter(r -> !r.reported()).map(OrderTurnaround::elapsedMinutes)
                    .max(Long::compare).orElse(null);
            out.add(new PriorityTurnaround(priority, list.size(), reported, within,
                    reported == 0 ? 0 : Math.round(1000.0 * within / reported) / 10.0, openBreaches, oldest));
        });
        return out;
    }

    private static OrderTurnaround row(String accession, String priority, Timestamp received, Timestamp reported,
                                       int target, Instant now) {
        Instant receivedAt = received == null ? null : received.toInstant();
        Instant reportedAt = reported == null ? null : reported.toInstant();
        Turnaround t = Turnaround.of(receivedAt, reportedAt, target, now);
        return new OrderTurnaround(accession, Priority.valueOf(priority), receivedAt, reportedAt,
                t.elapsed().toMinutes(), target, t.reported(), t.withinTarget());
    }

}
