package org.pathguard.simulation;

import org.pathguard.lab.Priority;
import org.pathguard.routing.RoutingPolicy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.stream.Collectors;

/**
 * What a simulation leaves behind in its output directory: a CSV per run (one row per day), a summary CSV (one row
 * per run), the chart as SVG and PNG, and a short report in Markdown with the headline against the baseline.
 */
public final class SimulationFiles {

    private static final DateTimeFormatter TICK = DateTimeFormatter.ofPattern("d MMM", Locale.UK);
    private static final String BASELINE_COLOUR = "#d5281b";
    // Light to dark blue as the partners' spare share grows.
    private static final String[] BLUES = {"#9ecae1", "#6baed6", "#4292c6", "#2171b5", "#08519c", "#08306b", "#041c40"};

    private SimulationFiles() {
    }

    /** Writes every file into {@code dir} (created if need be) and returns them in the order written. */
    public static List<Path> write(SimulationResults results, Path dir) throws IOException {
        Files.createDirectories(dir);
        String name = results.scenario().name();
        List<Path> written = new ArrayList<>();
        written.add(write(dir.resolve(name + "-baseline.csv"), daysCsv(results.baseline())));
        for (SimulationRun run : results.withRouter()) {
            written.add(write(dir.resolve(name + "-spare-" + percentLabel(run.spare()) + ".csv"), daysCsv(run)));
        }
        written.add(write(dir.resolve(name + "-summary.csv"), summaryCsv(results)));
        OutageChart chart = chart(results);
        written.add(write(dir.resolve(name + ".svg"), chart.svg()));
        Path png = dir.resolve(name + ".png");
        Files.write(png, chart.png());
        written.add(png);
        written.add(write(dir.resolve(name + "-report.md"), report(results, name + ".png")));
        return written;
    }

    /** The chart as SVG to inline in a page (presentation attributes only, no style attributes). */
    public static String svg(SimulationResults results) {
        return chart(results).svg();
    }

    private static Path write(Path file, String text) throws IOException {
        return Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    static String percentLabel(double share) {
        return String.format(Locale.ROOT, "%02d", Math.round(share * 100));
    }

    static String daysCsv(SimulationRun run) {
        StringBuilder csv = new StringBuilder("day,date,down,capacity_share");
        for (Priority priority : Scenario.PRIORITIES) {
            String p = words(priority);
            csv.append(',').append(p).append("_arrived,").append(p).append("_at_home,").append(p).append("_routed,")
                    .append(p).append("_refused,").append(p).append("_deferred,").append(p).append("_drained,")
                    .append(p).append("_backlog,").append(p).append("_within_target,").append(p).append("_within_target_pct");
        }
        csv.append(",backlog");
        for (String partner : run.partners()) {
            for (Priority priority : Scenario.PRIORITIES) {
                csv.append(",partner_").append(partner).append('_').append(words(priority));
            }
        }
        csv.append('\n');
        for (DayFigures day : run.days()) {
            csv.append(day.day()).append(',').append(day.date()).append(',').append(day.down()).append(',').append(decimal(day.capacityShare(), 3));
            for (Priority priority : Scenario.PRIORITIES) {
                DayFigures.Fates f = day.of(priority);
                csv.append(',').append(f.arrived()).append(',').append(f.atHome()).append(',').append(f.routed()).append(',')
                        .append(f.refused()).append(',').append(f.deferred()).append(',').append(f.drained()).append(',')
                        .append(f.backlog()).append(',').append(f.withinTarget()).append(',')
                        .append(RoutingPolicy.targetMinutes(priority).isPresent() ? percent(day.withinTargetShare(priority)) : "");
            }
            csv.append(',').append(day.backlog());
            for (String partner : run.partners()) {
                for (Priority priority : Scenario.PRIORITIES) {
                    csv.append(',').append(day.partnerLoad().get(partner).get(priority));
                }
            }
            csv.append('\n');
        }
        return csv.toString();
    }

    static String summaryCsv(SimulationResults results) {
        StringBuilder csv = new StringBuilder("run,spare_pct,critical_within_target_pct,urgent_within_target_pct,routine_deferred,"
                + "routine_backlog_peak,backlog_peak,backlog_at_end,backlog_cleared_day,refused_or_turned_away,routed,arrived,"
                + "done_at_home_on_arrival,done_from_backlog,accounts_for_every_request\n");
        for (SimulationRun run : runs(results)) {
            long backlogPeak = run.days().stream().mapToLong(DayFigures::backlog).max().orElse(0);
            long drained = Scenario.PRIORITIES.stream().mapToLong(p -> run.totals(p).drained()).sum();
            long atHome = Scenario.PRIORITIES.stream().mapToLong(p -> run.totals(p).atHome()).sum();
            csv.append(run.response() == SimulationRun.Response.ROUTER ? "router" : "as-in-2024").append(',')
                    .append(run.response() == SimulationRun.Response.ROUTER ? percentLabel(run.spare()) : "").append(',')
                    .append(percent(run.withinTargetDuringOutage(Priority.CRITICAL))).append(',')
                    .append(percent(run.withinTargetDuringOutage(Priority.URGENT))).append(',')
                    .append(run.totals(Priority.ROUTINE).deferred()).append(',')
                    .append(run.peakBacklog(Priority.ROUTINE)).append(',')
                    .append(backlogPeak).append(',')
                    .append(run.days().getLast().backlog()).append(',')
                    .append(run.backlogClearedOn().isEmpty() ? "" : String.valueOf(run.backlogClearedOn().getAsInt())).append(',')
                    .append(run.refusedTotal()).append(',')
                    .append(run.routedTotal()).append(',')
                    .append(run.arrivedTotal()).append(',')
                    .append(atHome).append(',')
                    .append(drained).append(',')
                    .append(run.accountsForEveryRequest()).append('\n');
        }
        return csv.toString();
    }

    private static List<SimulationRun> runs(SimulationResults results) {
        List<SimulationRun> runs = new ArrayList<>(results.withRouter());
        runs.add(results.baseline());
        return runs;
    }

    static OutageChart chart(SimulationResults results) {
        Scenario scenario = results.scenario();
        List<DayFigures> days = results.baseline().days();
        List<String> ticks = days.stream().map(d -> d.day() % 7 == 0 ? TICK.format(d.date()) : "").toList();
        int from = scenario.outage().startDay();
        int to = from + scenario.outage().days();
        String shade = "outage (" + scenario.outage().days() + " days)";
        List<OutageChart.Line> critical = new ArrayList<>(), urgent = new ArrayList<>(), waiting = new ArrayList<>();
        for (int i = 0; i < results.withRouter().size(); i++) {
            SimulationRun run = results.withRouter().get(i);
            String colour = BLUES[Math.min(i * (BLUES.length - 1) / Math.max(1, results.withRouter().size() - 1), BLUES.length - 1)];
            String label = "router, " + Math.round(run.spare() * 100) + "% spare";
            critical.add(new OutageChart.Line(label, withinTarget(run, Priority.CRITICAL), colour, false));
            urgent.add(new OutageChart.Line(label, withinTarget(run, Priority.URGENT), colour, false));
            waiting.add(new OutageChart.Line(label + ": waiting", run.days().stream().mapToDouble(DayFigures::backlog).toArray(), colour, false));
        }
        SimulationRun baseline = results.baseline();
        critical.add(new OutageChart.Line("as in 2024 (no router)", withinTarget(baseline, Priority.CRITICAL), BASELINE_COLOUR, true));
        urgent.add(new OutageChart.Line("as in 2024 (no router)", withinTarget(baseline, Priority.URGENT), BASELINE_COLOUR, true));
        long[] turnedAway = new long[days.size()];
        for (int d = 0; d < days.size(); d++) {
            DayFigures day = baseline.days().get(d);
            turnedAway[d] = (d == 0 ? 0 : turnedAway[d - 1]) + Scenario.PRIORITIES.stream().mapToInt(p -> day.of(p).refused()).sum();
        }
        waiting.add(new OutageChart.Line("2024: turned away so far", java.util.Arrays.stream(turnedAway).asDoubleStream().toArray(), BASELINE_COLOUR, true));
        return new OutageChart(scenario.title(), List.of(
                new OutageChart.Panel("Critical requests with a result within 1 hour, per day", true, critical, ticks, from, to, shade),
                new OutageChart.Panel("Urgent requests with a result within 4 hours, per day", true, urgent, ticks, from, to, shade),
                new OutageChart.Panel("Requests waiting in the backlog (router) or turned away (2024)", false, waiting, ticks, from, to, shade)));
    }

    private static double[] withinTarget(SimulationRun run, Priority priority) {
        return run.days().stream().mapToDouble(d -> d.withinTargetShare(priority).orElse(Double.NaN) * 100).toArray();
    }

    static String report(SimulationResults results, String png) {
        Scenario scenario = results.scenario();
        SimulationRun baseline = results.baseline();
        StringBuilder md = new StringBuilder();
        md.append("# ").append(scenario.title()).append("\n\n").append(scenario.about()).append("\n\n");
        md.append(String.format(Locale.ROOT, "Simulated %d days from %s; the fallen lab %s is down for %d days from day %d. "
                        + "Arrivals %s, seed %d. %,d requests in all (about %,.0f tests).%n%n",
                scenario.days(), scenario.startDate(), scenario.fallen().name(), scenario.outage().days(), scenario.outage().startDay(),
                scenario.arrivals().value().toLowerCase(Locale.ROOT), scenario.seed(), baseline.arrivedTotal(),
                baseline.arrivedTotal() * scenario.testsPerRequest().value()));
        md.append("![").append(scenario.title()).append("](").append(png).append(")\n\n");
        md.append("## Headline\n\n");
        SimulationRun best = results.withRouter().isEmpty() ? null : results.withRouter().getLast();
        if (best != null) {
            md.append(String.format(Locale.ROOT, "Over the outage, with the network router and partners offering %d%% of their normal capacity, "
                            + "%s of critical and %s of urgent requests had a result within target, against %s and %s as in 2024. "
                            + "Routine work was held, not lost: %,d routine requests deferred, the backlog peaking at %,d requests%s. "
                            + "Working as in 2024, %,d requests were turned away, each a re-bleed or a test not done.%n%n",
                    Math.round(best.spare() * 100), percentWords(best.withinTargetDuringOutage(Priority.CRITICAL)),
                    percentWords(best.withinTargetDuringOutage(Priority.URGENT)),
                    percentWords(baseline.withinTargetDuringOutage(Priority.CRITICAL)),
                    percentWords(baseline.withinTargetDuringOutage(Priority.URGENT)),
                    best.totals(Priority.ROUTINE).deferred(), best.days().stream().mapToLong(DayFigures::backlog).max().orElse(0),
                    cleared(best),
                    baseline.refusedTotal()));
        }
        md.append("## Results per partner spare capacity\n\n");
        md.append(table(results)).append('\n');
        md.append("Within target: share of the requests arriving on outage days whose result came within the target from the specimen "
                + "leaving the requester (critical 60 minutes, urgent 240, from RoutingPolicy.targetMinutes); a refused, deferred or turned-away "
                + "request counts as not within target. Refused/turned away: for the router, critical requests no partner could take; "
                + "in 2024, everything the fallen lab did not take.\n\n");
        md.append("## Assumptions (from the scenario file)\n\n");
        assumption(md, "Arrivals", scenario.arrivals().value(), scenario.arrivals().why(), scenario.arrivals().sources());
        assumption(md, "Tests per request", String.valueOf(scenario.testsPerRequest().value()), scenario.testsPerRequest().why(), scenario.testsPerRequest().sources());
        assumption(md, "Capacity curve", scenario.outage().shares().toString() + " per " + scenario.outage().per().toLowerCase(Locale.ROOT),
                scenario.outage().why(), scenario.outage().sources());
        for (Scenario.Lab lab : scenario.labs()) {
            assumption(md, lab.name() + " (" + lab.ods() + ")", "normal capacity " + perPriority(lab.normalCapacity(), " a day")
                    + "; turnaround " + perPriority(lab.turnaroundMinutes(), " min")
                    + (lab.outageTurnaroundMinutes() == null ? "" : ", in the outage " + perPriority(lab.outageTurnaroundMinutes(), " min"))
                    + "; transport " + lab.transportMinutes().entrySet().stream().sorted(Map.Entry.comparingByKey())
                    .map(e -> e.getKey() + " " + e.getValue() + " min").collect(Collectors.joining(", ")), lab.why(), lab.sources());
        }
        for (Scenario.Demand demand : scenario.demand()) {
            assumption(md, "Demand " + demand.requester(), String.format(Locale.ROOT, "%,.0f a weekday (%.0f%% of that at weekends), %s%s",
                    demand.perWeekday(), demand.weekendShare() * 100, Scenario.PRIORITIES.stream().filter(demand.priorityShares()::containsKey)
                            .map(p -> Math.round(demand.priorityShares().get(p) * 100) + "% " + words(p)).collect(Collectors.joining(", ")),
                    demand.routineQuotaPerDay() == null ? "" : ", routine quota " + demand.routineQuotaPerDay() + " a day"),
                    demand.why(), demand.sources());
        }
        assumption(md, "Partner spare capacity", scenario.partnerSpareShare().value().toString(), scenario.partnerSpareShare().why(),
                scenario.partnerSpareShare().sources());
        assumption(md, "Baseline", "in the outage the fallen lab takes " + scenario.baseline().fallenLabTakes().stream().map(SimulationFiles::words)
                        .collect(Collectors.joining(", ")) + " work" + scenario.baseline().allowances().stream()
                        .map(a -> ", and " + a.perDay() + " a day from " + a.requester() + " ("
                                + a.priorities().stream().map(SimulationFiles::words).collect(Collectors.joining(", ")) + ")")
                        .collect(Collectors.joining()),
                scenario.baseline().why(), scenario.baseline().sources());
        md.append("\nThe model (ADR 0036): time advances by the hour; the fallen lab's capacity for the day goes to critical, then urgent, then "
                + "routine work, each up to its normal; what it cannot take is triaged by the router's own RoutingPolicy against the partners' "
                + "spare capacity; deferred requests wait in the backlog, which the fallen lab's unused capacity drains at the end of each day. "
                + "Queueing within a day is not modelled: a result is within target when transport plus turnaround is.\n");
        return md.toString();
    }

    /** The results table, one row per run, shared by the report and docs/benchmarks.md. */
    public static String table(SimulationResults results) {
        StringBuilder md = new StringBuilder("| Run | Critical within 1 h | Urgent within 4 h | Routine deferred | Routine backlog peak | "
                + "Backlog cleared | Refused / turned away | Routed to partners |\n|---|---:|---:|---:|---:|---|---:|---:|\n");
        for (SimulationRun run : runs(results)) {
            md.append("| ").append(run.response() == SimulationRun.Response.ROUTER ? "Router, partners " + Math.round(run.spare() * 100) + "% spare"
                            : "As in 2024 (no router)").append(" | ")
                    .append(percentWords(run.withinTargetDuringOutage(Priority.CRITICAL))).append(" | ")
                    .append(percentWords(run.withinTargetDuringOutage(Priority.URGENT))).append(" | ")
                    .append(String.format(Locale.ROOT, "%,d", run.totals(Priority.ROUTINE).deferred())).append(" | ")
                    .append(String.format(Locale.ROOT, "%,d", run.peakBacklog(Priority.ROUTINE))).append(" | ")
                    .append(clearedCell(run)).append(" | ")
                    .append(String.format(Locale.ROOT, "%,d", run.refusedTotal())).append(" | ")
                    .append(String.format(Locale.ROOT, "%,d", run.routedTotal())).append(" |\n");
        }
        return md.toString();
    }

    private static String cleared(SimulationRun run) {
        if (run.backlogClearedOn().isPresent()) {
            int day = run.backlogClearedOn().getAsInt();
            return " and cleared on day " + day + " (" + run.days().get(day).date() + ")";
        }
        long waiting = run.days().getLast().backlog();
        return waiting == 0 ? "" : String.format(Locale.ROOT, " and not cleared by the end of the run (%,d waiting)", waiting);
    }

    private static String clearedCell(SimulationRun run) {
        if (run.backlogClearedOn().isPresent()) {
            return "day " + run.backlogClearedOn().getAsInt();
        }
        long waiting = run.days().getLast().backlog();
        return waiting == 0 ? "nothing deferred" : String.format(Locale.ROOT, "not by the end (%,d waiting)", waiting);
    }

    private static void assumption(StringBuilder md, String what, String value, String why, List<String> sources) {
        md.append("- **").append(what).append("**: ").append(value).append(". ").append(why);
        if (sources != null && !sources.isEmpty()) {
            md.append(" Sources: ").append(String.join("; ", sources)).append('.');
        }
        md.append('\n');
    }

    private static String perPriority(Map<Priority, Integer> values, String unit) {
        return Scenario.PRIORITIES.stream().filter(values::containsKey)
                .map(p -> words(p) + " " + String.format(Locale.ROOT, "%,d", values.get(p)) + unit).collect(Collectors.joining(", "));
    }

    private static String words(Priority priority) {
        return priority.name().toLowerCase(Locale.ROOT);
    }

    private static String percent(OptionalDouble share) {
        return share.isEmpty() ? "" : decimal(share.getAsDouble() * 100, 1);
    }

    private static String percentWords(OptionalDouble share) {
        return share.isEmpty() ? "none arrived" : decimal(share.getAsDouble() * 100, 1) + "%";
    }

    private static String decimal(double value, int places) {
        return String.format(Locale.ROOT, "%." + places + "f", value);
    }
}
