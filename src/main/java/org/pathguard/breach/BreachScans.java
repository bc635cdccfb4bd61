package org.pathguard.breach;

import org.pathguard.access.Actor;
import org.pathguard.breach.detect.DataCategory;
import org.pathguard.breach.detect.Detector;
import org.pathguard.crypto.FieldCipher;
import org.pathguard.eventlog.EventLog;
import org.pathguard.eventlog.NewEvent;
import org.pathguard.lab.FreeText;
import org.pathguard.lab.LabRuleViolation;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Scans a leaked dump for the lab's patients (ADR 0045): walks the paths, reads every file on every core
 * ({@link FileReading}), finds identifiers ({@link Detector}), matches them by blind index ({@link PatientMatcher}),
 * and writes the outputs and the scan's event. Resumable through a journal in the output directory. Only the privacy
 * officer (AUDITOR) runs it. Nothing it writes or logs holds an identifier in clear.
 */
@Service
public class BreachScans {

    private static final long PROGRESS_EVERY_MILLIS = 250;

    private final FileReading reading;
    private final ScanVocabulary vocabulary;
    private final RegistryIndexes indexes;
    private final EventLog log;
    private final FieldCipher cipher;
    private final JdbcClient db;
    private final InstantSource clock;
    private final int workers;

    BreachScans(FileReading reading, ScanVocabulary vocabulary, RegistryIndexes indexes, EventLog log,
                FieldCipher cipher, JdbcClient db, InstantSource clock,
                @Value("${pathguard.breach.workers:0}") int workers) {
        this.reading = reading;
        this.vocabulary = vocabulary;
        this.indexes = indexes;
        this.log = log;
        this.cipher = cipher;
        this.db = db;
        this.clock = clock;
        this.workers = workers > 0 ? workers : Runtime.getRuntime().availableProcessors();
    }

    /**
     * Runs the scan to the end, telling {@code progress} how it goes (from the calling thread). Refuses a caller who is
     * not the privacy officer, a missing case reference or output directory, paths that do not exist, and an output
     * directory inside what is scanned or holding another case's scan, before anything is written. An exception from
     * {@code progress}, or the calling thread interrupted, stops the scan; the journal keeps every file finished, and
     * a rerun with the same directory and case continues from there.
     */
    public ScanReport scan(ScanRequest request, ScanProgress progress) {
        request.actor().require(Actor.Role.AUDITOR);
        String caseReference = FreeText.line("caseReference", request.caseReference());
        if (request.out() == null) {
            throw new LabRuleViolation("no-output-directory", "Name the directory the scan's outputs go to");
        }
        Path out = request.out().toAbsolutePath().normalize();
        List<DumpWalk.DumpFile> files = DumpWalk.walk(request.paths());
        for (Path p : request.paths()) {
            if (out.startsWith(p.toAbsolutePath().normalize())) {
                throw new LabRuleViolation("output-inside-dump", "The output directory " + out + " is inside " + p
                        + ", which is scanned: choose a directory outside the dump");
            }
        }
        try (ScanJournal journal = ScanJournal.open(out, caseReference, clock.instant())) {
            return run(request.actor(), caseReference, out, files, journal, progress);
        }
    }

    private ScanReport run(Actor actor, String caseReference, Path out, List<DumpWalk.DumpFile> files, ScanJournal journal,
                           ScanProgress progress) {
        Detector detector = new Detector(vocabulary.now());
        PatientMatcher matcher = indexes.load();
        Findings findings = new Findings();
        List<DumpWalk.DumpFile> pending = new ArrayList<>();
        long bytesTotal = 0;
        long bytesDone = 0;
        int resumed = 0;
        for (DumpWalk.DumpFile file : files) {
            bytesTotal += file.bytes();
            FileResult earlier = journal.done(file);
            if (earlier == null) {
                pending.add(file);
            } else {
                findings.add(earlier);
                bytesDone += file.bytes();
                resumed++;
            }
        }
        Run run = new Run(files.size(), bytesTotal, resumed, bytesDone, progress);
        Map<DumpWalk.DumpFile, FileScan> inProgress = new ConcurrentHashMap<>();
        AtomicInteger threads = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(workers, task -> {
            Thread t = new Thread(task, "breach-scan-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        try {
            CompletionService<FileResult> done = new ExecutorCompletionService<>(pool);
            for (DumpWalk.DumpFile file : pending) {
                done.submit(() -> read(file, detector, matcher, inProgress));
            }
            for (int left = pending.size(); left > 0; ) {
                Future<FileResult> next = done.poll(PROGRESS_EVERY_MILLIS, TimeUnit.MILLISECONDS);
                if (next != null) {
                    FileResult result = next.get();
                    journal.finished(result);
                    findings.add(result);
                    run.finished(result);
                    left--;
                }
                run.report(inProgress, left == 0);
            }
            if (pending.isEmpty()) {
                run.report(inProgress, true);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ScanStopped("The scan was stopped; run it again with the same output directory and case to continue");
        } catch (ExecutionException e) {
            throw new IllegalStateException("A scan worker failed outside any file", e.getCause());
        } finally {
            pool.shutdownNow();
        }
        return finish(actor, caseReference, out, journal.header().started(), findings, resumed);
    }

    /** One file on a worker thread: never throws for what is in the file or for a file that cannot be opened. */
    private FileResult read(DumpWalk.DumpFile file, Detector detector, PatientMatcher matcher,
                            Map<DumpWalk.DumpFile, FileScan> inProgress) {
        FileScan scan = new FileScan(detector, matcher);
        inProgress.put(file, scan);
        try {
            return scan.result(file, reading.read(file.file(), file.pathInDump(), scan));
        } catch (AccessDeniedException e) {
            return scan.failed(file, "could not be opened: permission denied");
        } catch (NoSuchFileException e) {
            return scan.failed(file, "could not be opened: it was gone when its turn came");
        } catch (IOException e) {
            // Said by the JDK (naming the file) or by the reading (the reader process could not start): never the file's text.
            return scan.failed(file, "could not be opened: " + e.getMessage());
        } catch (RuntimeException e) {
            // The exception's message is not kept: it may quote the file's text.
            return scan.failed(file, "the scan failed on it (" + e.getClass().getSimpleName() + ")");
        } finally {
            inProgress.remove(file);
        }
    }

    /** The scan was stopped before the end; what it finished is in the journal. */
    public static final class ScanStopped extends RuntimeException {
        ScanStopped(String message) {
            super(message);
        }
    }

    /** Counts for the progress line, kept by the calling thread. */
    private final class Run {
        final int filesTotal;
        final long bytesTotal;
        final long startedNanos = System.nanoTime();
        final ScanProgress progress;
        int filesDone;
        long bytesDone;
        long bytesThisRun;
        long lastReported;

        Run(int filesTotal, long bytesTotal, int filesDone, long bytesDone, ScanProgress progress) {
            this.filesTotal = filesTotal;
            this.bytesTotal = bytesTotal;
            this.filesDone = filesDone;
            this.bytesDone = bytesDone;
            this.progress = progress;
        }

        void finished(FileResult file) {
            filesDone++;
            bytesDone += file.bytes();
            bytesThisRun += file.bytes();
        }

        void report(Map<DumpWalk.DumpFile, FileScan> inProgress, boolean last) {
            long now = System.nanoTime();
            if (!last && now - lastReported < PROGRESS_EVERY_MILLIS * 1_000_000) {
                return;
            }
            lastReported = now;
            // Files being read count by the characters read so far (about a byte each in plain text), up to their size.
            long partly = 0;
            String current = null;
            for (Map.Entry<DumpWalk.DumpFile, FileScan> e : inProgress.entrySet()) {
                partly += Math.min(e.getKey().bytes(), e.getValue().characters());
                current = e.getKey().pathInDump();
            }
            double seconds = Math.max((now - startedNanos) / 1e9, 1e-3);
            double rate = (bytesThisRun + partly) / seconds;
            long remaining = Math.max(0, bytesTotal - bytesDone - partly);
            Duration timeLeft = rate > 0 ? Duration.ofSeconds((long) Math.ceil(remaining / rate)) : null;
            progress.update(new ScanStatus(Math.min(bytesTotal, bytesDone + partly), bytesTotal, filesDone, filesTotal,
                    rate / 1e6, last ? Duration.ZERO : timeLeft, last ? null : current));
        }
    }

    private ScanReport finish(Actor actor, String caseReference, Path out, Instant started, Findings findings, int resumed) {
        Map<UUID, Set<String>> requesters = requesters(findings.patientIds());
        List<Findings.Patient> patients = findings.patients(requesters);
        List<FileResult> files = findings.files();
        List<ScanSummary.TracedExport> traced = traced(files);
        long documents = 0;
        long bytes = 0;
        long characters = 0;
        List<String> unreadable = new ArrayList<>();
        List<BreachScanRecorded.ScannedFile> scanned = new ArrayList<>();
        for (FileResult f : files) {
            documents += f.documents();
            bytes += f.bytes();
            characters += f.characters();
            unreadable.addAll(f.errors());
            scanned.add(new BreachScanRecorded.ScannedFile(f.pathInDump(), f.sha256(), f.bytes()));
        }
        int confirmed = (int) patients.stream().filter(Findings.Patient::confirmed).count();
        Map<DataCategory, Integer> byCategory = Findings.byCategory(patients);
        Map<String, Integer> byCategoryWords = new LinkedHashMap<>();
        byCategory.forEach((c, n) -> byCategoryWords.put(c.words(), n));
        Map<String, Integer> byOrganisation = Findings.byOrganisation(patients);
        UUID scanId = UUID.randomUUID();
        ScanSummary summary = new ScanSummary(scanId, caseReference, actor.name(), started, clock.instant(), files.size(),
                resumed, documents, bytes, characters, confirmed, patients.size() - confirmed,
                findings.otherControllersNhs(), findings.testPatientMentions(), byCategoryWords, byOrganisation, traced,
                unreadable);
        long sequence = log.append(actor.logName(), NewEvent.of("breach-scan:" + scanId, new BreachScanRecorded(scanId,
                caseReference, started, summary.finished(), scanned,
                cipher.sealJson(summary, BreachScanRecorded.findingsBinding(scanId))))).getFirst().sequence();
        List<Path> outputs = ScanOutputs.write(out, summary, sequence, patients, files, requesters);
        return new ScanReport(caseReference, files.size(), resumed, documents, unreadable.size(), bytes, characters,
                confirmed, patients.size() - confirmed, findings.otherControllersNhs(), findings.testPatientMentions(),
                (int) traced.stream().filter(t -> t.exportId() != null).count(), byCategory, byOrganisation, outputs, sequence);
    }

    /** The organisations (requesters' ODS codes) whose patients they are, from their orders; merged records' orders moved with them. */
    private Map<UUID, Set<String>> requesters(Set<UUID> patients) {
        Map<UUID, Set<String>> byPatient = new HashMap<>();
        if (patients.isEmpty()) {
            return byPatient;
        }
        db.sql("select distinct patient_id, requester_ods from lab_order where patient_id = any(?)")
                .param(patients.toArray(UUID[]::new))
                .query(rs -> {
                    byPatient.computeIfAbsent(rs.getObject(1, UUID.class), p -> new TreeSet<>()).add(rs.getString(2));
                });
        return byPatient;
    }

    /** Every export fingerprint found, with the export it names in this lab's register (who asked, who approved), if any. */
    private List<ScanSummary.TracedExport> traced(List<FileResult> files) {
        Map<String, List<String>> where = new TreeMap<>();
        for (FileResult f : files) {
            f.fingerprints().forEach(fp -> where.computeIfAbsent(fp, k -> new ArrayList<>()).add(f.pathInDump()));
        }
        if (where.isEmpty()) {
            return List.of();
        }
        Map<String, ScanSummary.TracedExport> known = new HashMap<>();
        db.sql("""
                        select fingerprint, id, requested_by, requested_at, identifiable, decided_by, decided_at, produced_at
                        from data_export where fingerprint = any(?)""")
                .param(where.keySet().toArray(String[]::new))
                .query(rs -> {
                    String fp = rs.getString(1);
                    known.put(fp, new ScanSummary.TracedExport(fp, rs.getObject(2, UUID.class), rs.getString(3),
                            instant(rs.getTimestamp(4)), rs.getBoolean(5), rs.getString(6), instant(rs.getTimestamp(7)),
                            instant(rs.getTimestamp(8)), where.get(fp)));
                });
        List<ScanSummary.TracedExport> traced = new ArrayList<>();
        where.forEach((fp, in) -> traced.add(known.getOrDefault(fp,
                new ScanSummary.TracedExport(fp, null, null, null, false, null, null, null, in))));
        return traced;
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
