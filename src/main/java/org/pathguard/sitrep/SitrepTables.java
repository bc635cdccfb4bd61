package org.pathguard.sitrep;

import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

import org.pathguard.incident.IncidentFigure;
import org.pathguard.lab.LabTime;
import org.pathguard.lab.RequesterSetting;

/**
 * A sitrep as the titled tables people read: one per {@link Sitrep.Section}, in the section's order, each with its
 * column headings, its rows as text and the line saying how its figures were computed. The CSV, the PDF and the
 * screen all print these, so a figure reads the same wherever it is read. What the producer cannot know (a lab's
 * deferred work, the router's critical results) reads {@value #NOT_KNOWN}, never 0.
 */
public final class SitrepTables {

    public static final String NOT_KNOWN = "not known here";
    static final String NOT_RECORDED = "not recorded";

    private static final DateTimeFormatter UK_MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.UK).withZone(LabTime.ZONE);

    private SitrepTables() {
    }

    /** One table: a section's title, column headings, rows (each as many cells as headings) and method line. */
    public record Table(Sitrep.Section section, String title, List<String> headings, List<List<String>> rows, String method) {
        public Table {
            headings = List.copyOf(headings);
            rows = rows.stream().map(List::copyOf).toList();
        }
    }

    public static List<Table> of(Sitrep sitrep) {
        List<Table> tables = new ArrayList<>();
        for (Sitrep.Section section : Sitrep.Section.values()) {
            tables.add(table(sitrep, section));
        }
        return tables;
    }

    private static Table table(Sitrep s, Sitrep.Section section) {
        return switch (section) {
            case ACTIVITY -> table(s, section, List.of("Day", "Priority", "Setting", "Requested", "Performed", "Referred out",
                    "Deferred", "Rejected"), s.activity(), a -> List.of(a.day().toString(), words(a.priority().name()),
                    setting(a.setting()), number(a.requested()), number(a.performed()), number(a.referredOut()),
                    known(a.deferred()), number(a.rejected())));
            case REFERRED_OUT -> table(s, section, List.of("Day", "Partner ODS code", "Partner", "Tests"), s.referredOut(),
                    r -> List.of(r.day().toString(), r.partnerOds(), r.partnerName() == null ? "" : r.partnerName(), number(r.tests())));
            case CAPACITY -> table(s, section, List.of("Day", "Performed", "Normal", "Share of normal"), s.capacity(),
                    c -> List.of(c.day().toString(), number(c.performed()), c.normal().setScale(1, RoundingMode.HALF_UP).toPlainString(),
                            c.percentOfNormal() == null ? "no normal to compare" : c.percentOfNormal() + "%"));
            case TURNAROUND -> table(s, section, List.of("Setting", "Reported", "Median", "90th percentile", "95th percentile",
                    "Target", "Within target", "Unacceptable beyond", "Beyond unacceptable"), s.turnaround(), t -> List.of(
                    setting(t.setting()), number(t.reported()), duration(t.median()), duration(t.p90()), duration(t.p95()),
                    t.setting() == null ? "" : duration(t.setting().target()), number(t.withinTarget()),
                    t.setting() == null ? "" : duration(t.setting().unacceptable()), number(t.beyondUnacceptable())));
            case BACKLOG -> table(s, section, List.of("At (UK time)", "Deferred", "Received, not reported"), s.backlog(),
                    b -> List.of(moment(b.at()), known(b.deferred()), number(b.receivedNotReported())));
            case REFERRED_AGE -> table(s, section, List.of("Referred", "Tests"), s.referredByAge(),
                    r -> List.of(r.band().words() + " ago", number(r.tests())));
            case CRITICALS -> new Table(section, section.title(), List.of("Figure", "Value"), criticals(s.criticals()), method(s, section));
            case REPORTED -> table(s, section, List.of("Day", "Organisation ODS code", "Organisation", "Figure", "Value", "Source",
                    "Entered by", "Entered at (UK time)"), s.reported(), SitrepTables::reported);
        };
    }

    private static <T> Table table(Sitrep s, Sitrep.Section section, List<String> headings, List<T> items,
                                   Function<T, List<String>> row) {
        return new Table(section, section.title(), headings, items.stream().map(row).toList(), method(s, section));
    }

    private static String method(Sitrep s, Sitrep.Section section) {
        return s.method().getOrDefault(section, "");
    }

    /** Criticals read down, figure by figure: a router's sitrep has none to give, and says so on every line. */
    private static List<List<String>> criticals(CriticalPhoning c) {
        List<String> names = List.of("Raised", "Phoned", "Phoned within the deadline", "Median raise to phone",
                "90th percentile raise to phone", "Still not phoned");
        List<String> values = c == null ? names.stream().map(n -> NOT_KNOWN).toList()
                : List.of(number(c.raised()), number(c.phoned()), number(c.phonedWithinDeadline()), duration(c.medianToPhone()),
                        duration(c.p90ToPhone()), number(c.stillOpen()));
        List<List<String>> rows = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            rows.add(List.of(names.get(i), values.get(i)));
        }
        return rows;
    }

    private static List<String> reported(IncidentFigure f) {
        String value = f.kind().whole() ? f.value().setScale(0, RoundingMode.HALF_UP).toPlainString() : f.value().stripTrailingZeros().toPlainString();
        return List.of(f.day().toString(), f.organisationOds(), f.organisationName() == null ? "" : f.organisationName(),
                f.kind().words(), value, f.source() == null ? "" : f.source(), f.enteredBy(), moment(f.enteredAt()));
    }

    private static String words(String constant) {
        return constant.charAt(0) + constant.substring(1).toLowerCase(Locale.ROOT);
    }

    private static String setting(RequesterSetting setting) {
        return setting == null ? NOT_RECORDED : setting.words();
    }

    private static String number(int n) {
        return Integer.toString(n);
    }

    private static String known(Integer n) {
        return n == null ? NOT_KNOWN : n.toString();
    }

    static String moment(Instant at) {
        return UK_MINUTE.format(at);
    }

    /** Hours and minutes, as a lab states a turnaround ("26 h 05 min"); none when there was nothing to measure. */
    static String duration(Duration d) {
        if (d == null) {
            return "none";
        }
        long minutes = d.toMinutes();
        if (minutes < 60) {
            return minutes == 0 && d.toSeconds() > 0 ? d.toSeconds() + " s" : minutes + " min";
        }
        return String.format(Locale.UK, "%d h %02d min", minutes / 60, minutes % 60);
    }
}
