package org.pathguard.order;

import org.pathguard.access.Actor;
import org.pathguard.access.ForbiddenAction;
import org.pathguard.crypto.FieldCipher;
import org.pathguard.eventlog.EventLog;
import org.pathguard.eventlog.NewEvent;
import org.pathguard.eventlog.Prepared;
import org.pathguard.lab.AddOn;
import org.pathguard.lab.Catalogue;
import org.pathguard.lab.Conflict;
import org.pathguard.lab.FreeText;
import org.pathguard.lab.LabRuleViolation;
import org.pathguard.lab.LabTest;
import org.pathguard.lab.NotFound;
import org.pathguard.lab.OdsCode;
import org.pathguard.lab.Priority;
import org.pathguard.lab.SpecimenType;
import org.pathguard.lab.StatedTime;
import org.pathguard.patient.PatientRegistry;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.InstantSource;
import java.time.Year;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/** Places orders (with the specimens taken for them) and answers what an order is. */
@Service
public class OrderDesk {

    private static final Pattern BARCODE = Pattern.compile("^[A-Za-z0-9-]{4,32}$");
    private static final Pattern ACCESSION = Pattern.compile("^[A-Z0-9]{6,20}$");
    private static final Pattern ACCESSION_PREFIX = Pattern.compile("^[A-Z]{1,4}$");

    private final EventLog log;
    private final JdbcClient db;
    private final FieldCipher cipher;
    private final Catalogue catalogue;
    private final PatientRegistry patients;
    private final ApplicationEventPublisher notices;
    private final InstantSource clock;
    /** Starts every accession this lab assigns, so that two labs referring work to each other never issue the same one. */
    private final String accessionPrefix;

    OrderDesk(EventLog log, JdbcClient db, FieldCipher cipher, Catalogue catalogue, PatientRegistry patients,
              ApplicationEventPublisher notices, InstantSource clock,
              @Value("${pathguard.lab.accession-prefix:PG}") String accessionPrefix) {
        if (accessionPrefix == null || !ACCESSION_PREFIX.matcher(accessionPrefix).matches()) {
            throw new IllegalStateException("pathguard.lab.accession-prefix must be 1 to 4 capital letters (e.g. PG), not '"
                    + accessionPrefix + "'");
        }
        this.accessionPrefix = accessionPrefix;
        this.notices = notices;
        this.clock = clock;
        this.log = log;
        this.db = db;
        this.cipher = cipher;
        this.catalogue = catalogue;
        this.patients = patients;
    }

    /**
     * The accession sequence is PostgreSQL's, not an event: on a database restored from backups or rebuilt from the log
     * it starts again at 1, below the orders the log holds, and every new order would collide with an old accession
     * (refused "resend it" until the sequence had passed them all). It starts above the highest this lab has assigned.
     */
    @EventListener(ApplicationReadyEvent.class)
    void continueAccessionNumbers() {
        db.sql("""
                select setval('accession_number', assigned) from (select max(right(accession, 7)::bigint) as assigned from lab_order
                  where accession ~ ('^' || ? || '[0-9]{9}$')) highest
                where assigned >= (select last_value from accession_number)""").param(accessionPrefix).query(Long.class).optional();
    }

    public LabOrder place(Actor actor, OrderRequest r) {
        return place(actor, r, null);
    }

    /**
     * An order placed at a stated time (a request written before it reached PathGuard, or a demo day laid out
     * in the past): order, then collection, then receipt; now when none is given, never later than now.
     */
    public LabOrder place(Actor actor, OrderRequest r, Instant placedAt) {
        actor.require(Actor.Role.REQUESTER, Actor.Role.SCIENTIST, Actor.Role.INTERFACE);
        Prepared<LabOrder> order = prepare(actor, patientOf(actor, r), false, r, StatedTime.orNow(placedAt, "placed", clock.instant()));
        try {
            log.append(actor.logName(), order.events());
        } catch (DuplicateKeyException race) {
            throw new Conflict("The accession number, placer order number or a barcode is already in use");
        }
        return byAccession(order.outcome().accession());
    }

    /**
     * Checks an order for a known patient (or one registered in the same append) and returns its
     * accession number with the events that place it.
     */
    public Prepared<String> prepare(Actor actor, UUID patientId, OrderRequest r) {
        Prepared<LabOrder> order = prepare(actor, patientId, false, r, clock.instant());
        return new Prepared<>(order.outcome().accession(), order.events());
    }

    /**
     * As {@link #prepare}, with the order the events place, its tests in the order asked: a door that answers with the
     * order need not read back what it has just appended. {@code patient} is the patient as matched (no events) or as
     * registered in the same append (its registration); the returned events are the order's only.
     */
    public Prepared<LabOrder> prepareOrder(Actor actor, Prepared<UUID> patient, OrderRequest r) {
        return prepare(actor, patient.outcome(), !patient.events().isEmpty(), r, clock.instant());
    }

    private Prepared<LabOrder> prepare(Actor actor, UUID patientId, boolean registeredNow, OrderRequest r, Instant now) {
        actor.require(Actor.Role.REQUESTER, Actor.Role.SCIENTIST, Actor.Role.INTERFACE);
        String ods = OdsCode.parse(r.requesterOds()).value();
        // Ordering creates a care relationship, so a clinician orders only for their own organisation.
        if (actor.role() == Actor.Role.REQUESTER && actor.organisation() != null && !actor.organisation().equals(ods)) {
            throw new ForbiddenAction("You order for " + actor.organisation() + ", not for " + ods);
        }
        String clinician = FreeText.line("clinician (the requesting clinician)", r.clinician());
        String clinicalDetails = FreeText.note("clinicalDetails", r.clinicalDetails());
        String placer = r.placerOrderNumber() == null || r.placerOrderNumber().isBlank() ? null
                : FreeText.line("placerOrderNumber", r.placerOrderNumber());
        if (r.priority() == null) {
            throw new LabRuleViolation("missing-field", "priority is required: ROUTINE, URGENT or CRITICAL");
        }
        if (r.tests() == null || r.tests().isEmpty()) {
            throw new LabRuleViolation("no-tests", "An order needs at least one test code");
        }
        if (r.tests().stream().anyMatch(java.util.Objects::isNull)) {
            throw new LabRuleViolation("no-tests", "tests must not contain empty entries");
        }
        Set<String> codes = new LinkedHashSet<>(r.tests());
        if (codes.size() != r.tests().size()) {
            throw new LabRuleViolation("duplicate-test", "Each test may be requested only once per order");
        }
        List<LabTest> tests = codes.stream().map(catalogue::test).toList();
        List<OrderRequest.SpecimenLabel> labels = r.specimens() == null ? List.of() : r.specimens();
        // Every door (API, screens, HL7, FHIR) comes here: a merged duplicate takes no new order. A patient registered in
        // this very append has merged into no one, so is not looked up.
        Taken taken = taken(registeredNow ? null : patientId, ods, placer, r.accession(), labels);
        PatientRegistry.refuseMerged(patientId, taken.mergedInto());
        if (placer != null && taken.placer()) {
            throw new Conflict("Placer order number " + placer + " from " + ods + " was already received");
        }
        String accession = accessionFor(r.accession(), taken);
        int target = tests.stream().mapToInt(t -> t.turnaroundMinutes().get(r.priority())).max().orElseThrow();
        UUID orderId = UUID.randomUUID();
        List<NewEvent> events = new ArrayList<>();
        List<String> testCodes = List.copyOf(codes);
        events.add(NewEvent.of(orderId, new OrderPlaced(orderId, accession, patientId, ods, clinician,
                r.priority(), clinicalDetails, placer, testCodes, now, target)));
        Set<String> barcodes = new HashSet<>();
        for (OrderRequest.SpecimenLabel label : labels) {
            if (label != null && !barcodes.add(label.barcode())) {
                throw new LabRuleViolation("duplicate-barcode", "Barcode " + label.barcode() + " appears twice in this order");
            }
            SpecimenCollected tube = collected(orderId, tests, label, taken.barcodes()::contains);
            events.add(NewEvent.of(orderId, tube));
        }
        return new Prepared<>(new LabOrder(orderId, accession, patientId, ods, clinician, r.priority(), placer, testCodes, now, target,
                null), events);
    }

    /**
     * What a partner laboratory did for one of this lab's requesters while this lab was down, as the network router
     * brings it on recovery: the requester's order (its placer number), the tests as this lab's catalogue names them,
     * when the blood was taken and when the partner reported it.
     */
    public record DoneElsewhere(String requesterOds, String clinician, String placerOrderNumber, List<String> tests,
                                Instant collectedAt, Instant reportedAt, String partnerOds, String partnerAccession) {
    }

    /** An order filed as done elsewhere: the order as it will read, and the tubes its results hang on. */
    public record FiledElsewhere(LabOrder order, List<OrderDoneElsewhere.Tube> tubes) {
    }

    /**
     * Files an order done by a partner laboratory (checked here, not yet appended): {@code OrderPlaced} with this lab's
     * own accession, then {@link OrderDoneElsewhere}, which marks it reported by the partner and puts its tubes at the
     * partner, so no worklist, reception list, turnaround figure or report of this lab waits for it. The requester's
     * placer number must be new here: an order this lab already holds is refused, never merged with a partner's.
     */
    public Prepared<FiledElsewhere> prepareDoneElsewhere(Actor actor, UUID patientId, DoneElsewhere done) {
        actor.require(Actor.Role.INTERFACE);
        patients.refuseMerged(patientId);
        String ods = OdsCode.parse(done.requesterOds()).value();
        String partner = OdsCode.parse(done.partnerOds()).value();
        String clinician = FreeText.line("clinician (the requesting clinician)", done.clinician());
        String placer = FreeText.line("placerOrderNumber", done.placerOrderNumber());
        if (done.partnerAccession() == null || !ACCESSION.matcher(done.partnerAccession()).matches()) {
            throw new LabRuleViolation("invalid-accession", "The partner's accession number must be 6 to 20 capital letters or digits");
        }
        if (done.tests() == null || done.tests().isEmpty()) {
            throw new LabRuleViolation("no-tests", "An order done elsewhere needs at least one test");
        }
        if (done.collectedAt() == null || done.reportedAt() == null) {
            throw new LabRuleViolation("missing-field", "An order done elsewhere needs its collection and report times");
        }
        List<LabTest> tests = new LinkedHashSet<>(done.tests()).stream().map(catalogue::test).toList();
        Taken taken = taken(null, ods, placer, null, List.of());
        if (taken.placer()) {
            throw new Conflict("Placer order number " + placer + " from " + ods + " is already an order here");
        }
        UUID orderId = UUID.randomUUID();
        String accession = accessionFor(null, taken);
        // Nothing here waits for it, but the column is the order's target for its priority, as for any order.
        int target = tests.stream().mapToInt(t -> t.turnaroundMinutes().get(Priority.ROUTINE)).max().orElseThrow();
        List<OrderDoneElsewhere.Tube> tubes = new ArrayList<>();
        for (String type : tests.stream().map(LabTest::specimenType).distinct().toList()) {
            SpecimenType specimenType = catalogue.specimenType(type);
            tubes.add(new OrderDoneElsewhere.Tube(UUID.randomUUID(), partner + "-" + done.partnerAccession() + "-" + type,
                    specimenType.code(), specimenType.container(), done.collectedAt()));
        }
        List<String> codes = tests.stream().map(LabTest::code).toList();
        OrderPlaced placed = new OrderPlaced(orderId, accession, patientId, ods, clinician, Priority.ROUTINE, null, placer, codes,
                done.collectedAt(), target);
        OrderDoneElsewhere elsewhere = new OrderDoneElsewhere(orderId, partner, done.partnerAccession(), done.reportedAt(), tubes);
        LabOrder order = new LabOrder(orderId, accession, patientId, ods, clinician, Priority.ROUTINE, placer, codes,
                done.collectedAt(), target, partner);
        return new Prepared<>(new FiledElsewhere(order, tubes), List.of(NewEvent.of(orderId, placed), NewEvent.of(orderId, elsewhere)));
    }

    /** Adds a container taken after the order was placed; a clinician adds only to their own organisation's orders. */
    public SpecimenCollected addSpecimen(Actor actor, String accession, OrderRequest.SpecimenLabel label) {
        actor.require(Actor.Role.REQUESTER, Actor.Role.SCIENTIST, Actor.Role.INTERFACE);
        LabOrder order = find("accession = ?", accession)
                // Another organisation's order is answered as if it did not exist: accession numbers are sequential.
                .filter(o -> actor.role() != Actor.Role.REQUESTER || o.requesterOds().equals(actor.organisation()))
                .orElseThrow(() -> new NotFound("No order with accession number " + accession));
        List<LabTest> tests = order.tests().stream().map(catalogue::test).toList();
        SpecimenCollected event = collected(order.id(), tests, label);
        try {
            log.append(actor.logName(), NewEvent.of(order.id(), event));
        } catch (DuplicateKeyException race) {
            throw new Conflict("Barcode " + label.barcode() + " is already in use");
        }
        return event;
    }

    /**
     * Adds a catalogue test to an order already in the lab, to be done on the received specimen that suits it (an
     * add-on): the report then waits for it, and an order already reported gets a new version once it is in.
     */
    public TestAdded addTest(Actor actor, String accession, String testCode, String reason) {
        actor.require(Actor.Role.SCIENTIST, Actor.Role.AUTHORISER, Actor.Role.LAB_MANAGER);
        LabOrder order = byAccession(accession);
        Optional.ofNullable(order.performedElsewhere()).ifPresent(partner -> {
            // Adding would reopen it on this lab's worklists for a tube that is at the partner.
            throw new Conflict("Order " + accession + " was done by partner laboratory " + partner + " while this lab was down; "
                    + "ask the partner to add the test");
        });
        if (testCode == null || testCode.isBlank()) {
            throw new LabRuleViolation("missing-field", "Choose the test to add");
        }
        LabTest test = catalogue.test(testCode.strip().toUpperCase());
        if (reason == null || reason.isBlank()) {
            throw new LabRuleViolation("missing-field", "Say why the test is added (for example: calcium asked for by phone)");
        }
        String why = FreeText.line("The reason", reason);
        AddOn.Tube tube = AddOn.tubeFor(test, order.tests(), tubes(order.id()));
        Instant now = clock.instant();
        Instant receivedAt = receivedAt(order.id());
        int target = AddOn.targetMinutes(order.targetMinutes(), receivedAt, now, test.turnaroundMinutes().get(order.priority()));
        TestAdded event = new TestAdded(order.id(), test.code(), tube.barcode(), actor.logName(), why, now, target);
        try {
            log.append(actor.logName(), NewEvent.of(order.id(), event));
        } catch (DuplicateKeyException race) {
            throw new Conflict(test.name() + " (" + test.code() + ") is already on this order");
        }
        return event;
    }

    /**
     * Tests a referring laboratory asks for in a later message on an order it already placed here under the same
     * placer number (its accession): each new test joins the order, on the order's tube of its type or on a new tube
     * the message names, with its own turnaround from now. Tests already on the order are asked again, not twice.
     */
    public Prepared<String> prepareFurtherTests(Actor actor, LabOrder order, OrderRequest r) {
        actor.require(Actor.Role.INTERFACE);
        Instant now = clock.instant();
        List<NewEvent> events = new ArrayList<>();
        List<AddOn.Tube> tubes = new ArrayList<>(tubes(order.id()));
        List<String> tests = new ArrayList<>(order.tests());
        Instant receivedAt = receivedAt(order.id());
        int target = order.targetMinutes();
        for (String code : new LinkedHashSet<>(r.tests())) {
            LabTest test = catalogue.test(code);
            if (tests.contains(test.code())) {
                continue;
            }
            AddOn.Tube tube = tubes.stream().filter(t -> t.specimenType().equals(test.specimenType()) && !"REJECTED".equals(t.status()))
                    .findFirst().orElse(null);
            if (tube == null) {
                OrderRequest.SpecimenLabel label = (r.specimens() == null ? List.<OrderRequest.SpecimenLabel>of() : r.specimens()).stream()
                        .filter(l -> l != null && test.specimenType().equals(l.specimenType())).findFirst()
                        .orElseThrow(() -> new LabRuleViolation("wrong-specimen-type", test.name() + " needs a " + test.specimenType()
                                + " specimen and order " + order.accession() + " has none: send its tube (SPM) with the test"));
                events.add(NewEvent.of(order.id(), collected(order.id(), List.of(test), label)));
                tube = new AddOn.Tube(label.barcode(), label.specimenType(), "COLLECTED");
                tubes.add(tube);
            }
            target = AddOn.targetMinutes(target, receivedAt, now, test.turnaroundMinutes().get(order.priority()));
            events.add(NewEvent.of(order.id(), new TestAdded(order.id(), test.code(), tube.barcode(), actor.logName(),
                    "Referred by " + order.requesterOds() + " in a later message", now, target)));
            tests.add(test.code());
        }
        return new Prepared<>(order.accession(), events);
    }

    /**
     * The catalogue tests that could be added to this order: not already on it, and suited to a specimen of it that
     * the lab has received (and not rejected).
     */
    public List<LabTest> addableTests(LabOrder order) {
        Set<String> received = new HashSet<>(tubes(order.id()).stream().filter(t -> "RECEIVED".equals(t.status()))
                .map(AddOn.Tube::specimenType).toList());
        return catalogue.tests().stream()
                .filter(t -> received.contains(t.specimenType()) && !order.tests().contains(t.code()))
                .sorted(java.util.Comparator.comparing(LabTest::name)).toList();
    }

    /** When the order's first specimen was received here; null while none is. */
    private Instant receivedAt(UUID orderId) {
        return db.sql("select received_at from lab_order where id = ? and received_at is not null").param(orderId)
                .query((rs, n) -> rs.getTimestamp(1).toInstant()).optional().orElse(null);
    }

    private List<AddOn.Tube> tubes(UUID orderId) {
        return db.sql("select barcode, specimen_type, status from specimen where order_id = ? order by collected_at, barcode")
                .param(orderId).query((rs, n) -> new AddOn.Tube(rs.getString(1), rs.getString(2), rs.getString(3))).list();
    }

    /**
     * What a new order's numbers clash with, the record its patient was merged into (when {@code patientId} is given),
     * and the accession number the lab assigns it, in one query rather than one each (merge, placer number, pre-printed
     * accession, every barcode, the sequence): they are read before every order. The sequence is drawn only when the lab
     * assigns the number, the patient is not merged and the placer number is free, as it was one query at a time.
     */
    private record Taken(UUID mergedInto, boolean placer, boolean accession, Set<String> barcodes, Long next) {
    }

    private Taken taken(UUID patientId, String ods, String placer, String requestedAccession, List<OrderRequest.SpecimenLabel> labels) {
        String accession = requestedAccession == null || requestedAccession.isBlank() ? null : requestedAccession.trim().toUpperCase();
        String[] barcodes = labels.stream().filter(java.util.Objects::nonNull).map(OrderRequest.SpecimenLabel::barcode)
                .filter(java.util.Objects::nonNull).toArray(String[]::new);
        return db.sql("""
                with taken as (
                  select (select merged_into from patient where id = ?) as merged_into,
                         exists(select 1 from lab_order where requester_ods = ? and placer_order_number = ?) as placer,
                         exists(select 1 from lab_order where accession = ?) as accession,
                         array(select upper(barcode) from specimen
                               where upper(barcode) in (select upper(b) from unnest(?::text[]) b)) as barcodes)
                select merged_into, placer, accession, barcodes,
                       case when ? and merged_into is null and not placer then nextval('accession_number') end as next
                from taken""")
                .params(patientId, ods, placer, accession, barcodes, accession == null)
                .query((rs, n) -> new Taken(rs.getObject("merged_into", UUID.class), rs.getBoolean("placer"), rs.getBoolean("accession"),
                        Set.of((String[]) rs.getArray("barcodes").getArray()), rs.getObject("next", Long.class)))
                .single();
    }

    /** A tube added to an order already placed: its barcode is looked up on its own. */
    private SpecimenCollected collected(UUID orderId, List<LabTest> tests, OrderRequest.SpecimenLabel label) {
        return collected(orderId, tests, label, barcode -> exists("select 1 from specimen where upper(barcode) = ?", barcode));
    }

    /** {@code taken} is asked with the barcode in capitals: barcodes are letters, digits and hyphens, found in any case. */
    private SpecimenCollected collected(UUID orderId, List<LabTest> tests, OrderRequest.SpecimenLabel label,
                                        java.util.function.Predicate<String> taken) {
        if (label == null || label.barcode() == null || !BARCODE.matcher(label.barcode()).matches()) {
            throw new LabRuleViolation("invalid-barcode", "A specimen barcode must be 4 to 32 letters, digits or hyphens");
        }
        SpecimenType type = catalogue.specimenType(label.specimenType());
        if (tests.stream().noneMatch(t -> t.specimenType().equals(type.code()))) {
            throw new LabRuleViolation("wrong-specimen-type", "A " + type.name() + " specimen suits none of the tests ordered ("
                    + String.join(", ", tests.stream().map(t -> t.code() + " needs " + t.specimenType()).toList()) + ")");
        }
        // Barcodes are found in any case (a scanner on Caps Lock), so two may not differ only in case.
        if (taken.test(label.barcode().toUpperCase(java.util.Locale.ROOT))) {
            throw new Conflict("Barcode " + label.barcode() + " is already on another specimen");
        }
        Instant collectedAt = StatedTime.orNow(label.collectedAt(), "collected", clock.instant());
        return new SpecimenCollected(UUID.randomUUID(), orderId, label.barcode(), type.code(), type.container(), collectedAt);
    }

    private UUID patientOf(Actor actor, OrderRequest r) {
        if (r.patientId() != null) {
            if (!patients.isRegistered(r.patientId())) {
                throw new NotFound("No patient with id " + r.patientId());
            }
            return r.patientId();
        }
        if (r.nhsNumber() != null) {
            // An order makes a care relationship: only for a patient the orderer can identify, never by NHS number alone.
            return patients.identify(actor, r.nhsNumber(), r.familyName(), r.dateOfBirth());
        }
        throw new LabRuleViolation("missing-field", "An order needs patientId, or nhsNumber with familyName and dateOfBirth");
    }

    private String accessionFor(String requested, Taken taken) {
        if (requested == null || requested.isBlank()) {
            long next = taken.next();
            int year = Year.from(clock.instant().atZone(ZoneOffset.UTC)).getValue();
            return "%s%02d%07d".formatted(accessionPrefix, year % 100, next);
        }
        String accession = requested.trim().toUpperCase();
        if (!ACCESSION.matcher(accession).matches() || accession.startsWith(accessionPrefix)) {
            throw new LabRuleViolation("invalid-accession", "A pre-printed accession must be 6 to 20 letters or digits and must not start with "
                    + accessionPrefix + " (reserved for numbers the lab assigns)");
        }
        if (taken.accession()) {
            throw new Conflict("Accession number " + accession + " is already in use");
        }
        return accession;
    }

    /** What this lab's own accession numbers, and the barcodes it prints, start with. */
    public String accessionPrefix() {
        return accessionPrefix;
    }

    /** The order a requester (ODS code) placed under its placer order number (or placer group number), if any. */
    public Optional<LabOrder> byPlacerNumber(String requesterOds, String placerOrderNumber) {
        return db.sql(SELECT_ORDER + " where o.requester_ods = ? and o.placer_order_number = ?")
                .params(requesterOds, placerOrderNumber).query(this::order).optional();
    }

    /**
     * Cancels tests of an order that have no result yet, by a person (with {@code reason}) or the requester's system;
     * cancelling the last test still requested cancels the order. A test with a result is the lab's to report: it is
     * refused, as is one not (or no longer) on the order. Returns the events to append; after the append, publish
     * {@link #cancelled} so a report that waited only for these tests is released.
     */
    public Prepared<Cancellation> prepareCancellation(Actor actor, LabOrder order, List<String> testCodes, String reason) {
        actor.require(Actor.Role.INTERFACE, Actor.Role.SCIENTIST, Actor.Role.LAB_MANAGER);
        if (reason == null || reason.isBlank()) {
            throw new LabRuleViolation("missing-field", "Say why the test is cancelled (for example: requested in error)");
        }
        String why = FreeText.line("The reason", reason);
        if (testCodes == null || testCodes.isEmpty() || testCodes.stream().anyMatch(c -> c == null || c.isBlank())) {
            throw new LabRuleViolation("no-tests", "Name the tests to cancel");
        }
        Set<String> codes = new LinkedHashSet<>(testCodes.stream().map(c -> c.strip().toUpperCase()).toList());
        List<String> cancelledBefore = cancelledTests(order.id());
        for (String code : codes) {
            if (cancelledBefore.contains(code)) {
                throw new Conflict(code + " on order " + order.accession() + " is already cancelled");
            }
            if (!order.tests().contains(code)) {
                throw new LabRuleViolation("test-not-on-order", code + " is not a test on order " + order.accession()
                        + "; its tests are " + order.tests());
            }
            if (exists("select 1 from result where order_id = ? and test_code = ? limit 1", order.id(), code)) {
                throw new Conflict(code + " on order " + order.accession() + " already has a result, so it is no longer "
                        + "cancelled this way: ask the lab");
            }
        }
        Instant now = clock.instant();
        List<NewEvent> events = new ArrayList<>();
        for (String code : codes) {
            events.add(NewEvent.of(order.id(), new TestCancelled(order.id(), code, actor.logName(), why, now)));
        }
        boolean wholeOrder = codes.containsAll(order.tests());
        if (wholeOrder) {
            events.add(NewEvent.of(order.id(), new OrderCancelled(order.id(), actor.logName(), why, now)));
        }
        return new Prepared<>(new Cancellation(order, List.copyOf(codes), wholeOrder), events);
    }

    /** A scientist or lab manager cancels one test of an order (the requester asked by phone, say). */
    public Cancellation cancelTest(Actor actor, String accession, String testCode, String reason) {
        actor.require(Actor.Role.SCIENTIST, Actor.Role.LAB_MANAGER);
        Prepared<Cancellation> cancellation = prepareCancellation(actor, byAccession(accession),
                testCode == null ? List.of() : List.of(testCode), reason);
        log.append(actor.logName(), cancellation.events());
        cancelled(actor, cancellation.outcome());
        return cancellation.outcome();
    }

    /** Tells reporting, once the cancellation is committed, that the order may now be complete. */
    public void cancelled(Actor actor, Cancellation cancellation) {
        notices.publishEvent(new TestsCancelled(cancellation.order().id(), actor.logName()));
    }

    /** The tests cancelled on an order, which {@link LabOrder#tests()} no longer lists. */
    public List<String> cancelledTests(UUID orderId) {
        return db.sql("select test_code from order_test where order_id = ? and cancelled_at is not null order by test_code")
                .param(orderId).query(String.class).list();
    }

    public LabOrder byAccession(String accession) {
        return find("accession = ?", accession)
                .orElseThrow(() -> new NotFound("No order with accession number " + accession));
    }

    public LabOrder byId(UUID orderId) {
        return find("id = ?", orderId).orElseThrow(() -> new NotFound("No order with id " + orderId));
    }

    public List<LabOrder> forPatient(UUID patientId) {
        return db.sql(SELECT_ORDER + " where patient_id = ? order by placed_at, accession").param(patientId).query(this::order).list();
    }

    /** The requester's clinical details, decrypted. */
    public String clinicalDetails(UUID orderId) {
        return db.sql("select clinical_details from lab_order where id = ?").param(orderId)
                .query((rs, n) -> rs.getBytes(1)).optional()
                .filter(b -> b != null)
                .map(b -> new String(cipher.open(b, OrderProjection.clinicalDetailsBinding(orderId)), StandardCharsets.UTF_8))
                .orElse(null);
    }

    /** An order with the tests still requested: a cancelled test is no longer waited for by anything. */
    private static final String SELECT_ORDER = """
            select o.*, coalesce((select array_agg(t.test_code order by t.test_code) from order_test t
                                  where t.order_id = o.id and t.cancelled_at is null), '{}') tests
            from lab_order o""";

    private Optional<LabOrder> find(String where, Object key) {
        return db.sql(SELECT_ORDER + " where o." + where).param(key).query(this::order).optional();
    }

    private LabOrder order(ResultSet rs, int n) throws SQLException {
        return new LabOrder(rs.getObject("id", UUID.class), rs.getString("accession"),
                rs.getObject("patient_id", UUID.class), rs.getString("requester_ods"), rs.getString("clinician"),
                Priority.valueOf(rs.getString("priority")), rs.getString("placer_order_number"),
                List.of((String[]) rs.getArray("tests").getArray()), rs.getTimestamp("placed_at").toInstant(),
                rs.getInt("target_minutes"), rs.getString("performed_elsewhere"));
    }

    private boolean exists(String sql, Object... parameters) {
        return db.sql(sql).params(parameters).query(Integer.class).optional().isPresent();
    }

}
