package org.pathguard.access;

import org.pathguard.eventlog.EventLog;
import org.pathguard.eventlog.NewEvent;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Attempts to identify a patient by NHS number with family name and date of birth, which is what
 * ordering and registration need before they hand over a patient's id (and with it a care
 * relationship). Whoever can try combinations freely can find anyone's date of birth, so every
 * attempt is watched as a possible guess: each attempt that does not match is recorded as a refusal, the privacy officer is alerted when a principal
 * reaches its limit in the window, and from then on the principal's attempts are refused unread.
 */
@Service
public class IdentificationAttempts {

    private final EventLog log;
    private final JdbcClient db;
    private final PatientReads reads;
    private final Map<Actor.Role, Integer> limits = new EnumMap<>(Actor.Role.class);
    private final Duration window;

    IdentificationAttempts(EventLog log, JdbcClient db, PatientReads reads, Environment settings,
                           @Value("${pathguard.access.identification-window:PT1H}") Duration window) {
        this.log = log;
        this.db = db;
        this.reads = reads;
        this.window = window;
        // Read once: every order that names a patient asks, and a lookup in the Environment walks every property source.
        for (Actor.Role role : Actor.Role.values()) {
            limits.put(role, settings.getProperty("pathguard.access.identification-refusals."
                    + role.name().toLowerCase().replace('_', '-'), Integer.class, 5));
        }
    }

    /** From {@code pathguard.access.identification-refusals.<role>}: mismatches a principal may make in the window. */
    int limitFor(Actor.Role role) {
        return limits.get(role);
    }

    /**
     * Before an order looks a patient up by NHS number: the number joins the walking check (an order by number is a
     * probe of whether the lab holds it), then {@link #begin}.
     */
    public void lookingUp(Actor actor, String nhsNumber) {
        reads.lookedUp(actor, nhsNumber);
        begin(actor);
    }

    /** Before the lab compares what was sent with a registered patient: refused, and recorded, while the principal is over its limit. */
    public void begin(Actor actor) {
        begin(actor, recentRefusals(actor));
    }

    /**
     * The count of a principal's refusals in the window, as a scalar subquery and its parameters: the registry folds it
     * into its read of the patient, one query rather than two, and passes the count to {@link #begin(Actor, int)}.
     */
    public record RecentRefusals(String sql, List<Object> parameters) {
    }

    public RecentRefusals recentRefusalsQuery(Actor actor) {
        return new RecentRefusals("(select count(*) from identification_refusal where principal = ? and refused_at > ?)",
                List.of(actor.name(), Timestamp.from(Instant.now().minus(window))));
    }

    /** As {@link #begin(Actor)}, with the count {@link #recentRefusalsQuery} read. */
    public void begin(Actor actor, int recentRefusals) {
        int limit = limitFor(actor.role());
        if (recentRefusals >= limit) {
            record(actor, null, "throttled");
            throw new IdentificationThrottled("Too many attempts to identify patients did not match the NHS number, family name "
                    + "and date of birth the lab holds (" + limit + " in " + window.toMinutes() + " minutes). Further attempts are "
                    + "refused for now and the privacy officer has been alerted; check the patient's details with the patient or "
                    + "their record, then try again later");
        }
    }

    /** An attempt that did not match; {@code patientId} is whom the NHS number belongs to, if anyone. */
    public void refused(Actor actor, UUID patientId, String why) {
        record(actor, patientId, why);
        int limit = limitFor(actor.role());
        if (recentRefusals(actor) >= limit) {
            reads.raiseOnce(actor.name(), "IDENTITY_GUESSING", "made " + limit + " attempts in " + window.toMinutes()
                    + " minutes to identify patients with an NHS number, family name and date of birth that did not match; "
                    + "further attempts are refused");
        }
    }

    private void record(Actor actor, UUID patientId, String why) {
        log.append(actor.logName(), NewEvent.of("access:" + actor.name(),
                new PatientIdentificationRefused(actor.name(), actor.role(), actor.organisation(), patientId, why)));
    }

    private int recentRefusals(Actor actor) {
        RecentRefusals query = recentRefusalsQuery(actor);
        return db.sql("select " + query.sql()).params(query.parameters()).query(Integer.class).single();
    }
}
