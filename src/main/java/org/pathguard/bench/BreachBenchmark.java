package org.pathguard.bench;

import org.pathguard.access.Actor;
import org.pathguard.breach.BreachScans;
import org.pathguard.breach.ScanProgress;
import org.pathguard.breach.ScanReport;
import org.pathguard.breach.ScanRequest;
import org.pathguard.order.OrderDesk;
import org.pathguard.patient.PatientRegistry;
import org.springframework.context.ApplicationContext;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The breach scan at disk speed: a dump of {@code gigabytes} made with the planted corpus (plain text, and a share
 * in the other formats with the known-answer files among them), scanned as a privacy officer would, and ripgrep's
 * search for NHS-number-shaped digits over the same plain files in the same run as the physical limit. Prints MB/s
 * plain and mixed, ripgrep's MB/s and the ratio, and recall and precision of the confirmed matches on the planted
 * patients. Returns non-zero when a scan or ripgrep fails, or a file that should be read was not.
 */
public final class BreachBenchmark {

    private static final Actor PRIVACY_OFFICER = new Actor("bench.privacy-officer", Actor.Role.AUDITOR);
    /** NHS-number-shaped: 3-3-4 digits, spaces or hyphens or none, not inside a longer number. */
    static final String RIPGREP_NHS = "\\b[0-9]{3}[ -]?[0-9]{3}[ -]?[0-9]{4}\\b";

    private final ApplicationContext lab;
    private final PlantedCorpus.SampleWriter writer;
    private final PrintStream out;

    public BreachBenchmark(ApplicationContext lab, PlantedCorpus.SampleWriter writer, PrintStream out) {
        this.lab = lab;
        this.writer = writer;
        this.out = out;
    }

    public int run(Path work, double gigabytes, int bulkPatients, int mixedPercent) throws Exception {
        long total = (long) (gigabytes * 1e9);
        long mixedBytes = total * mixedPercent / 100;
        long plainBytes = total - mixedBytes;
        out.printf("PathGuard breach scan benchmark in %s on %d processors: %.2f GB (%d%% mixed formats), %d bulk patients%n",
                work, Runtime.getRuntime().availableProcessors(), gigabytes, mixedPercent, bulkPatients);

        PlantedCorpus corpus = new PlantedCorpus(bulkPatients);
        long t0 = System.nanoTime();
        Map<String, UUID> ids = corpus.register(lab.getBean(PatientRegistry.class), lab.getBean(OrderDesk.class));
        out.printf("registered %d patients with one order each in %.1f s%n", ids.size(), seconds(t0));

        List<PlantedCorpus.Person> bulk = corpus.bulk();
        int inMixed = bulk.size() * mixedPercent / 100;
        Path plain = work.resolve("dump-plain");
        Path mixed = work.resolve("dump-mixed");
        var files = new BulkFiles();
        t0 = System.nanoTime();
        long plainWritten = files.writePlain(plain, plainBytes, bulk.subList(inMixed, bulk.size()));
        out.printf("wrote %.0f MB of plain text in %.1f s%n", plainWritten / 1e6, seconds(t0));
        int plainStrangers = files.takeStrangersWritten();
        t0 = System.nanoTime();
        corpus.write(mixed.resolve("known"), work.resolve("staging-known"), writer);
        long mixedWritten = mixedBytes == 0 && inMixed == 0 ? 0
                : files.writeMixed(mixed.resolve("bulk"), work.resolve("staging-mixed"), mixedBytes, bulk.subList(0, inMixed), writer);
        out.printf("wrote %.0f MB of documents (and the known-answer files) in %.1f s%n", mixedWritten / 1e6, seconds(t0));
        int mixedStrangers = files.takeStrangersWritten();

        BreachScans scans = lab.getBean(BreachScans.class);
        int errors = 0;
        Scanned plainScan = scan(scans, plain, work.resolve("out-plain"), "BENCH-PLAIN");
        Scanned mixedScan = scan(scans, mixed, work.resolve("out-mixed"), "BENCH-MIXED");
        PlantedCorpus.Answers answers = corpus.answers();
        Set<String> expectedUnreadable = answers.unreadable().stream().map(p -> "dump-mixed/known/" + p).collect(Collectors.toSet());
        for (Scanned s : List.of(plainScan, mixedScan)) {
            for (String[] file : s.filesWithErrors()) {
                if (!expectedUnreadable.contains(file[0])) {
                    out.println("ERROR: not read: " + file[0] + ": " + file[1]);
                    errors++;
                }
            }
        }

        Ripgrep rg = ripgrep(plain);
        Set<UUID> expected = answers.confirmed().stream().map(ids::get).collect(Collectors.toSet());
        Set<UUID> found = new HashSet<>(plainScan.confirmed());
        found.addAll(mixedScan.confirmed());
        Set<UUID> right = new HashSet<>(found);
        right.retainAll(expected);
        double recall = expected.isEmpty() ? 1 : (double) right.size() / expected.size();
        double precision = found.isEmpty() ? 1 : (double) right.size() / found.size();

        out.println();
        out.printf("%-34s %12s %10s %10s%n", "", "MB", "seconds", "MB/s");
        out.printf("%-34s %12.0f %10.1f %10.1f%n", "scan, plain text", plainScan.report().bytes() / 1e6, plainScan.seconds(),
                plainScan.megabytesPerSecond());
        out.printf("%-34s %12.0f %10.1f %10.1f%n", "scan, mixed formats", mixedScan.report().bytes() / 1e6, mixedScan.seconds(),
                mixedScan.megabytesPerSecond());
        if (rg != null) {
            out.printf("%-34s %12.0f %10.1f %10.1f%n", "ripgrep NHS-number search, plain", plainWritten / 1e6, rg.seconds(),
                    plainWritten / 1e6 / rg.seconds());
            out.printf("scan / ripgrep on plain text: %.2f (ripgrep found %d lines with NHS-number-shaped digits)%n",
                    plainScan.megabytesPerSecond() / (plainWritten / 1e6 / rg.seconds()), rg.lines());
        } else {
            errors++;
        }
        out.printf("characters read: plain %,d, mixed %,d (%,d documents, %d unreadable)%n", plainScan.report().characters(),
                mixedScan.report().characters(), mixedScan.report().documents(), mixedScan.report().unreadable());
        out.printf("confirmed: %d planted, %d found, %d right: recall %.4f, precision %.4f%n", expected.size(), found.size(),
                right.size(), recall, precision);
        out.printf("possible: %d (planted possible only: %d); other controllers' NHS numbers: plain %d (%d written), mixed %d (%d written)%n",
                plainScan.report().possiblePatients() + mixedScan.report().possiblePatients(), answers.possible().size(),
                plainScan.report().otherControllersNhsNumbers(), plainStrangers, mixedScan.report().otherControllersNhsNumbers(),
                mixedStrangers + answers.otherControllersNhsNumbers());
        if (errors > 0) {
            out.println(errors + " error(s)");
        }
        return errors == 0 ? 0 : 1;
    }

    private record Scanned(ScanReport report, double seconds, Set<UUID> confirmed, List<String[]> filesWithErrors) {
        double megabytesPerSecond() {
            return report.bytes() / 1e6 / seconds;
        }
    }

    private Scanned scan(BreachScans scans, Path dump, Path outDir, String caseReference) throws IOException {
        long t0 = System.nanoTime();
        ScanReport report = scans.scan(new ScanRequest(List.of(dump), outDir, caseReference, PRIVACY_OFFICER), ScanProgress.NONE);
        double seconds = seconds(t0);
        Set<UUID> confirmed = new HashSet<>();
        for (Map<String, String> row : ScanCsv.read(outDir.resolve(ScanReport.AFFECTED_PATIENTS))) {
            if (row.get("match").equals("confirmed")) {
                confirmed.add(UUID.fromString(row.get("patient_id")));
            }
        }
        List<String[]> withErrors = new ArrayList<>();
        for (Map<String, String> row : ScanCsv.read(outDir.resolve(ScanReport.FILES))) {
            if (!row.get("errors").isBlank()) {
                withErrors.add(new String[]{row.get("path"), row.get("errors")});
            }
        }
        out.printf("scanned %s: %d files, %.0f MB in %.1f s%n", dump.getFileName(), report.files(), report.bytes() / 1e6, seconds);
        return new Scanned(report, seconds, confirmed, withErrors);
    }

    private record Ripgrep(double seconds, long lines) {
    }

    /** Debian's ripgrep over the plain files, on every core as it runs by default; null (and said) when it fails. */
    private Ripgrep ripgrep(Path plain) throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        Process rg;
        try {
            rg = new ProcessBuilder("rg", "--count", "--no-filename", "-e", RIPGREP_NHS, plain.toString())
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        } catch (IOException e) {
            out.println("ERROR: ripgrep is not installed (apt-get install ripgrep): " + e.getMessage());
            return null;
        }
        String counts = new String(rg.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int exit = rg.waitFor();
        double seconds = seconds(t0);
        if (exit > 1) {
            out.println("ERROR: ripgrep exited " + exit);
            return null;
        }
        long lines = counts.lines().filter(l -> !l.isBlank()).mapToLong(Long::parseLong).sum();
        return new Ripgrep(seconds, lines);
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }
}
