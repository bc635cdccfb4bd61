package org.pathguard.breach;

import org.pathguard.access.Actor;
import org.pathguard.access.ForbiddenAction;
import org.pathguard.crypto.FieldCipher;
import org.pathguard.eventlog.EventLog;
import org.pathguard.eventlog.NewEvent;
import org.pathguard.export.Exports;
import org.pathguard.lab.Conflict;
import org.pathguard.lab.LabRuleViolation;
import org.pathguard.lab.NotFound;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The privacy officer's breach scans as jobs on the running lab server (ADR 0046): a scan of server-side paths under
 * the configured roots, run by {@link BreachScans} on a thread of its own, one at a time, its progress kept in memory
 * and its start, end and outcome recorded as events. Outputs go to {@code <data-dir>/breach-scans/<id>}; a scan the
 * server stopped in the middle resumes there from the scan's journal. From a finished scan the privacy officer asks for
 * the notification list: the confirmed patients, named, as an identifiable export that a second person approves.
 */
@Service
public class BreachScanJobs implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(BreachScanJobs.class);

    /** A case reference as the ICO or the lab's own register writes one: not free text, so it is kept as typed. */
    private static final Pattern CASE_REFERENCE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9 ./_-]{1,39}");
    /** The outputs a scan writes, the only files downloaded from its directory (never its journal). */
    public static final List<String> OUTPUTS = List.of(ScanReport.SUMMARY_PDF, ScanReport.AFFECTED_PATIENTS, ScanReport.FILES,
            ScanReport.SUMMARY_JSON);
    private static final long STOPPING_WAIT_MILLIS = 5_000;

    private final EventLog events;
    private final JdbcClient db;
    private final FieldCipher cipher;
    private final BreachScans scans;
    private final Exports exports;
    private final ScanRoots roots;
    private final Path scansDir;
    private final String labOds;

    /** The scan running in this server, if any, and where it stands. */
    private volatile Thread worker;
    private volatile UUID runningScan;
    private volatile boolean stopping;
    private final Map<UUID, ScanStatus> progress = new ConcurrentHashMap<>();

    BreachScanJobs(EventLog events, JdbcClient db, FieldCipher cipher, BreachScans scans, Exports exports,
                   @Value("${pathguard.breach.roots:}") String roots, @Value("${pathguard.data-dir}") Path dataDir,
                   @Value("${pathguard.key-dir}") Path keyDir, @Value("${pathguard.lab.ods-code:PGLAB}") String labOds) {
        this.events = events;
        this.db = db;
        this.cipher = cipher;
        this.scans = scans;
        this.exports = exports;
        this.roots = ScanRoots.of(roots, dataDir, keyDir);
        this.scansDir = dataDir.resolve("breach-scans");
        this.labOds = labOds;
    }

    /** The lab's own privacy officer: an auditor of another organisation has no business with the lab's dumps. */
    private void privacyOfficer(Actor actor) {
        actor.require(Actor.Role.AUDITOR);
        if (!labOds.equals(actor.organisation())) {
            throw new ForbiddenAction("Breach scans are this laboratory's (" + labOds + ") privacy officer's; you act for "
                    + actor.organisation());
        }
    }

    /**
     * A scan as the privacy officer sees it.
     *
     * @param state    RUNNING, FINISHED, FAILED, or INTERRUPTED (running when the server stopped: resume it)
     * @param progress where a running scan stands; null otherwise, or before its first file
     * @param outcome  what a finished scan found; null otherwise
     */
    public record Job(UUID id, String caseReference, List<String> paths, String startedBy, Instant startedAt, String state,
                      Instant finishedAt, String failure, ScanStatus progress, ScanOutcome outcome) {

        public boolean running() {
            return state.equals("RUNNING");
        }

        public boolean finished() {
            return state.equals("FINISHED");
        }

        public boolean resumable() {
            return state.equals("FAILED") || state.equals("INTERRUPTED");
        }
    }

    /** The directories a scan may be pointed at, for the screen's hint. */
    public List<String> roots(Actor actor) {
        privacyOfficer(actor);
        return roots.roots().stream().map(Path::toString).toList();
    }

    /** Starts a scan of {@code paths} for the case; everything is checked before anything is written. */
    public synchronized Job start(Actor actor, List<String> paths, String caseReference) {
        privacyOfficer(actor);
        String reference = caseReference(caseReference);
        List<Path> checked = roots.check(paths);
        refuseWhileRunning();
        UUID id = UUID.randomUUID();
        Path out = outputsMade(id);
        events.append(actor.logName(), NewEvent.of("breach-scan:" + id,
                new BreachScanStarted(id, reference, checked.stream().map(Path::toString).toList())));
        launch(actor, id, new ScanRequest(checked, out, reference, actor));
        return job(id);
    }

    /** Runs an interrupted or failed scan again into its own directory: the scan's journal skips what was done. */
    public synchronized Job resume(Actor actor, UUID id) {
        privacyOfficer(actor);
        Job job = job(id);
        if (!job.resumable()) {
            throw new Conflict("This scan is " + job.state().toLowerCase() + "; only a scan that failed or was interrupted is resumed");
        }
        // Its paths are checked again: the roots may have changed since, and a link may now lead elsewhere.
        List<Path> checked = roots.check(job.paths());
        refuseWhileRunning();
        Path out = outputsMade(id);
        events.append(actor.logName(), NewEvent.of("breach-scan:" + id, new BreachScanResumed(id)));
        launch(actor, id, new ScanRequest(checked, out, job.caseReference(), actor));
        return job(id);
    }

    public List<Job> list(Actor actor) {
        privacyOfficer(actor);
        return db.sql(SELECT + " order by started_at desc limit 100").query(this::read).list();
    }

    public Job get(Actor actor, UUID id) {
        privacyOfficer(actor);
        return job(id);
    }

    /** One of a scan's outputs, by its name; nothing else in its directory (the journal) is ever served. */
    public Path output(Actor actor, UUID id, String name) {
        privacyOfficer(actor);
        Job job = job(id);
        if (!OUTPUTS.contains(name)) {
            throw new NotFound("A scan's outputs are " + String.join(", ", OUTPUTS));
        }
        Path file = outputs(job.id()).resolve(name);
        if (!job.finished() || !Files.isRegularFile(file)) {
            throw new NotFound("This scan has no " + name + (job.finished() ? "" : " yet: it is " + job.state().toLowerCase()));
        }
        return file;
    }

    /**
     * The notification list of a finished scan: its confirmed patients, with names, NHS numbers, dates of birth and
     * postcodes, as an identifiable export that waits for a second person (a lab manager or another privacy officer).
     */
    public synchronized Exports.Entry requestNotificationList(Actor actor, UUID id, String purpose) {
        privacyOfficer(actor);
        Job job = job(id);
        if (!job.finished()) {
            throw new Conflict("This scan is " + job.state().toLowerCase() + "; a notification list is made from a finished scan");
        }
        List<UUID> confirmed = confirmedPatients(outputs(id).resolve(ScanReport.AFFECTED_PATIENTS));
        Exports.Entry export = exports.requestNotificationList(actor, job.caseReference(), confirmed, purpose);
        events.append(actor.logName(), NewEvent.of("breach-scan:" + id, new BreachNotificationListRequested(id, export.id())));
        return export;
    }

    /** The notification lists asked for from a scan, with where each stands in the export register. */
    public List<Exports.Entry> notificationLists(Actor actor, UUID id) {
        privacyOfficer(actor);
        return db.sql("select export_id from breach_notification_list where scan_id = ? order by requested_at desc")
                .param(job(id).id()).query(UUID.class).list().stream().map(exports::entry).toList();
    }

    /** Whether a notification list belongs to the scan (the screen acts on a list only from its own scan's page). */
    public boolean listOf(UUID scanId, UUID exportId) {
        return db.sql("select count(*) from breach_notification_list where scan_id = ? and export_id = ?")
                .param(scanId).param(exportId).query(Integer.class).single() > 0;
    }

    private static String caseReference(String typed) {
        String reference = typed == null ? "" : typed.strip();
        if (reference.isEmpty()) {
            throw new LabRuleViolation("missing-case-reference", "Give the breach case's reference, for example ICO-2026-0412");
        }
        if (!CASE_REFERENCE.matcher(reference).matches()) {
            throw new LabRuleViolation("invalid-case-reference",
                    "A case reference is 2 to 40 letters, digits, spaces and . / _ -, for example ICO-2026-0412");
        }
        return reference;
    }

    private void refuseWhileRunning() {
        UUID running = runningScan;
        if (running != null) {
            Job job = job(running);
            throw new Conflict("A scan is running (case " + job.caseReference() + ", started by " + job.startedBy()
                    + "): one scan at a time, so wait for it to finish");
        }
        // A scan recorded as running that no thread of this server runs was cut off when the server stopped.
        for (UUID stale : db.sql("select id from breach_scan where state = 'RUNNING'").query(UUID.class).list()) {
            events.append(Actor.SYSTEM.logName(), NewEvent.of("breach-scan:" + stale, new BreachScanInterrupted(stale)));
        }
    }

    private void launch(Actor actor, UUID id, ScanRequest request) {
        Thread thread = Thread.ofPlatform().name("breach-scan").daemon().unstarted(() -> run(actor, id, request));
        runningScan = id;
        worker = thread;
        thread.start();
    }

    private void run(Actor actor, UUID id, ScanRequest request) {
        try {
            ScanReport report = scans.scan(request, status -> progress.put(id, status));
            finish(actor, id, new BreachScanFinished(id, ScanOutcome.of(report)));
        } catch (RuntimeException e) {
            if (stopping) {
                // The server is stopping: the scan shows as interrupted and resumes from its journal.
                return;
            }
            // The class only: a lower layer's message may quote what it was reading.
            log.warn("The breach scan {} stopped: {}", id, e.getClass().getName());
            finish(actor, id, new BreachScanFailed(id, reason(e)));
        } finally {
            progress.remove(id);
            synchronized (this) {
                if (worker == Thread.currentThread()) {
                    worker = null;
                    runningScan = null;
                }
            }
        }
    }

    private void finish(Actor actor, UUID id, Record outcome) {
        try {
            events.append(actor.logName(), NewEvent.of("breach-scan:" + id, outcome));
        } catch (RuntimeException e) {
            log.warn("The end of breach scan {} was not recorded: {}", id, e.getClass().getName());
        }
    }

    /** A refusal by the scan says why in the lab's words; anything else is named by its kind only. */
    private static String reason(RuntimeException e) {
        if (e instanceof LabRuleViolation || e instanceof ForbiddenAction || e instanceof Conflict || e instanceof NotFound) {
            return e.getMessage();
        }
        return "The scan stopped on an error (" + e.getClass().getSimpleName() + "); resume it to continue where it stopped";
    }

    /** The confirmed rows of affected-patients.csv: only the first columns are read, which hold no commas or quotes. */
    static List<UUID> confirmedPatients(Path affected) {
        Set<UUID> confirmed = new LinkedHashSet<>();
        try (BufferedReader in = Files.newBufferedReader(affected, StandardCharsets.UTF_8)) {
            String header = in.readLine();
            List<String> columns = header == null ? List.of() : Arrays.asList(header.split(","));
            int patient = columns.indexOf("patient_id");
            int match = columns.indexOf("match");
            if (patient < 0 || match < 0) {
                throw new IllegalStateException(ScanReport.AFFECTED_PATIENTS + " has no patient_id and match columns");
            }
            int cells = Math.max(patient, match) + 2;
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                String[] row = line.split(",", cells);
                if (row.length > Math.max(patient, match) && row[match].equals("confirmed")) {
                    confirmed.add(UUID.fromString(row[patient]));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the scan's " + ScanReport.AFFECTED_PATIENTS, e);
        }
        return new ArrayList<>(confirmed);
    }

    private Path outputs(UUID id) {
        return scansDir.resolve(id.toString());
    }

    private Path outputsMade(UUID id) {
        Path out = outputs(id);
        try {
            return Files.createDirectories(out);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot make the scan's directory under the data directory", e);
        }
    }

    private static final String SELECT = """
            select id, case_reference, paths, started_by, started_at, state, finished_at, failure, outcome from breach_scan""";

    private Job job(UUID id) {
        return db.sql(SELECT + " where id = ?").param(id).query(this::read).optional()
                .orElseThrow(() -> new NotFound("No breach scan with id " + id));
    }

    private Job read(ResultSet rs, int n) throws SQLException {
        UUID id = rs.getObject("id", UUID.class);
        String state = rs.getString("state");
        // Recorded as running, but not running here: the server stopped in the middle of it.
        if (state.equals("RUNNING") && !id.equals(runningScan)) {
            state = "INTERRUPTED";
        }
        byte[] failure = rs.getBytes("failure");
        byte[] outcome = rs.getBytes("outcome");
        Timestamp finished = rs.getTimestamp("finished_at");
        return new Job(id, rs.getString("case_reference"), List.of((String[]) rs.getArray("paths").getArray()),
                rs.getString("started_by"), rs.getTimestamp("started_at").toInstant(), state,
                finished == null ? null : finished.toInstant(),
                failure == null ? null : new String(cipher.open(failure, BreachScanProjection.failureBinding(id)), StandardCharsets.UTF_8),
                state.equals("RUNNING") ? progress.get(id) : null,
                outcome == null ? null : cipher.openJson(outcome, BreachScanProjection.outcomeBinding(id), ScanOutcome.class));
    }

    @Override
    public void start() {
        stopping = false;
    }

    /** Stops a running scan as the server stops (before the database does): it shows as interrupted, to be resumed. */
    @Override
    public void stop() {
        stopping = true;
        Thread running = worker;
        if (running != null) {
            running.interrupt();
            try {
                running.join(STOPPING_WAIT_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return !stopping;
    }

    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 100;
    }
}
