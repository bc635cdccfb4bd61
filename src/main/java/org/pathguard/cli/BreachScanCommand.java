package org.pathguard.cli;

import org.pathguard.access.Accounts;
import org.pathguard.access.Actor;
import org.pathguard.breach.BreachScans;
import org.pathguard.breach.ScanProgress;
import org.pathguard.breach.ScanReport;
import org.pathguard.breach.ScanRequest;
import org.pathguard.breach.ScanStatus;
import org.pathguard.lab.LabRuleViolation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "scan", mixinStandardHelpOptions = true,
        description = "Find the lab's patients in a leaked dump (directories, files, archives) by blind index, with the "
                + "server stopped. Writes affected-patients.csv, files.csv, summary.json and summary.pdf into --out, with "
                + "no identifier in clear, and records the scan as an event. Interrupted, it continues where it stopped "
                + "when run again with the same --out and --case.")
final class BreachScanCommand implements Callable<Integer> {

    @Mixin
    StoreOptions store;

    @Parameters(arity = "1..*", paramLabel = "PATH", description = "Directories, files and archives of the dump")
    List<Path> paths;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Where the outputs and the scan's journal go")
    Path out;

    @Option(names = "--case", required = true, paramLabel = "REF", description = "The breach case's reference, e.g. ICO-2026-0412")
    String caseReference;

    @Option(names = "--by", required = true, paramLabel = "USERNAME",
            description = "The privacy officer running the scan: their PathGuard account (role AUDITOR), named in the scan's event")
    String by;

    @Override
    public Integer call() {
        try (var context = PathGuardCommand.start(store, null)) {
            Accounts.Account officer = context.getBean(Accounts.class).list().stream()
                    .filter(a -> a.username().equals(by) && a.usable(Instant.now())).findFirst().orElse(null);
            if (officer == null || officer.role() != Actor.Role.AUDITOR) {
                System.err.println("No usable privacy officer's account " + by + ": a breach scan is run by an account "
                        + "with the role AUDITOR");
                return 2;
            }
            Actor actor = new Actor(officer.username(), officer.role(), officer.organisation(), null);
            ScanReport r = context.getBean(BreachScans.class).scan(new ScanRequest(paths, out, caseReference, actor),
                    new ProgressLine(System.err));
            System.out.printf("Case %s: %,d files (%,d from the earlier run), %,d bytes, %,d documents, %,d not read%n",
                    r.caseReference(), r.files(), r.filesResumed(), r.bytes(), r.documents(), r.unreadable());
            System.out.printf("%,d patients confirmed, %,d possible; %,d NHS numbers of other controllers' patients; "
                    + "%,d PathGuard exports traced%n", r.confirmedPatients(), r.possiblePatients(),
                    r.otherControllersNhsNumbers(), r.exportsTraced());
            System.out.println("Recorded as event " + r.eventSequence() + "; outputs in " + out.toAbsolutePath().normalize());
            return 0;
        } catch (LabRuleViolation refused) {
            System.err.println(refused.getMessage());
            return 2;
        }
    }

    /** The scan's progress on one terminal line: share done, files, MB/s and time left. */
    static final class ProgressLine implements ScanProgress {

        private static final int WIDTH = 30;
        private final PrintStream out;

        ProgressLine(PrintStream out) {
            this.out = out;
        }

        @Override
        public void update(ScanStatus s) {
            long share = s.bytesTotal() == 0 ? 100 : 100 * s.bytesDone() / s.bytesTotal();
            int filled = (int) (WIDTH * share / 100);
            boolean done = s.filesDone() == s.filesTotal();
            out.printf("\r  [%s%s] %3d%%  %,d / %,d files  %,.1f MB/s  %s   ", "#".repeat(filled), ".".repeat(WIDTH - filled),
                    share, s.filesDone(), s.filesTotal(), s.megabytesPerSecond(),
                    done ? "done" : s.timeLeft() == null ? "" : "about " + words(s.timeLeft()) + " to go");
            if (done) {
                out.println();
            }
        }

        private static String words(Duration d) {
            if (d.toHours() > 0) {
                return d.toHours() + " h " + d.toMinutesPart() + " min";
            }
            return d.toMinutes() > 0 ? d.toMinutes() + " min " + d.toSecondsPart() + " s" : d.toSeconds() + " s";
        }
    }
}
