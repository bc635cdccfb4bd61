package org.pathguard.sitrep;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

import org.pathguard.export.Exports;

import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * A sitrep as files for the incident cell: CSV (every table in one file, each under its title and followed by its
 * method line, so a figure never travels without how it was made) and JSON (the record as it is, times ISO-8601:
 * instants in UTC, durations as {@code PT1H5M}, days as dates).
 */
public final class SitrepFiles {

    private static final JsonMapper JSON = JsonMapper.builder()
            .disable(DateTimeFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DateTimeFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build();

    private SitrepFiles() {
    }

    /** "sitrep-RJ1-week-2026-12-07": who, how long, from when; the same stem for every format. */
    public static String name(Sitrep sitrep) {
        String who = sitrep.subject().ods() == null ? "network" : sitrep.subject().ods().replaceAll("[^A-Za-z0-9]", "");
        return "sitrep-" + who + "-" + sitrep.period().length().name().toLowerCase(Locale.ROOT) + "-" + sitrep.period().firstDay();
    }

    public static byte[] json(Sitrep sitrep) {
        return JSON.writeValueAsBytes(sitrep);
    }

    /** Read back a JSON sitrep (the tests, and anyone checking a file they were sent). */
    public static Sitrep fromJson(byte[] json) {
        return JSON.readValue(json, Sitrep.class);
    }

    public static byte[] csv(Sitrep sitrep) {
        return csvText(sitrep).getBytes(StandardCharsets.UTF_8);
    }

    static String csvText(Sitrep sitrep) {
        StringBuilder csv = new StringBuilder();
        line(csv, List.of("Situation report", heading(sitrep)));
        line(csv, List.of("Made at (UK time)", SitrepTables.moment(sitrep.madeAt())));
        if (sitrep.incident() != null) {
            line(csv, List.of("Incident", sitrep.incident().name() + (sitrep.incident().confirmed() ? "" : " (unconfirmed)")
                    + ", declared " + SitrepTables.moment(sitrep.incident().declaredAt())
                    + (sitrep.incident().closedAt() == null ? ", in force" : ", closed " + SitrepTables.moment(sitrep.incident().closedAt()))));
        }
        for (SitrepTables.Table table : SitrepTables.of(sitrep)) {
            csv.append('\n');
            line(csv, List.of(table.title()));
            line(csv, table.headings());
            table.rows().forEach(row -> line(csv, row));
            line(csv, List.of("Method", table.method()));
        }
        return csv.toString();
    }

    /** "Guy's pathology (RJ1), week 2026-12-07 to 2026-12-13". */
    public static String heading(Sitrep sitrep) {
        SitrepPeriod p = sitrep.period();
        String when = p.length() == SitrepPeriod.Length.DAY ? "day " + p.firstDay() : "week " + p.firstDay() + " to " + p.lastDay();
        String ods = sitrep.subject().ods() == null ? "" : " (" + sitrep.subject().ods() + ")";
        return sitrep.subject().name() + ods + ", " + when;
    }

    private static void line(StringBuilder csv, List<String> cells) {
        csv.append(String.join(",", cells.stream().map(Exports::cell).toList())).append('\n');
    }
}
