package org.pathguard.sitrep;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pathguard.StandaloneLab;
import org.pathguard.bench.SteppedClock;
import org.pathguard.eventlog.EventLog;
import org.pathguard.lab.Catalogue;
import org.pathguard.lab.LabTest;

import java.nio.file.Path;
import java.util.stream.Collectors;

class ScratchSimTest {
    @TempDir Path root;

    @Test
    void run() {
        SteppedClock clock = new SteppedClock(IncidentWeek.start());
        long t0 = System.nanoTime();
        try (StandaloneLab lab = StandaloneLab.start(root.resolve("lab"), clock)) {
            long t1 = System.nanoTime();
            IncidentWeek week = new IncidentWeek(lab, clock, 17);
            week.run();
            long t2 = System.nanoTime();
            Recount r = Recount.of(lab.bean(EventLog.class), lab.bean(Catalogue.class).tests().stream().collect(Collectors.toMap(LabTest::code, LabTest::specimenType)));
            long t3 = System.nanoTime();
            System.out.printf("SCRATCH start %.1f s, sim %.1f s (%d steps, %d events), recount %.1f s%n", (t1 - t0) / 1e9, (t2 - t1) / 1e9, week.steps(), r.events().size(), (t3 - t2) / 1e9);
            SitrepPeriod p = new SitrepPeriod(SitrepPeriod.Length.WEEK, IncidentWeek.INCIDENT_MONDAY);
            System.out.println("SCRATCH capacity " + r.capacity(p, IncidentWeek.INCIDENT_MONDAY));
            System.out.println("SCRATCH turnaround " + r.turnaround(p));
            System.out.println("SCRATCH criticals " + r.criticals(p, java.time.Duration.ofMinutes(30)));
            System.out.println("SCRATCH referred " + r.referredOut(p) + " ages " + r.referredByAge(Recount.startOf(IncidentWeek.INCIDENT_MONDAY.plusDays(7))));
            r.events().stream().filter(e -> e.type().equals("SpecimenReceived")).limit(1).forEach(e -> System.out.println("SCRATCH json " + e.body()));
        }
    }
}
