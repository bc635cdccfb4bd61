package org.pathguard.qc;

import org.pathguard.access.Actor;
import org.pathguard.eventlog.EventLog;
import org.pathguard.eventlog.NewEvent;
import org.pathguard.lab.Catalogue;
import org.pathguard.lab.Conflict;
import org.pathguard.lab.LabRuleViolation;
import org.pathguard.lab.LabTest;
import org.pathguard.lab.NotFound;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import java.math.BigDecimal;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The analysers the lab knows and its control materials, registered and changed by a lab manager. Every door that
 * records a result naming an analyser asks {@link #requireMeasures} first.
 */
@Service
public class Analysers {

    private static final Pattern CODE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,39}");
    private static final int LONGEST_NAME = 100;

    private final EventLog log;
    private final JdbcClient db;
    private final Catalogue catalogue;
    /**
     * The analysers and which material each QC sample id names, held in memory: every ORU asks (is it a control? which
     * analyser?) and they change a few times a year, always through this class, which forgets them after each change.
     */
    private volatile Directory directory;
    private final AtomicLong changes = new AtomicLong();

    private record Directory(Map<String, Analyser> analysers, Map<String, String> materialBySampleId) {
    }

    Analysers(EventLog log, JdbcClient db, Catalogue catalogue) {
        this.log = log;
        this.db = db;
        this.catalogue = catalogue;
    }

    /** Registers an analyser, or changes the one with this code: its name, department and the analytes it measures. */
    public Analyser register(Actor actor, Analyser analyser) {
        actor.require(Actor.Role.LAB_MANAGER, Actor.Role.SYSTEM);
        String code = code(analyser.code(), "analyser code");
        String name = words(analyser.name(), "name");
        List<String> departments = catalogue.tests().stream().map(LabTest::department).distinct().sorted().toList();
        if (analyser.department() == null || !departments.contains(analyser.department())) {
            throw new LabRuleViolation("unknown-department", "department must be one of the catalogue's: " + String.join(", ", departments));
        }
        if (analyser.analytes().isEmpty()) {
            throw new LabRuleViolation("missing-field", "An analyser measures at least one analyte (catalogue analyte codes)");
        }
        Set<String> seen = new HashSet<>();
        for (String analyte : analyser.analytes()) {
            if (analyte == null || catalogue.findAnalyte(analyte).isEmpty()) {
                throw new LabRuleViolation("unknown-analyte-code", "Unknown analyte code '" + analyte + "'");
            }
            if (!seen.add(analyte)) {
                throw new LabRuleViolation("duplicate-analyte", analyte + " is listed twice");
            }
        }
        log.append(actor.logName(), NewEvent.of("analyser/" + code,
                new AnalyserRegistered(code, name, analyser.department(), analyser.analytes())));
        forget();
        return get(code);
    }

    public List<Analyser> list() {
        return directory().analysers().values().stream().sorted(java.util.Comparator.comparing(Analyser::code)).toList();
    }

    public Optional<Analyser> find(String code) {
        return code == null ? Optional.empty() : Optional.ofNullable(directory().analysers().get(code));
    }

    public Analyser get(String code) {
        return find(code).orElseThrow(() -> new NotFound("No analyser '" + code + "' is registered"));
    }

    /**
     * The analyser, if it is registered and measures this analyte; otherwise refuses, saying which. A result or QC
     * value from an analyser the lab does not know is not recorded at all.
     */
    public Analyser requireMeasures(String analyserCode, String analyteCode) {
        return requireRegistered(analyserCode).requireMeasures(analyteCode);
    }

    /** The analyser, if it is registered; otherwise refuses, saying what to do. */
    public Analyser requireRegistered(String analyserCode) {
        return find(analyserCode).orElseThrow(() -> new LabRuleViolation("unknown-analyser",
                "Analyser '" + analyserCode + "' is not registered in the lab; a lab manager registers it first"));
    }

    /**
     * Registers a control material or changes it (expiry, QC sample id, targets). Each target is for an analyte its
     * analyser measures, with an SD above zero; the QC sample id belongs to one material only. A lot past its expiry
     * may be recorded (its history stays readable); QC results on it are refused.
     */
    public QcMaterial registerMaterial(Actor actor, QcMaterial material) {
        actor.require(Actor.Role.LAB_MANAGER);
        String code = code(material.code(), "material code");
        String lot = words(material.lot(), "lot");
        String level = words(material.level(), "level");
        if (material.expiresOn() == null) {
            throw new LabRuleViolation("missing-field", "expiresOn (the lot's expiry date) is required");
        }
        String sampleId = material.qcSampleId() == null || material.qcSampleId().isBlank() ? null
                : code(material.qcSampleId().strip(), "qcSampleId");
        if (material.targets().isEmpty()) {
            throw new LabRuleViolation("missing-field", "A control material needs a target (analyser, analyte, mean, SD)");
        }
        Set<String> seen = new HashSet<>();
        List<QcMaterial.Target> targets = new ArrayList<>();
        for (QcMaterial.Target t : material.targets()) {
            if (t == null || t.mean() == null || t.sd() == null) {
                throw new LabRuleViolation("missing-field", "Each target needs analyser, analyte, mean and sd");
            }
            requireMeasures(t.analyser(), t.analyte());
            if (t.sd().signum() <= 0) {
                throw new LabRuleViolation("qc-sd-not-positive", "The target SD of " + t.analyte() + " on " + t.analyser()
                        + " must be greater than zero");
            }
            if (t.mean().abs().compareTo(BigDecimal.valueOf(1_000_000_000L)) > 0 || t.sd().compareTo(BigDecimal.valueOf(1_000_000_000L)) > 0) {
                throw new LabRuleViolation("value-out-of-bounds", "The target of " + t.analyte() + " is implausibly large");
            }
            if (!seen.add(t.analyser() + "/" + t.analyte())) {
                throw new LabRuleViolation("duplicate-analyte", t.analyte() + " on " + t.analyser() + " has two targets");
            }
            targets.add(new QcMaterial.Target(t.analyser(), t.analyte(), t.mean(), t.sd()));
        }
        if (sampleId != null) {
            materialBySampleId(sampleId).filter(other -> !other.code().equals(code)).ifPresent(other -> {
                throw new Conflict("QC sample id " + sampleId + " already names material " + other.code());
            });
        }
        log.append(actor.logName(), NewEvent.of("qc-material/" + code,
                new QcMaterialRegistered(code, lot, level, material.expiresOn(), sampleId, targets)));
        forget();
        return material(code);
    }

    public List<QcMaterial> materials() {
        Map<String, List<QcMaterial.Target>> targets = db.sql("select * from qc_target order by material_code, analyser_code, analyte_code")
                .query((rs, n) -> Map.entry(rs.getString("material_code"), target(rs))).list().stream()
                .collect(Collectors.groupingBy(Map.Entry::getKey, Collectors.mapping(Map.Entry::getValue, Collectors.toList())));
        return db.sql("select * from qc_material order by code")
                .query((rs, n) -> material(rs, targets.getOrDefault(rs.getString("code"), List.of()))).list();
    }

    public QcMaterial material(String code) {
        return findMaterial(code).orElseThrow(() -> new NotFound("No QC material '" + code + "' is registered"));
    }

    public Optional<QcMaterial> findMaterial(String code) {
        List<QcMaterial.Target> targets = db.sql("select * from qc_target where material_code = ? order by analyser_code, analyte_code")
                .param(code).query((rs, n) -> target(rs)).list();
        return db.sql("select * from qc_material where code = ?").param(code).query((rs, n) -> material(rs, targets)).optional();
    }

    /** The material an analyser names by this id in SPM-2 or OBR-3, if any. */
    public Optional<QcMaterial> materialBySampleId(String sampleId) {
        return sampleId == null ? Optional.empty()
                : Optional.ofNullable(directory().materialBySampleId().get(sampleId)).flatMap(this::findMaterial);
    }

    private Directory directory() {
        Directory known = directory;
        if (known == null) {
            long seen = changes.get();
            known = new Directory(
                    db.sql("select * from analyser order by code").query(Analysers::analyser).list().stream()
                            .collect(Collectors.toUnmodifiableMap(Analyser::code, a -> a)),
                    db.sql("select qc_sample_id, code from qc_material where qc_sample_id is not null")
                            .query((rs, n) -> Map.entry(rs.getString(1), rs.getString(2))).list().stream()
                            .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, Map.Entry::getValue)));
            // Kept only if nothing changed while it was read or kept: a change committed meanwhile is read next time.
            directory = known;
            if (changes.get() != seen) {
                directory = null;
            }
        }
        return known;
    }

    private void forget() {
        changes.incrementAndGet();
        directory = null;
    }

    private static String code(String code, String what) {
        if (code == null || !CODE.matcher(code).matches()) {
            throw new LabRuleViolation("invalid-code", what + " must be 1-40 letters, digits, '.', '_' or '-'");
        }
        return code;
    }

    private static String words(String text, String what) {
        if (text == null || text.isBlank()) {
            throw new LabRuleViolation("missing-field", what + " is required");
        }
        if (text.length() > LONGEST_NAME) {
            throw new LabRuleViolation("value-too-long", what + " is longer than " + LONGEST_NAME + " characters");
        }
        return text.strip();
    }

    private static Analyser analyser(ResultSet rs, int n) throws SQLException {
        return new Analyser(rs.getString("code"), rs.getString("name"), rs.getString("department"), strings(rs.getArray("analytes")));
    }

    private static QcMaterial.Target target(ResultSet rs) throws SQLException {
        return new QcMaterial.Target(rs.getString("analyser_code"), rs.getString("analyte_code"), rs.getBigDecimal("mean"),
                rs.getBigDecimal("sd"));
    }

    private static QcMaterial material(ResultSet rs, List<QcMaterial.Target> targets) throws SQLException {
        return new QcMaterial(rs.getString("code"), rs.getString("lot"), rs.getString("level"), rs.getDate("expires_on").toLocalDate(),
                rs.getString("qc_sample_id"), targets);
    }

    static List<String> strings(Array array) throws SQLException {
        return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
    }
}
