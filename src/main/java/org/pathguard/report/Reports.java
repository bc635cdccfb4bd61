package org.pathguard.report;

import org.pathguard.access.Actor;
import org.pathguard.crypto.FieldCipher;
import org.pathguard.eventlog.EventLog;
import org.pathguard.eventlog.NewEvent;
import org.pathguard.lab.Analyte;
import org.pathguard.lab.Catalogue;
import org.pathguard.lab.Conflict;
import org.pathguard.lab.LabTest;
import org.pathguard.order.LabOrder;
import org.pathguard.order.OrderDesk;
import org.pathguard.order.TestsCancelled;
import org.pathguard.result.LabResult;
import org.pathguard.result.ResultStatus;
import org.pathguard.result.Results;
import org.pathguard.result.ThisLab;
import org.pathguard.result.ResultsFinalised;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Issues an order's report once every requested analyte is reportable, and a new version on amendment. */
@Service
public class Reports {

    private static final Logger log = LoggerFactory.getLogger(Reports.class);

    private final EventLog events;
    private final JdbcClient db;
    private final FieldCipher cipher;
    private final Catalogue catalogue;
    private final OrderDesk orders;
    private final Results results;
    private final ThisLab thisLab;
    private final ReentrantLock[] releaseLocks = new ReentrantLock[64];

    Reports(EventLog events, JdbcClient db, FieldCipher cipher, Catalogue catalogue, OrderDesk orders, Results results,
            ThisLab thisLab) {
        this.thisLab = thisLab;
        this.events = events;
        this.db = db;
        this.cipher = cipher;
        this.catalogue = catalogue;
        this.orders = orders;
        this.results = results;
        for (int i = 0; i < releaseLocks.length; i++) {
            releaseLocks[i] = new ReentrantLock();
        }
    }

    @EventListener
    void onResultsFinalised(ResultsFinalised notice) {
        try {
            releaseIfComplete(notice.actor(), notice.orderId());
        } catch (DuplicateKeyException concurrentRelease) {
            // Another request released this version at the same moment; one report is what we want.
            log.debug("Report for order {} was released concurrently", notice.orderId());
        } catch (RuntimeException e) {
            // The results are committed whatever happens here; POST /api/orders/{accession}/report retries.
            log.warn("Automatic report release for order {} failed: {}", notice.orderId(), e.getClass().getName());
        }
    }

    /** A report that waited only for tests now cancelled is released. */
    @EventListener
    void onTestsCancelled(TestsCancelled notice) {
        try {
            releaseIfComplete(notice.actor(), notice.orderId());
        } catch (DuplicateKeyException concurrentRelease) {
            log.debug("Report for order {} was released concurrently", notice.orderId());
        } catch (RuntimeException e) {
            // The cancellation is committed whatever happens here; POST /api/orders/{accession}/report retries.
            log.warn("Report release after a cancellation on order {} failed: {}", notice.orderId(), e.getClass().getName());
        }
    }

    /**
     * Releases the order's report if it is complete and differs from the last version; empty
     * otherwise. Releases of one order are serialised, so a version always reflects every change
     * committed before it (the writer lock keeps other processes off the database).
     */
    public Optional<Report> releaseIfComplete(String actor, UUID orderId) {
        ReentrantLock lock = releaseLocks[Math.floorMod(orderId.hashCode(), releaseLocks.length)];
        lock.lock();
        try {
            return releaseNow(actor, orderId);
        } finally {
            lock.unlock();
        }
    }

    private Optional<Report> releaseNow(String actor, UUID orderId) {
        Optional<NewEvent> release = prepareRelease(orders.byId(orderId), results.forOrder(orderId), List.of());
        if (release.isEmpty()) {
            return Optional.empty();
        }
        events.append(actor, release.get());
        return Optional.of(versions(orderId).getLast());
    }

    /**
     * The release of the order's next report version if, with {@code arriving} results (not yet
     * appended) added to those {@code recorded}, every requested analyte is reportable and the content
     * differs from the last version; for appending together with those results. Two such appends
     * for one order at once clash on the version number, and the later one fails without writing.
     */
    public Optional<NewEvent> prepareRelease(LabOrder order, List<LabResult> recorded, List<LabResult> arriving) {
        UUID orderId = order.id();
        if (order.performedElsewhere() != null) {
            // The partner that did it reported it to the requester; a second report from here would be a duplicate.
            return Optional.empty();
        }
        Map<UUID, LabResult> current = new java.util.LinkedHashMap<>();
        recorded.forEach(r -> current.put(r.id(), r));
        arriving.forEach(r -> current.put(r.id(), r));
        Optional<Report.Content> content = completeContent(order, List.copyOf(current.values()));
        if (content.isEmpty()) {
            return Optional.empty();
        }
        List<Report> issued = versions(orderId);
        // A report is issued again for a change in what it reports, not for a change in the lab's name.
        if (!issued.isEmpty() && issued.getLast().content().issuedBy(content.get().reportingLab()).equals(content.get())) {
            return Optional.empty();
        }
        int version = issued.size() + 1;
        return Optional.of(NewEvent.of(orderId, new ReportReleased(orderId, version, version > 1, content.get())));
    }

    /** Releases on request; refuses with the list of what is still outstanding. */
    public Report release(Actor actor, String accession) {
        actor.require(Actor.Role.SCIENTIST, Actor.Role.AUTHORISER);
        LabOrder order = orders.byAccession(accession);
        Optional.ofNullable(order.performedElsewhere()).ifPresent(partner -> {
            throw new Conflict("Order " + accession + " was done and reported by partner laboratory " + partner
                    + " while this lab was down; this lab does not report it again");
        });
        List<String> outstanding = outstanding(order, results.forOrder(order.id()));
        if (!outstanding.isEmpty()) {
            throw new Conflict("Order " + accession + " is not complete: " + String.join(", ", outstanding)
                    + " not yet reportable");
        }
        releaseIfComplete(actor.logName(), order.id());
        return versions(order.id()).getLast();
    }

    /** Whether any version of the order's report has been released (nothing decrypted). */
    public boolean released(UUID orderId) {
        return db.sql("select exists (select 1 from report where order_id = ?)").param(orderId).query(Boolean.class).single();
    }

    public List<Report> versions(UUID orderId) {
        return db.sql("select * from report where order_id = ? order by version").param(orderId).query((rs, n) -> {
            int version = rs.getInt("version");
            Report.Content content = cipher.openJson(rs.getBytes("content"), ReportProjection.contentBinding(orderId, version),
                    Report.Content.class);
            return new Report(orderId, version, rs.getBoolean("amended"), rs.getTimestamp("released_at").toInstant(),
                    rs.getString("released_by"), content.reportingLab() == null ? content.issuedBy(thisLab.identity()) : content);
        }).list();
    }

    private Optional<Report.Content> completeContent(LabOrder order, List<LabResult> current) {
        // An order whose every test was cancelled has nothing to report.
        if (order.tests().isEmpty() || !outstanding(order, current).isEmpty()) {
            return Optional.empty();
        }
        Map<String, LabResult> byAnalyte = reportablePerAnalyte(current);
        List<Report.Line> lines = new ArrayList<>();
        for (String testCode : order.tests()) {
            LabTest test = catalogue.test(testCode);
            for (String analyteCode : test.analytes()) {
                Analyte analyte = catalogue.analyte(analyteCode);
                LabResult r = byAnalyte.get(analyteCode);
                lines.add(new Report.Line(testCode, analyteCode, analyte.name(), analyte.loinc(), r.measurement().value(),
                        r.measurement().unit(), r.measurement().rangeLow(), r.measurement().rangeHigh(),
                        r.measurement().flag(), r.status(), r.version(), r.performedBy()));
            }
        }
        return Optional.of(new Report.Content(order.accession(), order.patientId(), order.requesterOds(),
                order.clinician(), order.priority(), lines, thisLab.identity()));
    }

    private List<String> outstanding(LabOrder order, List<LabResult> current) {
        Map<String, LabResult> reportable = reportablePerAnalyte(current);
        List<String> missing = new ArrayList<>();
        for (String testCode : order.tests()) {
            for (String analyteCode : catalogue.test(testCode).analytes()) {
                if (!reportable.containsKey(analyteCode)) {
                    missing.add(analyteCode);
                }
            }
        }
        return missing;
    }

    /** Per analyte, the latest final or amended result (a repeat on a new tube replaces a rejected one). */
    private static Map<String, LabResult> reportablePerAnalyte(List<LabResult> current) {
        return current.stream()
                .filter(r -> r.status() == ResultStatus.FINAL || r.status() == ResultStatus.AMENDED)
                .collect(Collectors.toMap(LabResult::analyteCode, Function.identity(),
                        (a, b) -> a.recordedAt().isAfter(b.recordedAt()) ? a : b));
    }
}
