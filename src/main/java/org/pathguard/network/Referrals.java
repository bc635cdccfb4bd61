package org.pathguard.network;

import org.pathguard.access.Actor;
import org.pathguard.crypto.FieldCipher;
import org.pathguard.eventlog.EventLog;
import org.pathguard.eventlog.NewEvent;
import org.pathguard.lab.Catalogue;
import org.pathguard.lab.Conflict;
import org.pathguard.lab.LabRuleViolation;
import org.pathguard.lab.LabTime;
import org.pathguard.lab.NotFound;
import org.pathguard.lab.Priority;
import org.pathguard.order.LabOrder;
import org.pathguard.order.OrderDesk;
import org.pathguard.result.ResultStatus;
import org.pathguard.result.Results;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import java.sql.Date;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Referring tests to partner laboratories and following each one to its result. A person refers one test or a
 * batch; the catalogue refers the tests this lab does not perform ({@link ReferralSweep}); the HL7 interface moves
 * referrals as the partner answers. Every move is checked against {@link ReferralState} here and again, against
 * the state it was checked in, when the projection writes it.
 */
@Service
public class Referrals {

    static final Actor.Role[] READERS = {Actor.Role.SCIENTIST, Actor.Role.AUTHORISER, Actor.Role.LAB_MANAGER};
    private static final int LONGEST_REASON = 500;
    private static final int LARGEST_BATCH = 500;

    private final EventLog log;
    private final JdbcClient db;
    private final Agreements agreements;
    private final OrderDesk orders;
    private final Results results;
    private final Catalogue catalogue;
    private final FieldCipher cipher;
    private final InstantSource clock;

    Referrals(EventLog log, JdbcClient db, Agreements agreements, OrderDesk orders, Results results, Catalogue catalogue,
              FieldCipher cipher, InstantSource clock) {
        this.clock = clock;
        this.log = log;
        this.db = db;
        this.agreements = agreements;
        this.orders = orders;
        this.results = results;
        this.catalogue = catalogue;
        this.cipher = cipher;
    }

    /** One test of one order to one partner; past the agreed capacity only with a lab manager's {@code capacityOverride}. */
    public Referral refer(Actor actor, String accession, String testCode, String partnerOds, String capacityOverride) {
        actor.require(Actor.Role.SCIENTIST, Actor.Role.LAB_MANAGER);
        Agreement agreement = agreementFor(partnerOds, testCode);
        LabOrder order = orders.byAccession(accession);
        List<NewEvent> events = new ArrayList<>();
        UUID id = request(order, testCode, agreement, Referral.Way.PERSON, events);
        String override = capacity(agreement.odsCode(), order.priority(), today(), agreement)
                .check(1, actor.role() == Actor.Role.LAB_MANAGER, reason(capacityOverride, false));
        events.set(events.size() - 1, withOverride(events.getLast(), override));
        append(actor, events);
        return byId(id);
    }

    /** The lab's day now, by its clock: the day a partner's daily capacity is counted on. */
    private LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), LabTime.ZONE);
    }

    /** Every outstanding {@code testCode} (on an order, not resulted, not referred) to the partner: "all troponins to lab X". */
    public List<Referral> referAll(Actor actor, String testCode, String partnerOds, String capacityOverride) {
        actor.require(Actor.Role.SCIENTIST, Actor.Role.LAB_MANAGER);
        Agreement agreement = agreementFor(partnerOds, testCode);
        List<UUID> orderIds = db.sql("""
                        select t.order_id from order_test t join lab_order o on o.id = t.order_id
                        where t.test_code = ?
                          and not exists (select 1 from result r where r.order_id = t.order_id and r.test_code = t.test_code
                                          and r.status <> 'REJECTED')
                          and not exists (select 1 from referral f where f.order_id = t.order_id and f.test_code = t.test_code
                                          and f.state not in ('REFUSED', 'CANCELLED'))
                        order by o.placed_at limit ?""")
                .params(testCode, LARGEST_BATCH + 1).query(UUID.class).list();
        if (orderIds.isEmpty()) {
            throw new NotFound("No order has an outstanding " + testCode + " to refer");
        }
        if (orderIds.size() > LARGEST_BATCH) {
            throw new LabRuleViolation("batch-too-large", "More than " + LARGEST_BATCH + " orders have an outstanding " + testCode
                    + "; refer them in smaller batches (one at a time, or agree a larger arrangement with the partner)");
        }
        List<NewEvent> events = new ArrayList<>();
        Map<Priority, Integer> adding = new HashMap<>();
        List<UUID> ids = new ArrayList<>();
        LocalDate today = today();
        for (UUID orderId : orderIds) {
            LabOrder order = orders.byId(orderId);
            ids.add(request(order, testCode, agreement, Referral.Way.PERSON, events));
            adding.merge(order.priority(), 1, Integer::sum);
        }
        Map<Priority, String> overrides = new HashMap<>();
        for (Map.Entry<Priority, Integer> e : adding.entrySet()) {
            String override = capacity(agreement.odsCode(), e.getKey(), today, agreement)
                    .check(e.getValue(), actor.role() == Actor.Role.LAB_MANAGER, reason(capacityOverride, false));
            if (override != null) {
                overrides.put(e.getKey(), override);
            }
        }
        List<NewEvent> checked = events.stream().map(e -> e.decoded() instanceof ReferralRequested r && overrides.containsKey(r.priority())
                ? withOverride(e, overrides.get(r.priority())) : e).toList();
        append(actor, checked);
        return ids.stream().map(this::byId).toList();
    }

    /**
     * A person cancels a referred test not yet resulted: at once if the partner never had the order, otherwise
     * by asking the partner (ORC-1 CA), CANCELLED when it acknowledges. A refused referral is cancelled to
     * acknowledge the refusal and take it off the worklist.
     */
    public Referral cancel(Actor actor, UUID id, String reason) {
        actor.require(Actor.Role.SCIENTIST, Actor.Role.LAB_MANAGER);
        Referral referral = byId(id);
        String why = reason(reason, true);
        ReferralState to = referral.state().knownToPartner() ? ReferralState.CANCEL_REQUESTED : ReferralState.CANCELLED;
        if (referral.state() == ReferralState.RESULTED || referral.state() == ReferralState.CLOSED) {
            throw new Conflict("The referral of " + referral.placerNumber() + " is already resulted; amend the result instead of cancelling");
        }
        referral.state().requireMoveTo(to, "be cancelled");
        append(actor, List.of(NewEvent.of("referral:" + id, ReferralStateChanged.to(referral, to, why))));
        return byId(id);
    }

    /**
     * How much of the partner's agreed capacity at this priority is used on the lab's day {@code day}. Counts, not
     * patients: whoever reviews the partner directory (the privacy officer, the administrator) reads them with it.
     */
    public Capacity capacity(Actor actor, String partnerOds, Priority priority, LocalDate day) {
        actor.require(Agreements.READERS);
        Agreement agreement = agreements.find(partnerOds).orElseThrow(() -> new NotFound("No agreement in force with " + partnerOds));
        return capacity(agreement.odsCode(), priority, day, agreement);
    }

    public Referral referral(Actor actor, UUID id) {
        actor.require(READERS);
        return byId(id);
    }

    /** Every referral of an order, the cancelled and closed ones too. */
    public List<Referral> forOrder(Actor actor, String accession) {
        actor.require(READERS);
        return db.sql(SELECT + " where accession = ? order by requested_at").param(accession).query(this::referral).list();
    }

    /** A referral's moves, oldest first. */
    public List<Transition> history(Actor actor, UUID id) {
        actor.require(READERS);
        byId(id);
        return db.sql("select * from referral_transition where referral_id = ? order by sequence").param(id)
                .query((rs, n) -> new Transition(state(rs.getString("from_state")), ReferralState.valueOf(rs.getString("to_state")),
                        opened(rs.getBytes("reason"), ReferralProjection.transitionBinding(id, rs.getLong("sequence"))),
                        rs.getString("actor"), rs.getTimestamp("at").toInstant())).list();
    }

    /** One move of a referral, with who made it and when. */
    public record Transition(ReferralState from, ReferralState to, String reason, String actor, Instant at) {
    }

    /** A line of the "Referred out" worklist; {@code dueBy} is the requested time when the referral has no due time. */
    public record ReferredOut(Referral referral, String partnerName, Duration age, boolean overdue, Instant dueBy) {
    }

    /** What the worklist shows: one partner's, one state's, only the overdue ones; null or false for all. */
    public record WorklistFilter(String partnerOds, ReferralState state, boolean overdueOnly) {

        public static final WorklistFilter ALL = new WorklistFilter(null, null, false);
    }

    /** One page of the worklist from {@code offset}, and how many open referrals match the filter in all. */
    public record WorklistPage(List<ReferredOut> lines, int total, int offset, int limit) {
    }

    /** How many referrals are open, late and refused. */
    public record WorklistCounts(int open, int overdue, int refused) {
    }

    static final int LONGEST_PAGE = 1000;

    /**
     * Open referrals (refused ones too, until someone acts on them), overdue first, then oldest first: the page from
     * {@code offset}, at most {@code limit}, and the total matching. Filtering, the overdue rule and paging are in the
     * query, so every open referral is on some page and counted, however many there are.
     */
    public WorklistPage worklist(Actor actor, WorklistFilter filter, int offset, int limit) {
        actor.require(READERS);
        if (filter.state() != null && !filter.state().open()) {
            throw new LabRuleViolation("invalid-state", "The worklist shows open referrals; " + filter.state()
                    + " is not an open state (open: " + Arrays.stream(ReferralState.values()).filter(ReferralState::open).toList() + ")");
        }
        Instant now = clock.instant();
        StringBuilder where = new StringBuilder();
        List<Object> params = new ArrayList<>(List.of(Timestamp.from(now)));
        if (filter.partnerOds() != null && !filter.partnerOds().isBlank()) {
            where.append(" and r.partner_ods = ?");
            params.add(filter.partnerOds().strip().toUpperCase(Locale.ROOT));
        }
        if (filter.state() != null) {
            where.append(" and r.state = ?");
            params.add(filter.state().name());
        }
        String lines = "select * from (" + OPEN_LINES + where + ") line" + (filter.overdueOnly() ? " where line.overdue" : "");
        int total = db.sql("select count(*) from (" + lines + ") matching").params(params).query(Integer.class).single();
        int from = Math.max(0, offset);
        int size = Math.clamp(limit, 1, LONGEST_PAGE);
        List<Object> paged = new ArrayList<>(params);
        paged.add(size);
        paged.add(from);
        List<ReferredOut> page = db.sql(lines + " order by line.overdue desc, line.requested_at, line.id limit ? offset ?").params(paged)
                .query((rs, n) -> {
                    Referral r = referral(rs, n);
                    String name = rs.getString("partner_name");
                    return new ReferredOut(r, name == null ? r.partnerOds() : name, Duration.between(r.requestedAt(), now),
                            rs.getBoolean("overdue"), r.dueBy() == null ? r.requestedAt() : r.dueBy());
                }).list();
        return new WorklistPage(page, total, from, size);
    }

    /** The worklist's counts in one query, for the lab's start page. */
    public WorklistCounts counts(Actor actor) {
        actor.require(READERS);
        return db.sql("select count(*), count(*) filter (where overdue), count(*) filter (where state = 'REFUSED') from ("
                        + OPEN_LINES + ") line")
                .param(Timestamp.from(clock.instant()))
                .query((rs, n) -> new WorklistCounts(rs.getInt(1), rs.getInt(2), rs.getInt(3))).single();
    }

    /**
     * Every open referral with its partner's name and whether it is late ({@link Overdue}, stated in SQL): past its due
     * time, or with none, or with a partner whose agreement ended (it cannot be held to a turnaround any more). The
     * one parameter is now.
     */
    private static final String OPEN_LINES = """
            select r.*, a.name as partner_name,
                   (r.state <> 'RESULTED' and (a.ods_code is null or r.due_by is null or r.due_by < ?)) as overdue
            from referral r left join partner_agreement a on a.ods_code = r.partner_ods and a.ended_at is null
            where r.state not in ('CLOSED', 'CANCELLED')""";

    // ---- For the HL7 interface and the sweep: the partner's answers, recorded as the machine that heard them. ----

    /** Referrals whose order message is still to go, oldest first, with the partner they go to. */
    public List<Referral> toSend(Actor actor) {
        actor.require(Actor.Role.SYSTEM);
        return db.sql(SELECT + " where state = 'REQUESTED' order by requested_at limit 500").query(this::referral).list();
    }

    /** Referrals whose cancellation is still to be sent to the partner. */
    public List<Referral> toCancel(Actor actor) {
        actor.require(Actor.Role.SYSTEM);
        return db.sql(SELECT + " where state = 'CANCEL_REQUESTED' order by changed_at limit 500").query(this::referral).list();
    }

    /** The partner accepted the order (ORL AA) under its accession. */
    public void sent(Actor actor, UUID id, String partnerAccession) {
        move(actor, id, ReferralState.SENT, null, partnerAccession);
    }

    /** The partner refused the order (ORL AE/AR) or it could not be sent to it; the reason goes on the worklist. */
    public void refused(Actor actor, UUID id, String reason) {
        move(actor, id, ReferralState.REFUSED, reason, null);
    }

    /** The partner acknowledged the cancellation. */
    public void cancellationConfirmed(Actor actor, UUID id) {
        move(actor, id, ReferralState.CANCELLED, "The partner confirmed the cancellation", null);
    }

    /** The partner refused the cancellation: the referral goes back to where it was, with the partner's reason. */
    public void cancellationRefused(Actor actor, UUID id, String reason) {
        Referral referral = byId(id);
        if (referral.state() != ReferralState.CANCEL_REQUESTED) {
            throw new Conflict("Referral " + id + " is " + referral.state() + ", not awaiting a cancellation");
        }
        move(actor, id, referral.stateBefore(), "The partner refused the cancellation: " + reason, null);
    }

    /** The live referral of a test of an order (the partner's placer number), if there is one. */
    public Optional<Referral> byPlacer(String accession, String testCode) {
        return db.sql(SELECT + " where accession = ? and test_code = ? order by requested_at desc limit 1")
                .params(accession, testCode).query(this::referral).optional();
    }

    /**
     * The event that marks the partner's results in, for the HL7 interface to append with the results themselves
     * (one append: the results and the referral's move commit together or not at all).
     */
    public NewEvent resulted(Actor actor, Referral referral) {
        actor.require(Actor.Role.INTERFACE);
        referral.state().requireMoveTo(ReferralState.RESULTED, "take the partner's results");
        return NewEvent.of("referral:" + referral.id(), ReferralStateChanged.to(referral, ReferralState.RESULTED, null));
    }

    /** The event that records the partner's reception of the specimen (a status-only result group), or none if recorded already. */
    public Optional<NewEvent> received(Actor actor, Referral referral) {
        actor.require(Actor.Role.INTERFACE);
        if (referral.state() == ReferralState.RECEIVED) {
            return Optional.empty();
        }
        referral.state().requireMoveTo(ReferralState.RECEIVED, "be received by the partner");
        return Optional.of(NewEvent.of("referral:" + referral.id(), ReferralStateChanged.to(referral, ReferralState.RECEIVED, null)));
    }

    /** Closes resulted referrals whose results are all released here; returns how many were closed. */
    int closeReleased() {
        List<Referral> resulted = db.sql(SELECT + " where state = 'RESULTED' order by changed_at limit 500").query(this::referral).list();
        int closed = 0;
        for (Referral r : resulted) {
            var mine = results.forOrder(r.orderId()).stream().filter(x -> x.testCode().equals(r.testCode())
                    && x.status() != ResultStatus.REJECTED).toList();
            if (!mine.isEmpty() && mine.stream().allMatch(x -> x.status() == ResultStatus.FINAL || x.status() == ResultStatus.AMENDED)) {
                try {
                    append(Actor.SYSTEM, List.of(NewEvent.of("referral:" + r.id(), ReferralStateChanged.to(r, ReferralState.CLOSED,
                            "Results released on the report"))));
                    closed++;
                } catch (Conflict movedMeanwhile) {
                    // Someone else moved it; the next round looks again.
                }
            }
        }
        return closed;
    }

    /**
     * A referral by the catalogue rule, made by PathGuard itself. When it cannot be made (no agreement, the partner
     * does not do the test, capacity reached) it is recorded as refused with the reason, so it is on the worklist
     * for a person instead of silently not happening.
     */
    void referByRule(UUID orderId, String testCode, String partnerOds) {
        LabOrder order = orders.byId(orderId);
        List<NewEvent> events = new ArrayList<>();
        String refusal = null;
        Agreement agreement = null;
        try {
            agreement = agreementFor(partnerOds, testCode);
            capacity(agreement.odsCode(), order.priority(), today(), agreement).check(1, false, null);
        } catch (LabRuleViolation | NotFound cannot) {
            refusal = cannot.getMessage();
        }
        UUID id = UUID.randomUUID();
        events.add(NewEvent.of("referral:" + id, new ReferralRequested(id, order.id(), order.accession(), testCode,
                agreement == null ? partnerOds : agreement.odsCode(), order.priority(), Referral.Way.CATALOGUE_RULE, null,
                agreement == null ? null : Overdue.dueBy(agreement, order.priority(), clock.instant()))));
        if (refusal != null) {
            events.add(NewEvent.of("referral:" + id, new ReferralStateChanged(id, ReferralState.REQUESTED, ReferralState.REFUSED,
                    "Not sent by the catalogue rule: " + refusal, null, null)));
        }
        append(Actor.SYSTEM, events);
    }

    /** Orders with a test the catalogue sends to a partner and no referral of it yet. */
    List<Unreferred> unreferredByRule() {
        List<String> codes = catalogue.tests().stream().filter(t -> t.referredTo() != null).map(t -> t.code()).toList();
        if (codes.isEmpty()) {
            return List.of();
        }
        return db.sql("""
                        select t.order_id, t.test_code from order_test t
                        where t.test_code = any(?) and t.cancelled_at is null
                          and not exists (select 1 from referral f where f.order_id = t.order_id and f.test_code = t.test_code)
                          and not exists (select 1 from lab_order o where o.id = t.order_id and o.performed_elsewhere is not null)
                        limit 500""")
                .param(codes.toArray(String[]::new))
                .query((rs, n) -> new Unreferred(rs.getObject(1, UUID.class), rs.getString(2))).list();
    }

    record Unreferred(UUID orderId, String testCode) {
    }

    org.pathguard.lab.LabTest catalogueTest(String code) {
        return catalogue.test(code);
    }

    Referral byId(UUID id) {
        return db.sql(SELECT + " where id = ?").param(id).query(this::referral).optional()
                .orElseThrow(() -> new NotFound("No referral with id " + id));
    }

    private void move(Actor actor, UUID id, ReferralState to, String reason, String partnerAccession) {
        actor.require(Actor.Role.SYSTEM, Actor.Role.INTERFACE);
        Referral referral = byId(id);
        referral.state().requireMoveTo(to, "become " + to);
        append(actor, List.of(NewEvent.of("referral:" + id, new ReferralStateChanged(id, referral.state(), to,
                reason == null ? null : clip(reason), partnerAccession == null ? null : clip(partnerAccession), null))));
    }

    private UUID request(LabOrder order, String testCode, Agreement agreement, Referral.Way way, List<NewEvent> events) {
        if (!order.tests().contains(testCode)) {
            throw new LabRuleViolation("test-not-on-order", testCode + " is not on order " + order.accession()
                    + " (it has " + String.join(", ", order.tests()) + ")");
        }
        if (results.forOrder(order.id()).stream().anyMatch(r -> r.testCode().equals(testCode) && r.status() != ResultStatus.REJECTED)) {
            throw new Conflict(testCode + " on order " + order.accession() + " already has results; it is not referred");
        }
        Optional<Referral> live = byPlacer(order.accession(), testCode);
        if (live.isPresent() && live.get().state() != ReferralState.CANCELLED && live.get().state() != ReferralState.REFUSED) {
            throw new Conflict(testCode + " on order " + order.accession() + " is already referred to " + live.get().partnerOds()
                    + " (" + live.get().state() + "); cancel that referral first", Map.of("referralId", live.get().id()));
        }
        // Referring a refused test again is the answer to the refusal: the refused one leaves the worklist with it.
        live.filter(r -> r.state() == ReferralState.REFUSED).ifPresent(r -> events.add(NewEvent.of("referral:" + r.id(),
                ReferralStateChanged.to(r, ReferralState.CANCELLED, "Referred again to " + agreement.odsCode()))));
        UUID id = UUID.randomUUID();
        events.add(NewEvent.of("referral:" + id, new ReferralRequested(id, order.id(), order.accession(), testCode,
                agreement.odsCode(), order.priority(), way, null, Overdue.dueBy(agreement, order.priority(), clock.instant()))));
        return id;
    }

    private static NewEvent withOverride(NewEvent event, String override) {
        if (override == null || !(event.decoded() instanceof ReferralRequested r)) {
            return event;
        }
        return NewEvent.of(event.streamId(), new ReferralRequested(r.referralId(), r.orderId(), r.accession(), r.testCode(),
                r.partnerOds(), r.priority(), r.way(), override, r.dueBy()));
    }

    private Agreement agreementFor(String partnerOds, String testCode) {
        catalogue.test(testCode);
        Agreement agreement = agreements.find(partnerOds).orElseThrow(() -> new LabRuleViolation("no-agreement",
                "There is no mutual-aid agreement in force with " + partnerOds + "; a lab manager sets one first"));
        if (agreement.test(testCode).isEmpty()) {
            throw new LabRuleViolation("test-not-agreed", agreement.odsCode() + " (" + agreement.name() + ") does not perform "
                    + testCode + " for us; its agreement lists " + agreement.tests().stream().map(Agreement.ReferredTest::testCode).toList());
        }
        return agreement;
    }

    private Capacity capacity(String partnerOds, Priority priority, LocalDate day, Agreement agreement) {
        long used = db.sql("""
                        select count(*) from referral
                        where partner_ods = ? and requested_day = ? and priority = ? and state not in ('REFUSED', 'CANCELLED')""")
                .params(partnerOds, Date.valueOf(day), priority.name()).query(Long.class).single();
        return new Capacity(partnerOds, priority, agreement.capacity(priority), used);
    }

    private void append(Actor actor, List<NewEvent> events) {
        try {
            log.append(actor.logName(), events);
        } catch (DuplicateKeyException race) {
            throw new Conflict("Someone referred the same test at the same moment; look at the order's referrals");
        }
    }

    private static String reason(String text, boolean required) {
        if (text == null || text.isBlank()) {
            if (required) {
                throw new LabRuleViolation("missing-field", "reason is required");
            }
            return null;
        }
        String stripped = text.strip();
        if (stripped.length() > LONGEST_REASON || stripped.chars().anyMatch(Character::isISOControl)) {
            throw new LabRuleViolation("invalid-text", "The reason must be at most " + LONGEST_REASON + " characters, on one line");
        }
        return stripped;
    }

    /** A partner's free text, kept to a length a worklist can show. */
    private static String clip(String text) {
        String oneLine = text.replaceAll("\\p{Cntrl}", " ").strip();
        return oneLine.length() > LONGEST_REASON ? oneLine.substring(0, LONGEST_REASON) : oneLine;
    }

    private static final String SELECT = "select * from referral";

    private Referral referral(ResultSet rs, int n) throws SQLException {
        UUID id = rs.getObject("id", UUID.class);
        return new Referral(rs.getObject("id", UUID.class), rs.getObject("order_id", UUID.class), rs.getString("accession"),
                rs.getString("test_code"), rs.getString("partner_ods"), Priority.valueOf(rs.getString("priority")),
                ReferralState.valueOf(rs.getString("state")), state(rs.getString("state_before")), rs.getString("partner_accession"),
                opened(rs.getBytes("reason"), ReferralProjection.reasonBinding(id)), rs.getString("requested_by"),
                rs.getTimestamp("requested_at").toInstant(),
                rs.getTimestamp("changed_at").toInstant(), Referral.Way.valueOf(rs.getString("way")),
                opened(rs.getBytes("capacity_override"), ReferralProjection.overrideBinding(id)), rs.getObject("dispatch_id", UUID.class), instant(rs.getTimestamp("due_by")));
    }

    private String opened(byte[] sealed, String binding) {
        return sealed == null ? null : new String(cipher.open(sealed, binding), StandardCharsets.UTF_8);
    }

    private static Instant instant(Timestamp at) {
        return at == null ? null : at.toInstant();
    }

    private static ReferralState state(String name) {
        return name == null ? null : ReferralState.valueOf(name);
    }
}
