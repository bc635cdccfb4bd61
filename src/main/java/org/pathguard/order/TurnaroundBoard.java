package org.pathguard.order;

import org.pathguard.lab.Priority;
import org.pathguard.lab.Turnaround;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Turnaround time per order and, per priority, the share of work reported within its target. */
@Service
public class TurnaroundBoard {

    private final JdbcClient db;

    TurnaroundBoard(JdbcClient db) {
        this.db = db;
    }

    public record OrderTurnaround(String accession, Priority priority, Instant receivedAt, Instant reportedAt,
                                  long elapsedMinutes, long targetMinutes, boolean reported, boolean withinTarget) {
    }

    public record PriorityTurnaround(Priority priority, int received, int reported, int reportedWithinTarget,
                                     double shareWithinTarget, int openBreaches, Long oldestOpenMinutes) {
    }

    public record Summary(Instant since, Instant at, List<PriorityTurnaround> byPriority) {
    }

    public OrderTurnaround forOrder(UUID orderId) {
        return db.sql("select * from lab_order where id = ?").param(orderId).query((rs, n) -> row(
                rs.getString("accession"), rs.getString("priority"), rs.getTimestamp("received_at"),
                rs.getTimestamp("reported_at"), rs.getInt("target_minutes"), Instant.now())).single();
    }

    /** Orders received since the given time, grouped by priority. */
    public Summary summary(Instant since) {
        Instant now = Instant.now();
        List<OrderTurnaround> rows = db.sql("""
                        select accession, priority, received_at, reported_at, target_minutes from lab_order
                        where received_at >= ?""")
                .param(Timestamp.from(since))
                .query((rs, n) -> row(rs.getString(1), rs.getString(2), rs.getTimestamp(3), rs.getTimestamp(4), rs.getInt(5), now))
                .list();
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
        return new Summary(since, now, out);
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
