package org.pathguard.simulation;

import org.pathguard.lab.Priority;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A pathology network in an outage, as a JSON file: its labs (one of them fallen), what the requesters send by hour
 * and priority, how the fallen lab's capacity comes back, and what happened without a router (the baseline). Every
 * figure that is an assumption sits in an object with a {@code why} (and, where there is one, {@code sources}), so a
 * reader can challenge it in the file rather than in the code. The unit throughout is a request (one order, one set
 * of specimens), because triage is per request; tests per request only converts the scale into tests.
 */
public record Scenario(String name, String title, String about, LocalDate startDate, int days, long seed,
                       Stated<String> arrivals, Stated<Double> testsPerRequest, String fallenLab, Outage outage,
                       List<Lab> labs, Stated<List<Double>> partnerSpareShare, List<Demand> demand, Baseline baseline) {

    /** Requests of one priority per day, per hour, etc.: the three priorities in their order. */
    static final List<Priority> PRIORITIES = List.of(Priority.CRITICAL, Priority.URGENT, Priority.ROUTINE);

    /** One stated figure with the reason it was chosen and where it comes from. */
    public record Stated<T>(T value, String why, List<String> sources) {
    }

    /**
     * The fallen lab's capacity over the outage as a share of its normal, one value per week or per day; past the
     * last value the last holds. {@code afterShare} is its capacity once back (1.0: normal, more with extra shifts).
     */
    public record Outage(int startDay, int days, String per, List<Double> shares, double afterShare, String why, List<String> sources) {

        boolean covers(int day) {
            return day >= startDay && day < startDay + days;
        }

        double share(int day) {
            if (!covers(day)) {
                return day < startDay ? 1.0 : afterShare;
            }
            int index = (day - startDay) / ("WEEK".equals(per) ? 7 : 1);
            return shares.get(Math.min(index, shares.size() - 1));
        }
    }

    /**
     * A laboratory of the network. {@code normalCapacity}: requests per priority it can do in a normal day (for a
     * partner, its spare share of this is what it offers). {@code transportMinutes}: from a requester of each type
     * of the fallen lab's to this lab. A priority without a turnaround is one the lab does not take for others.
     */
    public record Lab(String ods, String name, Map<Priority, Integer> normalCapacity, Map<Priority, Integer> turnaroundMinutes,
                      Map<Priority, Integer> outageTurnaroundMinutes, Map<String, Integer> transportMinutes, List<String> tests,
                      String why, List<String> sources) {
    }

    /**
     * What one type of requester (GP, ED, ward, outpatients) sends to the fallen lab: requests on a weekday, the share
     * of that on a Saturday or Sunday, how they spread over the 24 hours (weights) and over the priorities (shares
     * summing to 1), and an optional routine quota per day that the network lets through to partners in an outage.
     */
    public record Demand(String requester, Double perWeekday, Double weekendShare, List<Double> hourWeights,
                         Map<Priority, Double> priorityShares, List<String> tests, Integer routineQuotaPerDay,
                         String why, List<String> sources) {

        double perDay(LocalDate date) {
            DayOfWeek day = date.getDayOfWeek();
            return day == DayOfWeek.SATURDAY || day == DayOfWeek.SUNDAY ? perWeekday * weekendShare : perWeekday;
        }

        /** Mean requests of {@code priority} in {@code hour} on {@code date}. */
        double rate(LocalDate date, int hour, Priority priority) {
            double weights = hourWeights.stream().mapToDouble(Double::doubleValue).sum();
            return perDay(date) * hourWeights.get(hour) / weights * priorityShares.getOrDefault(priority, 0.0);
        }
    }

    /**
     * What happened without a router: in the outage the fallen lab gave its capacity only to {@code fallenLabTakes}
     * and to the requesters' allowances (400 GP samples a day in 2024); everything else was turned away.
     */
    public record Baseline(List<Priority> fallenLabTakes, List<Allowance> allowances, String why, List<String> sources) {
        public Baseline {
            allowances = allowances == null ? List.of() : allowances;
        }
    }

    public record Allowance(String requester, int perDay, List<Priority> priorities) {
    }

    /** A scenario that cannot be run, with what is wrong in it in words. */
    public static final class Invalid extends RuntimeException {
        Invalid(String message) {
            super(message);
        }
    }

    private static final JsonMapper MAPPER = JsonMapper.builder()
            // A misspelt field would otherwise silently become a default: refuse it.
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            // A missing number reads as zero; the checks below refuse a zero wherever it cannot be meant.
            .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    // Bounds on what a file may ask for, so that a wrong or hostile file cannot take the machine's memory:
    // the arrivals are days x 24 hours x 3 priorities x requester types counts.
    static final long MAX_FILE_BYTES = 1024 * 1024;
    static final int MAX_REQUESTER_TYPES = 50;
    static final int MAX_LABS = 50;

    /** The scenarios shipped with PathGuard, found by name. */
    public static final List<String> SHIPPED = List.of("london-2024");

    /** A shipped scenario by name, or a scenario file by path. */
    public static Scenario load(String nameOrFile) {
        if (SHIPPED.contains(nameOrFile)) {
            try (InputStream in = Scenario.class.getResourceAsStream("/scenarios/" + nameOrFile + ".json")) {
                if (in == null) {
                    throw new IllegalStateException("scenarios/" + nameOrFile + ".json is missing from the application");
                }
                return read(in, nameOrFile);
            } catch (IOException e) {
                throw new Invalid("Cannot read the shipped scenario " + nameOrFile + ": " + e.getMessage());
            }
        }
        Path file = Path.of(nameOrFile);
        if (!Files.isRegularFile(file)) {
            throw new Invalid("No scenario file " + nameOrFile + " and no shipped scenario of that name (shipped: "
                    + String.join(", ", SHIPPED) + ")");
        }
        try (InputStream in = Files.newInputStream(file)) {
            if (Files.size(file) > MAX_FILE_BYTES) {
                throw new Invalid("The scenario file " + nameOrFile + " is over " + MAX_FILE_BYTES / 1024 + " KiB: a scenario is a few pages of figures");
            }
            return read(in, file.toString());
        } catch (IOException e) {
            throw new Invalid("Cannot read the scenario file " + nameOrFile + ": " + e.getMessage());
        }
    }

    static Scenario read(InputStream in, String from) {
        Scenario scenario;
        try {
            scenario = MAPPER.readValue(in, Scenario.class);
        } catch (JacksonException e) {
            throw new Invalid("The scenario " + from + " is not valid JSON of a scenario: " + e.getOriginalMessage()
                    + (e.getPathReference() == null ? "" : " (at " + e.getPathReference() + ")"));
        }
        List<String> problems = scenario.problems();
        if (!problems.isEmpty()) {
            throw new Invalid("The scenario " + from + " cannot be run: " + String.join("; ", problems));
        }
        return scenario;
    }

    Lab fallen() {
        return labs.stream().filter(l -> fallenLab.equals(l.ods())).findFirst().orElseThrow();
    }

    List<Lab> partners() {
        return labs.stream().filter(l -> !fallenLab.equals(l.ods())).toList();
    }

    /** Everything wrong with the scenario, in words; empty when it can be run. */
    List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (name == null || name.isBlank()) {
            problems.add("it has no name");
        }
        if (startDate == null) {
            problems.add("it has no startDate");
        }
        if (days < 1 || days > 3660) {
            problems.add("days must be from 1 to 3660, not " + days);
        }
        stated("arrivals", arrivals, problems);
        if (arrivals != null && !List.of("POISSON", "DETERMINISTIC").contains(arrivals.value())) {
            problems.add("arrivals must be POISSON or DETERMINISTIC");
        }
        stated("testsPerRequest", testsPerRequest, problems);
        if (testsPerRequest != null && (testsPerRequest.value() == null || testsPerRequest.value() <= 0)) {
            problems.add("testsPerRequest must be above zero");
        }
        stated("partnerSpareShare", partnerSpareShare, problems);
        if (partnerSpareShare != null && partnerSpareShare.value() != null) {
            partnerSpareShare.value().forEach(s -> share("a partner spare share", s, problems));
        }
        outageProblems(problems);
        Set<String> requesters = new HashSet<>();
        if (demand == null || demand.isEmpty() || demand.size() > MAX_REQUESTER_TYPES || demand.stream().anyMatch(java.util.Objects::isNull)) {
            problems.add("demand must list 1 to " + MAX_REQUESTER_TYPES + " requester types, none empty");
        } else {
            demand.forEach(d -> demandProblems(d, requesters, problems));
        }
        labProblems(requesters, problems);
        baselineProblems(requesters, problems);
        return problems;
    }

    private void outageProblems(List<String> problems) {
        if (outage == null) {
            problems.add("it has no outage");
            return;
        }
        why("the outage", outage.why(), problems);
        if (outage.days() < 1 || outage.startDay() < 0 || outage.startDay() + outage.days() > days) {
            problems.add("the outage must lie within the " + days + " simulated days");
        }
        if (!List.of("WEEK", "DAY").contains(outage.per())) {
            problems.add("the outage's capacity shares must be per WEEK or DAY");
        }
        if (outage.shares() == null || outage.shares().isEmpty()) {
            problems.add("the outage gives no capacity shares");
        } else {
            outage.shares().forEach(s -> share("an outage capacity share", s, problems));
        }
        if (outage.afterShare() <= 0 || outage.afterShare() > 3) {
            problems.add("the outage's afterShare must be above 0 and at most 3");
        }
    }

    private static void demandProblems(Demand d, Set<String> requesters, List<String> problems) {
        String who = "demand " + d.requester();
        if (d.requester() == null || d.requester().isBlank() || !requesters.add(d.requester())) {
            problems.add("every demand needs its own requester type");
        }
        why(who, d.why(), problems);
        if (d.perWeekday() == null || d.weekendShare() == null || d.perWeekday() < 0 || d.weekendShare() < 0) {
            problems.add(who + ": needs requests per weekday (perWeekday) and the share of that at weekends (weekendShare), neither negative");
        }
        if (d.hourWeights() == null || d.hourWeights().size() != 24 || d.hourWeights().stream().anyMatch(w -> w == null || w < 0)
                || d.hourWeights().stream().mapToDouble(Double::doubleValue).sum() <= 0) {
            problems.add(who + ": hourWeights must be 24 weights, none negative, not all zero");
        }
        if (d.priorityShares() == null || Math.abs(d.priorityShares().values().stream().mapToDouble(Double::doubleValue).sum() - 1) > 1e-6
                || d.priorityShares().values().stream().anyMatch(s -> s < 0)) {
            problems.add(who + ": priorityShares must be shares summing to 1");
        }
        if (d.tests() == null || d.tests().isEmpty()) {
            problems.add(who + ": names no tests");
        }
        if (d.routineQuotaPerDay() != null && d.routineQuotaPerDay() < 0) {
            problems.add(who + ": a routine quota cannot be negative");
        }
    }

    private void labProblems(Set<String> requesters, List<String> problems) {
        if (labs == null || labs.isEmpty() || labs.size() > MAX_LABS || labs.stream().anyMatch(java.util.Objects::isNull)) {
            problems.add("labs must list 1 to " + MAX_LABS + " labs, none empty");
            return;
        }
        if (labs.stream().noneMatch(l -> fallenLab != null && fallenLab.equals(l.ods()))) {
            problems.add("the fallen lab " + fallenLab + " is not one of the labs");
            return;
        }
        Set<String> codes = new HashSet<>();
        for (Lab lab : labs) {
            String which = "lab " + lab.ods();
            if (lab.ods() == null || lab.ods().isBlank() || !codes.add(lab.ods())) {
                problems.add("every lab needs its own ODS code");
            }
            why(which, lab.why(), problems);
            if (lab.normalCapacity() == null || lab.normalCapacity().values().stream().anyMatch(c -> c < 0)) {
                problems.add(which + ": normalCapacity must be given and not negative");
            }
            if (lab.turnaroundMinutes() == null || lab.turnaroundMinutes().values().stream().anyMatch(m -> m < 0)) {
                problems.add(which + ": turnaroundMinutes must be given and not negative");
            }
            if (lab.transportMinutes() == null || !lab.transportMinutes().keySet().containsAll(requesters)
                    || lab.transportMinutes().values().stream().anyMatch(m -> m < 0)) {
                problems.add(which + ": transportMinutes must give minutes from every requester type (" + String.join(", ", requesters.stream().sorted().toList()) + ")");
            }
            if (lab.tests() == null) {
                problems.add(which + ": names no tests");
            }
        }
        Lab fallen = fallen();
        if (fallen.turnaroundMinutes() != null && !fallen.turnaroundMinutes().keySet().containsAll(PRIORITIES)) {
            problems.add("the fallen lab " + fallenLab + " must give a turnaround for every priority");
        }
    }

    private void baselineProblems(Set<String> requesters, List<String> problems) {
        if (baseline == null) {
            problems.add("it has no baseline (what happened without a router)");
            return;
        }
        why("the baseline", baseline.why(), problems);
        if (baseline.fallenLabTakes() == null) {
            problems.add("the baseline must say which priorities the fallen lab took (fallenLabTakes)");
        }
        Set<String> allowed = new HashSet<>();
        for (Allowance allowance : baseline.allowances()) {
            if (!allowed.add(allowance.requester())) {
                problems.add("the baseline gives " + allowance.requester() + " more than one allowance");
            }
            if (!requesters.contains(allowance.requester())) {
                problems.add("the baseline's allowance names " + allowance.requester() + ", not a requester type of the demand");
            }
            if (allowance.perDay() < 0 || allowance.priorities() == null || allowance.priorities().isEmpty()) {
                problems.add("the baseline's allowance for " + allowance.requester() + " needs requests per day and priorities");
            }
        }
    }

    private static void stated(String what, Stated<?> stated, List<String> problems) {
        if (stated == null || stated.value() == null) {
            problems.add(what + " is missing");
        } else {
            why(what, stated.why(), problems);
        }
    }

    private static void why(String what, String why, List<String> problems) {
        if (why == null || why.isBlank()) {
            problems.add(what + " states no reason (why)");
        }
    }

    private static void share(String what, Double share, List<String> problems) {
        if (share == null || share < 0 || share > 1) {
            problems.add(what + " must be from 0 to 1, not " + share);
        }
    }

    /** The capacity of a partner at {@code spare} of its normal, per priority, in whole requests. */
    static Map<Priority, Integer> spare(Lab partner, double spare) {
        Map<Priority, Integer> capacity = new java.util.EnumMap<>(Priority.class);
        partner.normalCapacity().forEach((priority, normal) -> capacity.put(priority, (int) Math.floor(normal * spare + 1e-9)));
        return capacity;
    }
}
