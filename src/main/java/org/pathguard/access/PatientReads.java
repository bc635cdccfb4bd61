package org.pathguard.access;

import org.pathguard.lab.LabTime;
import org.pathguard.eventlog.EventLog;
import org.pathguard.eventlog.NewEvent;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The one gate every read of patient data passes before anything is decrypted: the read policy
 * gives a reason or refuses, the principal's budget of distinct patients is checked, and the read
 * is appended to the log (who, which patients by pseudonymous id, what, why). Then the patterns
 * that look like scraping are checked and flagged.
 */
@Service
public class PatientReads {

    private static final ZoneId LAB_TIME = LabTime.ZONE;
    private static final int USUAL_VOLUME_DAYS = 14;
    /** Reads a register governs, not the reader's budget nor the usual-volume watch. */
    private static final String NOT_BUDGETED = "('REGISTERED_EXPORT', 'OWN_SAMPLE_LIST')";

    private final EventLog log;
    private final JdbcClient db;
    private final Environment settings;
    private final String labOds;
    private final Duration window;
    private final ReadingPatterns patterns = ReadingPatterns.DEFAULTS;
    private final Map<String, Object> principalLocks = new ConcurrentHashMap<>();
    private final Map<String, Deque<Long>> lookups = new ConcurrentHashMap<>();

    PatientReads(EventLog log, JdbcClient db, Environment settings, @Value("${pathguard.lab.ods-code}") String labOds,
                 @Value("${pathguard.access.read-window}") Duration window) {
        this.log = log;
        this.db = db;
        this.settings = settings;
        this.labOds = labOds;
        this.window = window;
    }

    /** From {@code pathguard.access.read-budget.<role>}; a role without one (machines) reads nobody. */
    public ReadBudget budgetFor(Actor.Role role) {
        String key = "pathguard.access.read-budget." + role.name().toLowerCase().replace('_', '-');
        return new ReadBudget(settings.getProperty(key, Integer.class, 0), window);
    }

    public void patient(Actor actor, UUID patientId, String what) {
        patients(actor, List.of(patientId), what);
    }

    public void order(Actor actor, String accession, String what) {
        lookedUp(actor, accession);
        db.sql("select patient_id from lab_order where accession = ?").param(accession).query(UUID.class).optional()
                .ifPresent(p -> patient(actor, p, what));
    }

    public void orderId(Actor actor, UUID orderId, String what) {
        patientOf(actor, "select patient_id from lab_order where id = ?", orderId, what);
    }

    public void result(Actor actor, UUID resultId, String what) {
        patientOf(actor, "select patient_id from result where id = ?", resultId, what);
    }

    public void specimen(Actor actor, String barcode, String what) {
        // The same specimen reception finds: any case, the exact spelling first.
        db.sql("""
                        select o.patient_id from specimen s join lab_order o on o.id = s.order_id
                        where upper(s.barcode) = upper(?) order by s.barcode = ? desc limit 1""")
                .param(barcode).param(barcode).query(UUID.class).optional().ifPresent(p -> patient(actor, p, what));
    }

    /** Reads of several patients at once (a worklist): all are allowed and counted, or none. */
    public void patients(Actor actor, Collection<UUID> patientIds, String what) {
        Map<UUID, Set<String>> requesters = requestersOf(new LinkedHashSet<>(patientIds));
        // An unknown id has nothing to protect; the caller answers 404.
        Set<UUID> wanted = new LinkedHashSet<>(patientIds);
        wanted.retainAll(requesters.keySet());
        if (wanted.isEmpty()) {
            return;
        }
        String principal = actor.name();
        List<PatientDataRead.Read> reads = new ArrayList<>();
        for (UUID patient : wanted) {
            try {
                reads.add(new PatientDataRead.Read(patient, ReadPolicy.decide(actor, labOds,
                        new ReadPolicy.PatientRelations(requesters.get(patient)))));
            } catch (ReadRefused refused) {
                refuse(actor, what, wanted, refused);
            }
        }
        ReadBudget budget = budgetFor(actor.role());
        synchronized (principalLocks.computeIfAbsent(principal, p -> new Object())) {
            Set<UUID> already = new HashSet<>(db.sql("select distinct patient_id from patient_read where principal = ? and read_at > ? and reason not in " + NOT_BUDGETED)
                    .param(principal).param(Timestamp.from(Instant.now().minus(window))).query(UUID.class).list());
            if (!budget.allows(already, wanted)) {
                raiseOnce(principal, "READ_BUDGET", "reached its budget of " + budget.patients() + " patients in "
                        + window.toHours() + " h and was refused more");
                refuse(actor, what, wanted, new ReadBudgetExceeded("You have read " + already.size() + " patients' data in the last "
                        + window.toHours() + " hours, your budget is " + budget.patients()
                        + ". Further reads are refused and your account is flagged for review; the privacy officer has been alerted"));
            }
            boolean breakGlass = reads.stream().anyMatch(r -> r.reason() == ReadPolicy.Reason.BREAK_GLASS);
            log.append(actor.logName(), NewEvent.of("access:" + principal, new PatientDataRead(principal, actor.role(),
                    actor.organisation(), what, reads, breakGlass ? actor.breakGlass().strip() : null)));
            if (breakGlass) {
                raise(principal, "BREAK_GLASS", "declared break-glass to read " + what);
            }
        }
        checkPatterns(actor);
    }

    /**
     * A requester's own list of the samples its organisation sent (an incident's account, on screen or downloaded): every
     * patient on it must have an order from the reader's organisation, or nothing is read. Such a list runs to hundreds of
     * patients in a week-long incident, beyond any browsing budget, so the budget does not govern it: it holds only the
     * practice's own patients, its length is capped by the caller, and each read is kept; a download also tells the privacy
     * officer.
     */
    public void ownSampleList(Actor actor, Collection<UUID> patientIds, String what, boolean downloaded) {
        actor.require(Actor.Role.REQUESTER);
        Set<UUID> wanted = new LinkedHashSet<>(patientIds);
        Map<UUID, Set<String>> requesters = requestersOf(wanted);
        wanted.retainAll(requesters.keySet());
        if (wanted.isEmpty()) {
            return;
        }
        for (UUID patient : wanted) {
            if (!requesters.get(patient).contains(actor.organisation())) {
                refuse(actor, what, wanted, new ReadRefused("A practice's sample list holds only the patients its own organisation "
                        + "sent samples for"));
            }
        }
        String principal = actor.name();
        log.append(actor.logName(), NewEvent.of("access:" + principal, new PatientDataRead(principal, actor.role(),
                actor.organisation(), what, wanted.stream().map(p -> new PatientDataRead.Read(p, ReadPolicy.Reason.OWN_SAMPLE_LIST))
                .toList(), null)));
        if (downloaded) {
            raise(principal, "SAMPLE_LIST_DOWNLOADED", "downloaded " + actor.organisation() + "'s sample list of " + wanted.size()
                    + " patients (" + what + ")");
        }
    }

    private void patientOf(Actor actor, String sql, Object key, String what) {
        db.sql(sql).param(key).query(UUID.class).optional().ifPresent(p -> patient(actor, p, what));
    }

    private Map<UUID, Set<String>> requestersOf(Set<UUID> patients) {
        Map<UUID, Set<String>> requesters = new HashMap<>();
        db.sql("select p.id, o.requester_ods from patient p left join lab_order o on o.patient_id = p.id where p.id = any(?)")
                .param(patients.toArray(UUID[]::new))
                .query(rs -> {
                    Set<String> of = requesters.computeIfAbsent(rs.getObject(1, UUID.class), p -> new HashSet<>());
                    if (rs.getString(2) != null) {
                        of.add(rs.getString(2));
                    }
                });
        return requesters;
    }

    private void refuse(Actor actor, String what, Set<UUID> wanted, ReadRefused refused) {
        log.append(actor.logName(), NewEvent.of("access:" + actor.name(), new PatientReadRefused(actor.name(), actor.role(),
                what, List.copyOf(wanted), refused.getMessage())));
        throw refused;
    }

    /** An identifier the reader typed to find a patient, found or not: the sequence is watched for walking. */
    public void lookedUp(Actor actor, String identifier) {
        String digits = identifier == null ? "" : identifier.replaceAll("\\D", "");
        if (digits.isEmpty() || digits.length() > 18) {
            return;
        }
        // NHS numbers: the check digit is not part of the sequence a walker steps through.
        long ordinal = Long.parseLong(digits.length() == 10 ? digits.substring(0, 9) : digits);
        Deque<Long> recent = lookups.computeIfAbsent(actor.name(), p -> new ArrayDeque<>());
        List<Long> snapshot;
        synchronized (recent) {
            recent.addLast(ordinal);
            while (recent.size() > patterns.walkLength()) {
                recent.removeFirst();
            }
            snapshot = List.copyOf(recent);
        }
        patterns.walking(snapshot).ifPresent(a -> raiseOnce(actor.name(), a.kind(), a.detail()));
    }

    private void checkPatterns(Actor actor) {
        String principal = actor.name();
        ZonedDateTime now = ZonedDateTime.now(LAB_TIME);
        Instant startOfDay = now.toLocalDate().atStartOfDay(LAB_TIME).toInstant();
        if (patterns.outOfHours(now.toLocalTime())) {
            int lastHour = distinctPatients(principal, Instant.now().minus(Duration.ofHours(1)), Instant.now());
            patterns.outOfHours(now.toLocalTime(), lastHour).ifPresent(a -> raiseOnce(principal, a.kind(), a.detail()));
        }
        int today = distinctPatients(principal, startOfDay, Instant.now());
        if (today > patterns.jumpFloor()) {
            Instant firstRead = db.sql("select coalesce(min(read_at), ?) from patient_read where principal = ?")
                    .param(Timestamp.from(startOfDay)).param(principal).query(Timestamp.class).single().toInstant();
            long history = Math.max(0, Duration.between(firstRead, startOfDay).toDays());
            // The usual day is averaged over the days the principal has been reading, up to the last two weeks.
            long days = Math.clamp(history, 1, USUAL_VOLUME_DAYS);
            int before = distinctPatients(principal, startOfDay.minus(Duration.ofDays(days)), startOfDay);
            patterns.suddenJump(actor.role(), today, before / (double) days, history)
                    .ifPresent(a -> raiseOnce(principal, a.kind(), a.detail()));
        }
    }

    private int distinctPatients(String principal, Instant from, Instant to) {
        return db.sql("select count(distinct patient_id) from patient_read where principal = ? and read_at >= ? and read_at < ? "
                        + "and reason not in " + NOT_BUDGETED)
                .param(principal).param(Timestamp.from(from)).param(Timestamp.from(to))
                .query(Integer.class).single();
    }

    /** One alert of a kind per principal per window: the privacy officer needs the first, not a flood. */
    void raiseOnce(String principal, String kind, String detail) {
        Optional<Long> open = db.sql("select event_sequence from access_alert where principal = ? and kind = ? and raised_at > ? limit 1")
                .param(principal).param(kind).param(Timestamp.from(Instant.now().minus(window)))
                .query(Long.class).optional();
        if (open.isEmpty()) {
            raise(principal, kind, detail);
        }
    }

    private void raise(String principal, String kind, String detail) {
        log.append(principal, NewEvent.of("access:" + principal, new AccessAlertRaised(principal, kind, principal + " " + detail)));
    }
}
