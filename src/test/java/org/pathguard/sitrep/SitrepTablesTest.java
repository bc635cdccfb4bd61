package org.pathguard.sitrep;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.pathguard.export.Exports;
import org.pathguard.incident.FigureKind;
import org.pathguard.incident.Incident;
import org.pathguard.incident.IncidentFigure;
import org.pathguard.lab.Priority;
import org.pathguard.lab.RequesterSetting;

class SitrepTablesTest {

    static final LocalDate DAY = LocalDate.of(2026, 6, 1);

    static Sitrep sitrep(CriticalPhoning criticals, Integer deferred) {
        Map<Sitrep.Section, String> method = new EnumMap<>(Sitrep.Section.class);
        Arrays.stream(Sitrep.Section.values()).forEach(s -> method.put(s, "how " + s.name() + " was counted, from the log"));
        Incident incident = new Incident(UUID.randomUUID(), Incident.Scope.LAB, "RJ1", "Guy's pathology", "cyber attack",
                "ann", Instant.parse("2026-05-30T08:00:00Z"), "bob", Instant.parse("2026-05-30T08:10:00Z"), null, null, null);
        return new Sitrep(new Sitrep.Subject(Sitrep.Subject.Kind.LAB, "RJ1", "Guy's pathology"),
                new SitrepPeriod(SitrepPeriod.Length.DAY, DAY), Instant.parse("2026-06-02T07:00:00Z"), incident,
                List.of(new Activity(DAY, Priority.URGENT, RequesterSetting.ED, 10, 7, 2, deferred, 1),
                        new Activity(DAY, Priority.ROUTINE, null, 5, 0, 0, deferred, 0)),
                List.of(new ReferredOut(DAY, "RQ3", "Lewisham, \"west\" site", 2)),
                List.of(new CapacityDay(DAY, 7, new BigDecimal("12.25"), 57), new CapacityDay(DAY, 0, BigDecimal.ZERO, null)),
                List.of(new TurnaroundFigure(RequesterSetting.ED, 3, Duration.ofMinutes(65), Duration.ofMinutes(125),
                        Duration.ofMinutes(125), 1, 1), new TurnaroundFigure(null, 0, null, null, null, 0, 0)),
                List.of(new BacklogPoint(Instant.parse("2026-06-01T05:00:00Z"), deferred, 4)),
                List.of(new ReferredAge(ReferredAge.AgeBand.UNDER_A_DAY, 2), new ReferredAge(ReferredAge.AgeBand.OVER_THREE_DAYS, 0)),
                criticals,
                List.of(new IncidentFigure(incident.id(), "RJ1", "Guy's and St Thomas'", DAY, FigureKind.O_NEGATIVE_STOCK_DAYS,
                        new BigDecimal("2.50"), "=blood bank count", "cara", Instant.parse("2026-06-01T09:30:00Z"))),
                method);
    }

    static Sitrep full() {
        return sitrep(new CriticalPhoning(4, 3, 2, Duration.ofMinutes(20), Duration.ofMinutes(50), 1), null);
    }

    @Test
    void everySectionIsATableInOrderWithItsTitleAndMethodLine() {
        List<SitrepTables.Table> tables = SitrepTables.of(full());

        assertThat(tables).extracting(SitrepTables.Table::section).containsExactly(Sitrep.Section.values());
        for (SitrepTables.Table t : tables) {
            assertThat(t.title()).isEqualTo(t.section().title());
            assertThat(t.method()).isEqualTo("how " + t.section().name() + " was counted, from the log");
            assertThat(t.rows()).allSatisfy(row -> assertThat(row).hasSameSizeAs(t.headings()));
        }
    }

    @Test
    void figuresReadAsTheLabSaysThem() {
        Map<Sitrep.Section, SitrepTables.Table> t = byId(SitrepTables.of(full()));

        assertThat(t.get(Sitrep.Section.ACTIVITY).rows()).containsExactly(
                List.of("2026-06-01", "Urgent", "emergency department", "10", "7", "2", "not known here", "1"),
                List.of("2026-06-01", "Routine", "not recorded", "5", "0", "0", "not known here", "0"));
        assertThat(t.get(Sitrep.Section.CAPACITY).rows()).containsExactly(
                List.of("2026-06-01", "7", "12.3", "57%"), List.of("2026-06-01", "0", "0.0", "no normal to compare"));
        assertThat(t.get(Sitrep.Section.TURNAROUND).rows()).containsExactly(
                List.of("emergency department", "3", "1 h 05 min", "2 h 05 min", "2 h 05 min", "1 h 00 min", "1", "2 h 00 min", "1"),
                List.of("not recorded", "0", "none", "none", "none", "", "0", "", "0"));
        // 05:00 UTC in June is 06:00 in the UK: the backlog is stated in the lab's time.
        assertThat(t.get(Sitrep.Section.BACKLOG).rows()).containsExactly(List.of("2026-06-01 06:00", "not known here", "4"));
        assertThat(t.get(Sitrep.Section.REFERRED_AGE).rows()).containsExactly(List.of("under 24 hours ago", "2"), List.of("over 72 hours ago", "0"));
        assertThat(t.get(Sitrep.Section.CRITICALS).rows()).containsExactly(List.of("Raised", "4"), List.of("Phoned", "3"),
                List.of("Phoned within the deadline", "2"), List.of("Median raise to phone", "20 min"),
                List.of("90th percentile raise to phone", "50 min"), List.of("Still not phoned", "1"));
        assertThat(t.get(Sitrep.Section.REPORTED).rows()).containsExactly(List.of("2026-06-01", "RJ1", "Guy's and St Thomas'",
                "days of O-negative red cells in stock", "2.5", "=blood bank count", "cara", "2026-06-01 10:30"));
    }

    @Test
    void whatTheProducerCannotKnowReadsNotKnownHereNeverZero() {
        Map<Sitrep.Section, SitrepTables.Table> known = byId(SitrepTables.of(sitrep(null, 3)));

        assertThat(known.get(Sitrep.Section.CRITICALS).rows()).hasSize(6)
                .allSatisfy(row -> assertThat(row.get(1)).isEqualTo(SitrepTables.NOT_KNOWN));
        assertThat(known.get(Sitrep.Section.ACTIVITY).rows().getFirst().get(6)).isEqualTo("3");
        assertThat(known.get(Sitrep.Section.BACKLOG).rows().getFirst().get(1)).isEqualTo("3");
    }

    @Test
    void durationsUnderAMinuteKeepTheirSeconds() {
        assertThat(SitrepTables.duration(Duration.ofSeconds(40))).isEqualTo("40 s");
        assertThat(SitrepTables.duration(Duration.ofHours(49).plusMinutes(3))).isEqualTo("49 h 03 min");
        assertThat(SitrepTables.duration(Duration.ZERO)).isEqualTo("0 min");
    }

    @Test
    void theCsvHoldsEveryTableUnderItsTitleWithItsMethodAndNoFormula() {
        String csv = new String(SitrepFiles.csv(full()), StandardCharsets.UTF_8);

        assertThat(csv).startsWith("Situation report,\"Guy's pathology (RJ1), day 2026-06-01\"\n");
        for (Sitrep.Section s : Sitrep.Section.values()) {
            assertThat(csv).contains("\n" + Exports.cell(s.title()) + "\n").contains("\nMethod,\"how " + s.name() + " was counted, from the log\"\n");
        }
        assertThat(csv).contains("2026-06-01,RQ3,\"Lewisham, \"\"west\"\" site\",2\n")
                .contains(",'=blood bank count,")
                .contains("Incident,\"Guy's pathology, declared 2026-05-30 09:00, in force\"");
        assertThat(csv.indexOf(Sitrep.Section.ACTIVITY.title())).isLessThan(csv.indexOf(Sitrep.Section.REPORTED.title()));
    }

    @Test
    void theJsonIsTheRecordAsItIsWithIsoTimesAndReadsBack() {
        Sitrep sitrep = full();
        String json = new String(SitrepFiles.json(sitrep), StandardCharsets.UTF_8);

        assertThat(json).contains("\"medianToPhone\" : \"PT20M\"").contains("\"madeAt\" : \"2026-06-02T07:00:00Z\"")
                .contains("\"firstDay\" : \"2026-06-01\"").contains("\"CRITICALS\" : \"how CRITICALS was counted, from the log\"");
        assertThat(SitrepFiles.fromJson(SitrepFiles.json(sitrep))).isEqualTo(sitrep);
        assertThat(SitrepFiles.name(sitrep)).isEqualTo("sitrep-RJ1-day-2026-06-01");
    }

    @Test
    void aRouterSitrepWithoutCriticalsStillWritesBothFiles() {
        Sitrep sitrep = sitrep(null, 3);

        assertThat(new String(SitrepFiles.csv(sitrep), StandardCharsets.UTF_8)).contains("Still not phoned,not known here\n");
        assertThat(new String(SitrepFiles.json(sitrep), StandardCharsets.UTF_8)).contains("\"criticals\" : null");
    }

    private static Map<Sitrep.Section, SitrepTables.Table> byId(List<SitrepTables.Table> tables) {
        Map<Sitrep.Section, SitrepTables.Table> m = new EnumMap<>(Sitrep.Section.class);
        tables.forEach(t -> m.put(t.section(), t));
        return m;
    }
}
