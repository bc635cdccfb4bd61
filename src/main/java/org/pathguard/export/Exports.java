package org.pathguard.export;

import org.pathguard.access.Actor;
import org.pathguard.access.ForbiddenAction;
import org.pathguard.access.PatientDataRead;
import org.pathguard.access.ReadPolicy;
import org.pathguard.crypto.BlindIndex;
import org.pathguard.crypto.FieldCipher;
import org.pathguard.eventlog.EventLog;
import org.pathguard.eventlog.NewEvent;
import org.pathguard.lab.Catalogue;
import org.pathguard.lab.Conflict;
import org.pathguard.lab.Interpretation;
import org.pathguard.lab.LabRuleViolation;
import org.pathguard.lab.LabTime;
import org.pathguard.lab.NotFound;
import org.pathguard.lab.OdsCode;
import org.pathguard.patient.Patient;
import org.pathguard.patient.PatientRegistry;
import org.pathguard.result.LabResult;
import org.pathguard.result.Results;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Lists of results leave the lab only as registered exports. Pseudonymised lists (the default) are
 * made at once; identifiable ones wait for a second person. Each file is made once, carries a
 * fingerprint visibly and invisibly, and its digest is registered, so a leaked file or excerpt
 * leads back to who asked, who approved and when.
 */
@Service
public class Exports {

    static final int MOST_ROWS = 50_000;
    private static final ZoneId LAB_TIME = LabTime.ZONE;

    private final EventLog log;
    private final JdbcClient db;
    private final FieldCipher cipher;
    private final BlindIndex index;
    private final Catalogue catalogue;
    private final Results results;
    private final PatientRegistry patients;

    Exports(EventLog log, JdbcClient db, FieldCipher cipher, BlindIndex index, Catalogue catalogue, Results results,
            PatientRegistry patients) {
        this.log = log;
        this.db = db;
        this.cipher = cipher;
        this.index = index;
        this.catalogue = catalogue;
        this.results = results;
        this.patients = patients;
    }

    public record Entry(UUID id, String requestedBy, Instant requestedAt, boolean identifiable, String state, String decidedBy,
                        Instant decidedAt, String fingerprint, String sha256, Instant producedAt, Integer patientCount) {
    }

    public record File(String name, byte[] content) {

        public boolean pdf() {
            return name.endsWith(".pdf");
        }
    }

    /** The list as made for one export: what names it, and its cells. */
    record Table(String headline, String fingerprint, List<String> columns, List<List<String>> rows) {
    }

    public record Trace(Entry export, String foundBy) {
    }

    public Entry request(Actor actor, ExportQuery query) {
        actor.require(Actor.Role.SCIENTIST, Actor.Role.AUTHORISER, Actor.Role.LAB_MANAGER);
        if (query.notification() != null) {
            // Otherwise anyone could name any patients and have their details listed as a "notification".
            throw new ForbiddenAction("A notification list is asked for from a finished breach scan, by the privacy officer");
        }
        if (query.purpose() == null || query.purpose().strip().length() < 10) {
            throw new LabRuleViolation("missing-purpose", "Say what the list is for (at least 10 characters); it is registered with the export");
        }
        if (query.from() == null || query.to() == null || query.to().isBefore(query.from())) {
            throw new LabRuleViolation("invalid-period", "from and to (YYYY-MM-DD, from not after to) are required");
        }
        if (query.analyte() != null) {
            catalogue.analyte(query.analyte());
        }
        ExportQuery checked = new ExportQuery(query.analyte(), query.from(), query.to(),
                query.requesterOds() == null ? null : OdsCode.parse(query.requesterOds()).value(), query.identifiable(),
                query.purpose().strip(), query.format() == null ? ExportQuery.Format.CSV : query.format());
        UUID id = UUID.randomUUID();
        log.append(actor.logName(), NewEvent.of("export:" + id, new ExportRequested(id, checked.identifiable(), checked)));
        return entry(id);
    }

    /**
     * The privacy officer's list of the people to tell of a breach: {@code patients} (the ones a scan confirmed in a
     * leaked dump) with their names, NHS numbers, dates of birth and postcodes. Identifiable, so it waits for a second
     * person's approval like every identifiable list, and it is made once and fingerprinted like every export.
     */
    public Entry requestNotificationList(Actor actor, String caseReference, List<UUID> patients, String purpose) {
        actor.require(Actor.Role.AUDITOR);
        if (purpose == null || purpose.strip().length() < 10) {
            throw new LabRuleViolation("missing-purpose", "Say what the list is for (at least 10 characters); it is registered with the export");
        }
        if (patients.isEmpty()) {
            throw new LabRuleViolation("nobody-to-notify", "The scan confirmed none of the lab's patients: there is nobody to list");
        }
        if (patients.size() > MOST_ROWS) {
            throw new LabRuleViolation("too-many-rows", "A list holds at most " + MOST_ROWS + " patients; " + patients.size() + " were confirmed");
        }
        ExportQuery query = new ExportQuery(null, null, null, null, true, purpose.strip(), ExportQuery.Format.CSV,
                new ExportQuery.Notification(caseReference, List.copyOf(new LinkedHashSet<>(patients))));
        UUID id = UUID.randomUUID();
        log.append(actor.logName(), NewEvent.of("export:" + id, new ExportRequested(id, true, query)));
        return entry(id);
    }

    /** The second person's decision; never the requester's own. */
    public Entry decide(Actor actor, UUID id, boolean approve, String comment) {
        actor.require(Actor.Role.LAB_MANAGER, Actor.Role.AUDITOR);
        Entry export = entry(id);
        if (askedBy(export, actor)) {
            throw new ForbiddenAction("An export needs a second person's approval: you asked for this one");
        }
        if (!export.state().equals("AWAITING_APPROVAL")) {
            throw new Conflict("Export " + id + " is " + export.state() + "; only exports awaiting approval are decided");
        }
        log.append(actor.logName(), NewEvent.of("export:" + id, new ExportDecided(id, approve, comment)));
        return entry(id);
    }

    /** Makes the file, once, for the person who asked for it (one at a time: exports are rare and must not race). */
    public synchronized File produce(Actor actor, UUID id) {
        Entry export = entry(id);
        if (!askedBy(export, actor)) {
            throw new ForbiddenAction("Only the person who asked for an export can download it");
        }
        switch (export.state()) {
            case "AWAITING_APPROVAL" -> throw new ForbiddenAction(
                    "This list identifies patients: it needs a second person's approval (a lab manager or the privacy officer) first");
            case "REFUSED" -> throw new ForbiddenAction("This export was refused by " + export.decidedBy());
            case "PRODUCED" -> throw new Conflict("This export was downloaded at " + export.producedAt()
                    + "; each export is made once. Ask for a new one if the file is lost");
            default -> {
            }
        }
        ExportQuery query = query(id);
        if (query.notification() != null) {
            return notificationList(actor, export, query.notification());
        }
        String fingerprint = Fingerprint.next();
        List<Row> rows = rows(query);
        List<UUID> inFile = List.copyOf(new LinkedHashSet<>(rows.stream().map(Row::patientId).toList()));
        // Like every read, logged before anything is decrypted; the register, not the budget, governs exports.
        log.append(actor.logName(), NewEvent.of("access:" + actor.name(), new PatientDataRead(actor.name(), actor.role(),
                actor.organisation(), "export:" + id, inFile.stream()
                .map(p -> new PatientDataRead.Read(p, ReadPolicy.Reason.REGISTERED_EXPORT)).toList(), null)));
        Table table = table(export, query, fingerprint, rows.stream().map(r -> results.byId(r.resultId())).toList());
        byte[] content = query.pdf() ? PdfList.render(table) : csv(table).getBytes(StandardCharsets.UTF_8);
        log.append(actor.logName(), NewEvent.of("export:" + id, new ExportProduced(id, fingerprint, sha256(content), inFile, rows.size())));
        return new File("pathguard-export-" + id + (query.pdf() ? ".pdf" : ".csv"), content);
    }

    /** One row a patient, as the registry holds them; accounted and registered like any export. */
    private File notificationList(Actor actor, Entry export, ExportQuery.Notification notification) {
        String fingerprint = Fingerprint.next();
        List<UUID> inFile = notification.patients();
        log.append(actor.logName(), NewEvent.of("access:" + actor.name(), new PatientDataRead(actor.name(), actor.role(),
                actor.organisation(), "export:" + export.id(), inFile.stream()
                .map(p -> new PatientDataRead.Read(p, ReadPolicy.Reason.REGISTERED_EXPORT)).toList(), null)));
        String headline = "PathGuard notification list " + export.id() + " for breach case " + notification.caseReference()
                + " fingerprint " + fingerprint + " for " + export.requestedBy() + " approved by " + export.decidedBy()
                + " made " + Instant.now() + ". CONFIDENTIAL: registered, traceable, do not forward.";
        List<List<String>> rows = new ArrayList<>();
        for (UUID id : inFile) {
            Patient p = patients.get(id);
            rows.add(List.of(p.id().toString(), p.nhsNumber(), p.familyName(), p.givenName(), String.valueOf(p.dateOfBirth()),
                    p.postcode() == null ? "" : p.postcode()));
        }
        Table table = new Table(headline, fingerprint,
                List.of("patient_id", "nhs_number", "family_name", "given_name", "date_of_birth", "postcode"), rows);
        byte[] content = csv(table).getBytes(StandardCharsets.UTF_8);
        log.append(actor.logName(), NewEvent.of("export:" + export.id(), new ExportProduced(export.id(), fingerprint, sha256(content),
                inFile, rows.size())));
        return new File("pathguard-notification-list-" + export.id() + ".csv", content);
    }

    private static boolean askedBy(Entry export, Actor actor) {
        return actor.recorded(export.requestedBy());
    }

    public List<Entry> register() {
        return db.sql(SELECT + " order by requested_at desc limit 1000").query(this::readEntry).list();
    }

    /** Which export a file, or any excerpt of its rows, came from. */
    public Optional<Trace> trace(byte[] file) {
        String text = PdfList.isPdf(file) ? PdfList.text(file) : new String(file, StandardCharsets.UTF_8);
        Optional<Fingerprint.Found> found = Fingerprint.in(text);
        if (found.isPresent()) {
            return db.sql(SELECT + " where fingerprint = ?").param(found.get().fingerprint()).query(this::readEntry).optional()
                    .map(e -> new Trace(e, found.get().where()));
        }
        return db.sql(SELECT + " where file_sha256 = ?").param(sha256(file)).query(this::readEntry).optional()
                .map(e -> new Trace(e, "digest of the whole file"));
    }

    private record Row(UUID resultId, UUID patientId) {
    }

    /** Which results the list holds, and whose: known without decrypting anything. */
    private List<Row> rows(ExportQuery q) {
        return db.sql("""
                        select r.id, r.patient_id from result r join lab_order o on o.id = r.order_id
                        where r.status in ('FINAL', 'AMENDED') and r.recorded_at >= ? and r.recorded_at < ?
                          and (?::text is null or r.analyte_code = ?) and (?::text is null or o.requester_ods = ?)
                        order by r.recorded_at, r.id limit ?""")
                .param(Timestamp.from(q.from().atStartOfDay(LAB_TIME).toInstant()))
                .param(Timestamp.from(q.to().plusDays(1).atStartOfDay(LAB_TIME).toInstant()))
                .param(q.analyte()).param(q.analyte()).param(q.requesterOds()).param(q.requesterOds())
                .param(MOST_ROWS).query((rs, n) -> new Row(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class))).list();
    }

    /** The list as rows of cells, with the line that names it. */
    private Table table(Entry export, ExportQuery query, String fingerprint, List<LabResult> rows) {
        String headline = "PathGuard export " + export.id() + " fingerprint " + fingerprint + " for " + export.requestedBy()
                + (export.identifiable() ? " approved by " + export.decidedBy() : " pseudonymised")
                + " made " + Instant.now() + ". CONFIDENTIAL: registered, traceable, do not forward.";
        List<String> columns = query.identifiable()
                ? List.of("nhs_number", "family_name", "given_name", "date_of_birth", "sex", "postcode", "analyte", "value", "unit", "flag", "recorded_at")
                : List.of("pseudonym", "age_band", "sex", "analyte", "value", "unit", "flag", "recorded_at");
        Map<UUID, Patient> seen = new HashMap<>();
        List<List<String>> cells = new ArrayList<>();
        for (LabResult r : rows) {
            Patient p = seen.computeIfAbsent(r.patientId(), patients::get);
            List<String> row = new ArrayList<>();
            if (query.identifiable()) {
                row.addAll(List.of(p.nhsNumber(), p.familyName(), p.givenName(), String.valueOf(p.dateOfBirth()), String.valueOf(p.sex()),
                        p.postcode() == null ? "" : p.postcode()));
            } else {
                row.addAll(List.of(pseudonym(export.id(), p.id()), ageBand(p.dateOfBirth(), r.recordedAt()), String.valueOf(p.sex())));
            }
            var m = r.measurement();
            // A pseudonymised list gives the day, not the moment, which would single a patient out.
            row.addAll(List.of(r.analyteCode(), m.value(), m.unit() == null ? "" : m.unit(), m.flag() == null ? "" : m.flag().name(),
                    query.identifiable() ? r.recordedAt().toString() : r.recordedAt().atZone(LAB_TIME).toLocalDate().toString()));
            cells.add(row);
        }
        return new Table(headline, fingerprint, columns, cells);
    }

    /** One row of cells a line, each row ending in the invisible mark. */
    static String csv(Table table) {
        StringBuilder s = new StringBuilder(cell("# " + table.headline())).append('\n');
        s.append(String.join(",", table.columns())).append('\n');
        String mark = Fingerprint.invisible(table.fingerprint());
        for (List<String> row : table.rows()) {
            s.append(String.join(",", row.stream().map(Exports::cell).toList())).append(mark).append('\n');
        }
        return s.toString();
    }

    /** Stable within one export, unlinkable across exports. */
    private String pseudonym(UUID exportId, UUID patientId) {
        return "P-" + HexFormat.of().formatHex(index.of("export-pseudonym:" + exportId, patientId.toString()), 0, 6);
    }

    private static String ageBand(LocalDate dateOfBirth, Instant at) {
        int age = Interpretation.ageInYears(dateOfBirth, at.atZone(LAB_TIME).toLocalDate());
        int low = Math.min(age / 10 * 10, 90);
        return low == 90 ? "90+" : low + "-" + (low + 9);
    }

    /** CSV quoting, and no cell a spreadsheet would run as a formula (the router's ledger downloads use it too). */
    public static String cell(String value) {
        String v = value;
        if (!v.isEmpty() && "=+@\t\r".indexOf(v.charAt(0)) >= 0 || v.startsWith("-") && !v.matches("-[0-9.]+")) {
            v = "'" + v;
        }
        if (v.chars().anyMatch(c -> c == ',' || c == '"' || c == '\n' || c == '\r')) {
            v = "\"" + v.replace("\"", "\"\"") + "\"";
        }
        return v;
    }

    private ExportQuery query(UUID id) {
        return db.sql("select query from data_export where id = ?").param(id)
                .query((rs, n) -> cipher.openJson(rs.getBytes(1), ExportProjection.queryBinding(id), ExportQuery.class)).single();
    }

    private static final String SELECT = """
            select id, requested_by, requested_at, identifiable, state, decided_by, decided_at, fingerprint, file_sha256,
                   produced_at, patient_count from data_export""";

    public Entry entry(UUID id) {
        return db.sql(SELECT + " where id = ?").param(id).query(this::readEntry).optional()
                .orElseThrow(() -> new NotFound("No export with id " + id));
    }

    private Entry readEntry(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        return new Entry(rs.getObject(1, UUID.class), rs.getString(2), rs.getTimestamp(3).toInstant(), rs.getBoolean(4),
                rs.getString(5), rs.getString(6), instant(rs.getTimestamp(7)), rs.getString(8), rs.getString(9),
                instant(rs.getTimestamp(10)), (Integer) rs.getObject(11));
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }

    private static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
