package org.pathguard.result;

import org.pathguard.access.Actor;
import org.pathguard.lab.Catalogue;
import org.pathguard.lab.LabTest;
import org.pathguard.lab.Priority;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The lab's outstanding work per department: specimens on their way, tests on the analyser or
 * waiting to be typed in, results waiting for validation, critical work first and then the oldest.
 * Accessions, tests and times only, nothing of any patient, so reading it opens no record.
 */
@Service
public class Worklists {

    private static final int OLDEST_SHOWN = 12;

    private final JdbcClient db;
    private final Catalogue catalogue;

    Worklists(JdbcClient db, Catalogue catalogue) {
        this.db = db;
        this.catalogue = catalogue;
    }

    public enum Stage {
        AWAITING_RECEIPT("Awaiting receipt"), IN_ANALYSIS("On the analyser"), AWAITING_ENTRY("Awaiting manual entry"),
        AWAITING_VALIDATION("Awaiting validation");

        private final String label;

        Stage(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** One test of one order at one stage; {@code since} is when it reached that stage. */
    public record Item(String accession, String barcode, String testCode, String testName, Priority priority, Stage stage,
                       Instant since, boolean critical) {
    }

    public record Department(String name, Map<Stage, Map<Priority, Integer>> counts, int total, List<Item> first) {
    }

    public List<Department> outstanding(Actor actor) {
        actor.require(Actor.Role.SCIENTIST, Actor.Role.AUTHORISER, Actor.Role.LAB_MANAGER);
        Map<String, List<Item>> byDepartment = new TreeMap<>();
        items(catalogue.tests()).forEach(i -> byDepartment.computeIfAbsent(catalogue.test(i.testCode()).department(), d -> new ArrayList<>()).add(i));
        List<Department> departments = new ArrayList<>();
        byDepartment.forEach((name, items) -> {
            Map<Stage, Map<Priority, Integer>> counts = new EnumMap<>(Stage.class);
            for (Stage stage : Stage.values()) {
                Map<Priority, Integer> perPriority = new EnumMap<>(Priority.class);
                for (Priority p : Priority.values()) {
                    perPriority.put(p, 0);
                }
                counts.put(stage, perPriority);
            }
            items.forEach(i -> counts.get(i.stage()).merge(i.priority(), 1, Integer::sum));
            List<Item> first = items.stream().sorted(FIRST_TO_DO).limit(OLDEST_SHOWN).toList();
            departments.add(new Department(name, counts, items.size(), first));
        });
        return departments;
    }

    /** Received specimens whose manual tests wait to be read and typed in, most urgent first. */
    public List<Item> awaitingEntry(Actor actor) {
        actor.require(Actor.Role.SCIENTIST, Actor.Role.AUTHORISER, Actor.Role.LAB_MANAGER);
        List<LabTest> manual = catalogue.tests().stream().filter(LabTest::manualEntry).toList();
        return items(manual).stream().filter(i -> i.stage() == Stage.AWAITING_ENTRY).sorted(FIRST_TO_DO).toList();
    }

    /** The outstanding work on these tests (fewer tests, fewer rows read). */
    private List<Item> items(Collection<LabTest> tests) {
        record Row(String accession, Priority priority, String testCode, String barcode, String specimenType, String status,
                   Instant collectedAt, Instant receivedAt, int results, int held, Instant heldSince, boolean critical) {
        }
        List<Row> rows = db.sql("""
                        select o.accession, o.priority, ot.test_code, s.barcode, s.specimen_type, s.status, s.collected_at,
                               s.received_at, count(r.id), count(r.id) filter (where r.status = 'PRELIMINARY'),
                               min(r.recorded_at) filter (where r.status = 'PRELIMINARY'), coalesce(bool_or(r.critical), false)
                        from lab_order o
                        join order_test ot on ot.order_id = o.id and ot.cancelled_at is null
                        join specimen s on s.order_id = o.id and s.status <> 'REJECTED'
                        left join result r on r.order_id = o.id and r.test_code = ot.test_code
                        where o.reported_at is null and ot.test_code = any(?)
                        group by o.accession, o.priority, ot.test_code, s.barcode, s.specimen_type, s.status, s.collected_at, s.received_at""")
                .param(tests.stream().map(LabTest::code).toArray(String[]::new))
                .query((rs, n) -> new Row(rs.getString(1), Priority.valueOf(rs.getString(2)), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getTimestamp(7).toInstant(),
                        rs.getTimestamp(8) == null ? null : rs.getTimestamp(8).toInstant(), rs.getInt(9), rs.getInt(10),
                        rs.getTimestamp(11) == null ? null : rs.getTimestamp(11).toInstant(), rs.getBoolean(12)))
                .list();
        List<Item> items = new ArrayList<>();
        for (Row row : rows) {
            LabTest test = catalogue.test(row.testCode());
            if (!test.specimenType().equals(row.specimenType())) {
                continue;
            }
            Item item = switch (row.status()) {
                case "COLLECTED" -> item(row.accession(), row.barcode(), test, row.priority(), Stage.AWAITING_RECEIPT, row.collectedAt(), false);
                case "RECEIVED" -> row.results() == 0
                        ? item(row.accession(), row.barcode(), test, row.priority(),
                        test.manualEntry() ? Stage.AWAITING_ENTRY : Stage.IN_ANALYSIS, row.receivedAt(), false)
                        : row.held() > 0
                        ? item(row.accession(), row.barcode(), test, row.priority(), Stage.AWAITING_VALIDATION, row.heldSince(), row.critical())
                        : null;
                default -> null;
            };
            if (item != null) {
                items.add(item);
            }
        }
        return items;
    }

    /** Critical results first, then clinical priority, then the longest waiting. */
    private static final Comparator<Item> FIRST_TO_DO = Comparator.comparing((Item i) -> !i.critical())
            .thenComparing(Item::priority)
            .thenComparing(Item::since);

    private static Item item(String accession, String barcode, LabTest test, Priority priority, Stage stage, Instant since,
                             boolean critical) {
        return new Item(accession, barcode, test.code(), test.name(), priority, stage, since, critical);
    }
}
