package org.pathguard.demo;

import org.pathguard.access.Actor;
import org.pathguard.lab.LabTime;
import org.pathguard.qc.Analyser;
import org.pathguard.qc.Analysers;
import org.pathguard.qc.QcMaterial;
import org.pathguard.qc.QcRunSubmission;
import org.pathguard.qc.QualityControl;
import org.springframework.stereotype.Service;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * The demo lab's internal QC: a chemistry analyser (sodium, potassium, urea, creatinine) and a CRP analyser, two
 * control levels each, four weeks of runs twice a day that stay in control (one 1-2s warning on potassium), and then
 * a 2-2s shift on potassium that puts it out of control part-way through the day, so the board, the charts, the
 * look-back and the QC hold in the validation queue all have something to show.
 */
@Service
class DemoQc {

    static final String CHEMISTRY = "CHEM1";
    static final String CRP = "CRP1";
    private static final Actor LAB_MANAGER = new Actor("lab.manager", Actor.Role.LAB_MANAGER);
    private static final Actor CHEMISTRY_ANALYSER = new Actor("analyser.cobas-1", Actor.Role.INTERFACE);
    private static final Actor BMS = new Actor("bms.duty", Actor.Role.SCIENTIST);
    private static final int DAYS = 28;

    /** A level's target: mean and SD, and the decimals the analyser reports (one more than patient results). */
    private record Level(String material, String analyser, String analyte, String mean, String sd, int decimals) {
    }

    private static final List<Level> LEVELS = List.of(
            new Level("CHEM-L1", CHEMISTRY, "NA", "125.0", "1.5", 1), new Level("CHEM-L2", CHEMISTRY, "NA", "152.0", "1.8", 1),
            new Level("CHEM-L1", CHEMISTRY, "K", "3.60", "0.08", 2), new Level("CHEM-L2", CHEMISTRY, "K", "6.20", "0.12", 2),
            new Level("CHEM-L1", CHEMISTRY, "UREA", "5.50", "0.18", 2), new Level("CHEM-L2", CHEMISTRY, "UREA", "18.00", "0.50", 2),
            new Level("CHEM-L1", CHEMISTRY, "CREA", "90.0", "3.0", 1), new Level("CHEM-L2", CHEMISTRY, "CREA", "420.0", "10.0", 1),
            new Level("CRP-L1", CRP, "CRP", "10.0", "0.5", 1), new Level("CRP-L2", CRP, "CRP", "60.0", "2.0", 1));

    private final Analysers analysers;
    private final QualityControl qc;

    DemoQc(Analysers analysers, QualityControl qc) {
        this.analysers = analysers;
        this.qc = qc;
    }

    /** The analyser the demo's patient results of this analyte come from, if a registered one measures it. */
    Optional<String> analyserOf(String analyte) {
        return LEVELS.stream().filter(l -> l.analyte().equals(analyte)).map(Level::analyser).findFirst();
    }

    /** Whether the analysers are registered (a lab seeded twice keeps its QC history and does not repeat it). */
    boolean registered() {
        return analysers.find(CHEMISTRY).isPresent();
    }

    /** Registers the analysers and materials and records four weeks of in-control runs, the last one before {@code until}. */
    void history(long seed, Instant until) {
        analysers.register(LAB_MANAGER, new Analyser(CHEMISTRY, "Chemistry analyser 1 (cobas c 503)", "Clinical biochemistry",
                List.of("NA", "K", "UREA", "CREA")));
        analysers.register(LAB_MANAGER, new Analyser(CRP, "Specific proteins analyser 1", "Clinical biochemistry", List.of("CRP")));
        LocalDate expires = LocalDate.now(LabTime.ZONE).plusDays(120);
        material("CHEM-L1", "Level 1 (low)", "CH24117A", expires);
        material("CHEM-L2", "Level 2 (high)", "CH24117B", expires);
        material("CRP-L1", "Level 1 (low)", "CR24033A", expires);
        material("CRP-L2", "Level 2 (high)", "CR24033B", expires);

        Random random = new Random(seed);
        Map<String, List<Double>> series = new HashMap<>();
        Instant first = until.minus(Duration.ofDays(DAYS));
        int run = 0;
        for (Instant at = first; at.isBefore(until); at = at.plus(Duration.ofHours(12)), run++) {
            for (String analyser : List.of(CHEMISTRY, CRP)) {
                List<QcRunSubmission.Value> values = new ArrayList<>();
                for (Level level : LEVELS) {
                    if (!level.analyser().equals(analyser)) {
                        continue;
                    }
                    List<Double> past = series.computeIfAbsent(level.material() + "/" + level.analyte(), k -> new ArrayList<>());
                    // Ten days ago potassium level 1 read high once: a 1-2s warning the chart rings, with level 2 near its mean.
                    boolean warning = run == 2 * (DAYS - 10) && level.analyte().equals("K");
                    double z = warning ? (level.material().equals("CHEM-L1") ? 2.3 : 0.4) : inControl(random, past);
                    past.add(z);
                    values.add(new QcRunSubmission.Value(level.material(), level.analyte(), value(level, z)));
                }
                qc.record(analyser.equals(CHEMISTRY) ? CHEMISTRY_ANALYSER : BMS, new QcRunSubmission(analyser, at, values));
            }
        }
    }

    /** Potassium on the chemistry analyser reads high on both levels (2-2s): out of control, what was released is looked back at. */
    void potassiumShift() {
        List<QcRunSubmission.Value> values = LEVELS.stream().filter(l -> l.analyte().equals("K"))
                .map(l -> new QcRunSubmission.Value(l.material(), l.analyte(), value(l, l.material().equals("CHEM-L1") ? 2.4 : 2.6)))
                .toList();
        qc.record(CHEMISTRY_ANALYSER, new QcRunSubmission(CHEMISTRY, Instant.now(), values));
    }

    /**
     * A control within 1.8 SD of its target, its side of the mean changed after three on one side so neither 4-1s nor
     * 10x nor R-4s is ever broken by chance: the demo's history is in control whatever the seed.
     */
    private static double inControl(Random random, List<Double> past) {
        double z = Math.clamp(random.nextGaussian() * 0.5, -1.8, 1.8);
        int n = past.size();
        if (n >= 3 && Math.signum(past.get(n - 1)) == Math.signum(past.get(n - 2)) && Math.signum(past.get(n - 2)) == Math.signum(past.get(n - 3))
                && Math.signum(z) == Math.signum(past.get(n - 1))) {
            z = -z;
        }
        return z;
    }

    private static String value(Level level, double z) {
        BigDecimal mean = new BigDecimal(level.mean());
        BigDecimal sd = new BigDecimal(level.sd());
        return mean.add(sd.multiply(BigDecimal.valueOf(z))).setScale(level.decimals(), RoundingMode.HALF_UP).toPlainString();
    }

    private void material(String code, String level, String lot, LocalDate expires) {
        List<QcMaterial.Target> targets = LEVELS.stream().filter(l -> l.material().equals(code))
                .map(l -> new QcMaterial.Target(l.analyser(), l.analyte(), new BigDecimal(l.mean()), new BigDecimal(l.sd()))).toList();
        analysers.registerMaterial(LAB_MANAGER, new QcMaterial(code, lot, level, expires, null, targets));
    }
}
