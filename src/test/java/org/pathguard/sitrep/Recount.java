package org.pathguard.sitrep;

import org.pathguard.eventlog.EventLog;
import org.pathguard.incident.FigureKind;
import org.pathguard.incident.IncidentFigure;
import org.pathguard.lab.LabTime;
import org.pathguard.lab.Priority;
import org.pathguard.lab.RequesterSetting;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * The sitrep's figures counted again by another path: the raw events read back from the log and decrypted, their
 * payloads read as plain JSON by field name (not through the features' records or projections), and every figure
 * computed here from those alone, by the brief's definitions. It shares nothing with {@code LabSitreps} but the
 * log, so a wrong join, a projection that drops an event, or a day counted in the wrong zone shows as a difference.
 */
final class Recount {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** One event as stored: its type, when the log stamped it, and its payload's fields. */
    record Raw(long sequence, String type, Instant at, String actor, JsonNode body) {
        String text(String field) {
            JsonNode value = body.get(field);
            return value == null || value.isNull() ? null : value.asString();
        }

        /** Who acted, without the role the log records beside the name ("lm.hughes/LAB_MANAGER"). */
        String person() {
            int slash = actor.indexOf('/');
            return slash < 0 ? actor : actor.substring(0, slash);
        }

        Instant instant(String field) {
            JsonNode value = body.get(field);
            if (value == null || value.isNull()) {
                return null;
            }
            if (value.isNumber()) {
                BigDecimal seconds = value.decimalValue();
                return Instant.ofEpochSecond(seconds.longValue(), seconds.remainder(BigDecimal.ONE).movePointRight(9).longValue());
            }
            return Instant.parse(value.asString());
        }
    }

    private static final class Order {
        String ods;
        Priority priority;
        boolean elsewhere;
        Instant firstReceived;
        Instant firstReported;
        final Map<String, Test> tests = new LinkedHashMap<>();
    }

    private static final class Test {
        String code;
        String specimenType;
        Instant requested;
        Instant cancelled;
        Instant firstPerformed;
    }

    private record Referral(String id, String orderId, String partner, Instant requested, TreeMap<Long, Move> moves) {
    }

    private record Move(Instant at, String to) {
    }

    private record Alert(Instant raised, Instant told) {
    }

    private final List<Raw> events = new ArrayList<>();
    private final Map<String, Order> orders = new HashMap<>();
    private final Map<String, String> specimenTypeOfTube = new HashMap<>();
    private final Map<String, String> orderOfTube = new HashMap<>();
    private final Map<String, RequesterSetting> settings = new HashMap<>();
    private final Map<String, String> partnerNames = new HashMap<>();
    private final Map<String, String> specimenTypeOfTest = new HashMap<>();
    private final Map<String, Referral> referrals = new LinkedHashMap<>();
    private final Map<String, Instant> alertRaised = new LinkedHashMap<>();
    private final Map<String, Instant> alertTold = new HashMap<>();
    /** Each tube rejection: the order, the tube's specimen type, when. */
    private final List<String[]> rejections = new ArrayList<>();
    private final List<Instant> rejectionTimes = new ArrayList<>();

    private Recount() {
    }

    /** Reads the whole log back; {@code specimenTypes} is the catalogue's test-to-tube map (test code to specimen type). */
    static Recount of(EventLog log, Map<String, String> specimenTypes) {
        Recount recount = new Recount();
        recount.specimenTypeOfTest.putAll(specimenTypes);
        log.events(0, Long.MAX_VALUE, e -> recount.events.add(new Raw(e.sequence(), e.type(), e.recordedAt(), e.actor(),
                JSON.readTree(e.payload()))));
        recount.events.forEach(recount::take);
        return recount;
    }

    List<Raw> events() {
        return events;
    }

    private void take(Raw e) {
        switch (e.type()) {
            case "OrderPlaced" -> {
                Order order = new Order();
                order.ods = e.text("requesterOds");
                order.priority = Priority.valueOf(e.text("priority"));
                for (JsonNode code : e.body().get("tests")) {
                    addTest(order, code.asString(), e.at());
                }
                orders.put(e.text("orderId"), order);
            }
            case "OrderDoneElsewhere" -> orders.get(e.text("orderId")).elsewhere = true;
            case "TestAdded" -> addTest(orders.get(e.text("orderId")), e.text("testCode"), e.at());
            case "TestCancelled" -> orders.get(e.text("orderId")).tests.get(e.text("testCode")).cancelled = e.at();
            case "SpecimenCollected" -> {
                specimenTypeOfTube.put(e.text("specimenId"), e.text("specimenType"));
                orderOfTube.put(e.text("specimenId"), e.text("orderId"));
            }
            case "SpecimenReceived" -> {
                Order order = orders.get(e.text("orderId"));
                Instant received = e.instant("receivedAt");
                if (order.firstReceived == null || received.isBefore(order.firstReceived)) {
                    order.firstReceived = received;
                }
            }
            case "SpecimenRejected" -> {
                rejections.add(new String[]{e.text("orderId"), specimenTypeOfTube.get(e.text("specimenId"))});
                rejectionTimes.add(e.at());
            }
            case "ResultRecorded" -> performed(e.text("orderId"), e.text("testCode"), e.body().get("performedBy"), e.at());
            case "ResultsRecorded" -> {
                for (JsonNode result : e.body().get("results")) {
                    performed(e.text("orderId"), result.get("testCode").asString(), e.body().get("performedBy"), e.at());
                }
            }
            case "ReportReleased" -> {
                Order order = orders.get(e.text("orderId"));
                if (e.body().get("version").asInt() == 1 && order.firstReported == null) {
                    order.firstReported = e.at();
                }
            }
            case "ReferralRequested" -> referrals.put(e.text("referralId"), new Referral(e.text("referralId"), e.text("orderId"),
                    e.text("partnerOds"), e.at(), new TreeMap<>()));
            case "ReferralStateChanged" -> referrals.get(e.text("referralId")).moves().put(e.sequence(), new Move(e.at(), e.text("to")));
            case "CriticalAlertRaised" -> alertRaised.put(e.text("alertId"), e.at());
            case "CriticalResultPhoned" -> alertTold.putIfAbsent(e.text("alertId"), e.instant("toldAt"));
            case "RequesterContactSet" -> {
                String setting = e.text("setting");
                settings.put(e.text("requesterOds"), setting == null ? null : RequesterSetting.valueOf(setting));
            }
            case "AgreementSet" -> partnerNames.put(e.body().get("agreement").get("odsCode").asString(),
                    e.body().get("agreement").get("name").asString());
            default -> {
            }
        }
    }

    /** A result here (no performing partner) marks its test performed, the first one only. */
    private void performed(String orderId, String testCode, JsonNode by, Instant at) {
        Test test = orders.get(orderId).tests.get(testCode);
        if ((by == null || by.isNull()) && test.firstPerformed == null) {
            test.firstPerformed = at;
        }
    }

    private void addTest(Order order, String code, Instant at) {
        Test test = new Test();
        test.code = code;
        test.specimenType = Objects.requireNonNull(specimenTypeOfTest.get(code), code);
        test.requested = at;
        order.tests.put(code, test);
    }

    /** Referrals the partner refused: the week must have some for the age bands to be tested on them. */
    long refusedReferrals() {
        return referrals.values().stream().filter(r -> r.moves().values().stream().anyMatch(m -> m.to().equals("REFUSED"))).count();
    }

    /** Tests added to an order over six hours after its receipt: the backlog must count them only from when they were asked. */
    long testsAddedLongAfterReceipt() {
        return orders.values().stream().filter(o -> o.firstReceived != null)
                .flatMap(o -> o.tests.values().stream().filter(t -> t.requested.isAfter(o.firstReceived.plus(Duration.ofHours(6)))))
                .count();
    }

    private Map<String, Order> ownOrders() {
        Map<String, Order> own = new HashMap<>();
        orders.forEach((id, order) -> {
            if (!order.elsewhere) {
                own.put(id, order);
            }
        });
        return own;
    }

    static Instant startOf(LocalDate day) {
        return day.atStartOfDay(LabTime.ZONE).toInstant();
    }

    static LocalDate dayOf(Instant at) {
        return LocalDate.ofInstant(at, LabTime.ZONE);
    }

    private RequesterSetting setting(String ods) {
        return settings.get(ods);
    }

    /** The key a test is counted under in the activity table. */
    record Cell(LocalDate day, Priority priority, RequesterSetting setting) {
    }

    /** Per day, priority and setting: requested, performed, referred out, rejected (deferred is unknown at a lab). */
    Map<Cell, int[]> activity(SitrepPeriod period) {
        Map<Cell, int[]> cells = new HashMap<>();
        Set<LocalDate> days = Set.copyOf(period.days());
        Map<LocalDate, Set<String>> rejectedTests = new HashMap<>();
        ownOrders().forEach((id, order) -> order.tests.values().forEach(test -> {
            count(cells, days, test.requested, order, 0);
            count(cells, days, test.firstPerformed, order, 1);
            if (test.cancelled != null && days.contains(dayOf(test.cancelled))) {
                rejectedTests.computeIfAbsent(dayOf(test.cancelled), d -> new HashSet<>()).add(id + "/" + test.code);
            }
        }));
        for (Referral referral : referrals.values()) {
            Order order = orders.get(referral.orderId());
            if (!order.elsewhere) {
                count(cells, days, referral.requested(), order, 2);
            }
        }
        for (int i = 0; i < rejections.size(); i++) {
            LocalDate day = dayOf(rejectionTimes.get(i));
            Order order = orders.get(rejections.get(i)[0]);
            if (!days.contains(day) || order.elsewhere) {
                continue;
            }
            String type = rejections.get(i)[1];
            String orderId = rejections.get(i)[0];
            order.tests.values().stream().filter(t -> t.specimenType.equals(type))
                    .forEach(t -> rejectedTests.computeIfAbsent(day, d -> new HashSet<>()).add(orderId + "/" + t.code));
        }
        rejectedTests.forEach((day, tests) -> tests.forEach(key -> {
            Order order = orders.get(key.substring(0, key.indexOf('/')));
            cells.computeIfAbsent(new Cell(day, order.priority, setting(order.ods)), c -> new int[4])[3]++;
        }));
        return cells;
    }

    private void count(Map<Cell, int[]> cells, Set<LocalDate> days, Instant at, Order order, int column) {
        if (at != null && days.contains(dayOf(at))) {
            cells.computeIfAbsent(new Cell(dayOf(at), order.priority, setting(order.ods)), c -> new int[4])[column]++;
        }
    }

    /** Referrals asked for, per day and partner: (day, partner) to [count], with the partner's name. */
    List<ReferredOut> referredOut(SitrepPeriod period) {
        Map<List<Object>, Integer> counts = new HashMap<>();
        for (Referral referral : referrals.values()) {
            LocalDate day = dayOf(referral.requested());
            if (period.days().contains(day) && !orders.get(referral.orderId()).elsewhere) {
                counts.merge(List.of(day, referral.partner()), 1, Integer::sum);
            }
        }
        return counts.entrySet().stream()
                .map(e -> new ReferredOut((LocalDate) e.getKey().get(0), (String) e.getKey().get(1),
                        partnerNames.getOrDefault((String) e.getKey().get(1), (String) e.getKey().get(1)), e.getValue()))
                .sorted(Comparator.comparing(ReferredOut::day).thenComparing(ReferredOut::partnerOds)).toList();
    }

    /** Tests performed here on a day, all priorities and settings. */
    int performedOn(LocalDate day) {
        int performed = 0;
        for (Order order : ownOrders().values()) {
            for (Test test : order.tests.values()) {
                if (test.firstPerformed != null && dayOf(test.firstPerformed).equals(day)) {
                    performed++;
                }
            }
        }
        return performed;
    }

    /** Capacity per day against the same weekday of the four weeks before {@code baselineEnd} (the incident's declared day). */
    List<CapacityDay> capacity(SitrepPeriod period, LocalDate baselineEnd) {
        List<CapacityDay> days = new ArrayList<>();
        for (LocalDate day : period.days()) {
            int performed = performedOn(day);
            int sum = 0;
            for (LocalDate d = baselineEnd.minusDays(28); d.isBefore(baselineEnd); d = d.plusDays(1)) {
                if (d.getDayOfWeek() == day.getDayOfWeek()) {
                    sum += performedOn(d);
                }
            }
            BigDecimal normal = BigDecimal.valueOf(sum).divide(BigDecimal.valueOf(4), 1, RoundingMode.HALF_UP);
            Integer percent = sum == 0 ? null
                    : BigDecimal.valueOf(100L * performed * 4).divide(BigDecimal.valueOf(sum), 0, RoundingMode.HALF_UP).intValueExact();
            days.add(new CapacityDay(day, performed, normal, percent));
        }
        return days;
    }

    /** Turnaround per setting of orders first reported in the period (and received), receipt to first report. */
    List<TurnaroundFigure> turnaround(SitrepPeriod period) {
        Instant from = startOf(period.firstDay());
        Instant to = startOf(period.lastDay().plusDays(1));
        Map<RequesterSetting, List<Duration>> bySetting = new HashMap<>();
        for (Order order : ownOrders().values()) {
            if (order.firstReported != null && order.firstReceived != null && !order.firstReported.isBefore(from)
                    && order.firstReported.isBefore(to)) {
                bySetting.computeIfAbsent(setting(order.ods), s -> new ArrayList<>())
                        .add(Duration.between(order.firstReceived, order.firstReported));
            }
        }
        List<TurnaroundFigure> figures = new ArrayList<>();
        bySetting.forEach((setting, times) -> {
            times.sort(null);
            int within = setting == null ? 0 : (int) times.stream().filter(t -> t.compareTo(setting.target()) <= 0).count();
            int beyond = setting == null ? 0 : (int) times.stream().filter(t -> t.compareTo(setting.unacceptable()) > 0).count();
            figures.add(new TurnaroundFigure(setting, times.size(), rank(times, 50), rank(times, 90), rank(times, 95), within, beyond));
        });
        figures.sort(Comparator.comparing(TurnaroundFigure::setting, Comparator.nullsLast(Comparator.naturalOrder())));
        return figures;
    }

    /** Nearest rank: the value at rank ceil(p/100 * n) of the sorted values; null when there are none. */
    static Duration rank(List<Duration> sorted, int percentile) {
        if (sorted.isEmpty()) {
            return null;
        }
        int rank = (int) Math.ceil(percentile / 100.0 * sorted.size());
        return sorted.get(Math.max(1, rank) - 1);
    }

    /**
     * Tests on the order by {@code at} and not cancelled by then, of orders received by then and not reported by then
     * ("by then": at or before it).
     */
    int receivedNotReported(Instant at) {
        int tests = 0;
        for (Order order : ownOrders().values()) {
            if (order.firstReceived == null || order.firstReceived.isAfter(at)
                    || (order.firstReported != null && !order.firstReported.isAfter(at))) {
                continue;
            }
            for (Test test : order.tests.values()) {
                if (!test.requested.isAfter(at) && (test.cancelled == null || test.cancelled.isAfter(at))) {
                    tests++;
                }
            }
        }
        return tests;
    }

    /**
     * Referrals asked for before {@code end} and not resulted, refused, closed or cancelled by it (a refused one awaits
     * a person, not a partner), by age since asked for: under 24
     * hours, 24 to 48, 48 to 72 (72 included), over 72.
     */
    Map<ReferredAge.AgeBand, Integer> referredByAge(Instant end) {
        Map<ReferredAge.AgeBand, Integer> bands = new LinkedHashMap<>();
        Predicate<String> closed = state -> Set.of("RESULTED", "CLOSED", "REFUSED", "CANCELLED").contains(state);
        for (Referral referral : referrals.values()) {
            if (!referral.requested().isBefore(end) || orders.get(referral.orderId()).elsewhere) {
                continue;
            }
            String state = "REQUESTED";
            for (Move move : referral.moves().values()) {
                if (!move.at().isAfter(end)) {
                    state = move.to();
                }
            }
            if (closed.test(state)) {
                continue;
            }
            Duration age = Duration.between(referral.requested(), end);
            ReferredAge.AgeBand band = age.compareTo(Duration.ofHours(24)) < 0 ? ReferredAge.AgeBand.UNDER_A_DAY
                    : age.compareTo(Duration.ofHours(48)) < 0 ? ReferredAge.AgeBand.ONE_TO_TWO_DAYS
                    : age.compareTo(Duration.ofHours(72)) <= 0 ? ReferredAge.AgeBand.TWO_TO_THREE_DAYS : ReferredAge.AgeBand.OVER_THREE_DAYS;
            bands.merge(band, 1, Integer::sum);
        }
        return bands;
    }

    /** Alerts raised in the period, and how they were phoned by its end. */
    CriticalPhoning criticals(SitrepPeriod period, Duration phoneWithin) {
        Instant from = startOf(period.firstDay());
        Instant to = startOf(period.lastDay().plusDays(1));
        int raised = 0;
        int within = 0;
        List<Duration> times = new ArrayList<>();
        for (Map.Entry<String, Instant> alert : alertRaised.entrySet()) {
            Instant at = alert.getValue();
            if (at.isBefore(from) || !at.isBefore(to)) {
                continue;
            }
            raised++;
            Instant told = alertTold.get(alert.getKey());
            if (told != null && !told.isAfter(to)) {
                Duration took = Duration.between(at, told);
                times.add(took);
                if (took.compareTo(phoneWithin) <= 0) {
                    within++;
                }
            }
        }
        times.sort(null);
        return new CriticalPhoning(raised, times.size(), within, rank(times, 50), rank(times, 90), raised - times.size());
    }

    /** The incident cell's figures for the period's days: the latest per organisation, day and kind. */
    List<IncidentFigure> reported(String incidentId, SitrepPeriod period) {
        Map<List<Object>, IncidentFigure> latest = new LinkedHashMap<>();
        for (Raw e : events) {
            if (!e.type().equals("IncidentFigureEntered") || !incidentId.equals(e.text("incidentId"))) {
                continue;
            }
            LocalDate day = LocalDate.parse(e.text("day"));
            if (!period.days().contains(day)) {
                continue;
            }
            FigureKind kind = FigureKind.valueOf(e.text("kind"));
            latest.put(List.of(e.text("organisationOds"), day, kind), new IncidentFigure(java.util.UUID.fromString(incidentId),
                    e.text("organisationOds"), e.text("organisationName"), day, kind, e.body().get("value").decimalValue(),
                    e.text("source"), e.person(), e.at()));
        }
        return List.copyOf(latest.values());
    }
}
