package org.pathguard.patient;

import org.pathguard.access.Actor;
import org.pathguard.access.IdentificationAttempts;
import org.pathguard.crypto.BlindIndex;
import org.pathguard.crypto.FieldCipher;
import org.pathguard.eventlog.EventLog;
import org.pathguard.eventlog.NewEvent;
import org.pathguard.eventlog.Prepared;
import org.pathguard.lab.Conflict;
import org.pathguard.lab.FreeText;
import org.pathguard.lab.LabRuleViolation;
import org.pathguard.lab.NhsNumber;
import org.pathguard.lab.NotFound;
import org.pathguard.lab.Sex;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/** Registers patients and finds them by pseudonymous id or by blind index, never by plaintext. */
@Service
public class PatientRegistry {

    private static final Pattern POSTCODE = Pattern.compile("^[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}$");
    private static final Pattern HOSPITAL_NUMBER = Pattern.compile("^[A-Za-z0-9]{4,20}$");

    private final EventLog log;
    private final JdbcClient db;
    private final FieldCipher cipher;
    private final BlindIndex index;
    private final IdentificationAttempts attempts;

    PatientRegistry(EventLog log, JdbcClient db, FieldCipher cipher, BlindIndex index, IdentificationAttempts attempts) {
        this.attempts = attempts;
        this.log = log;
        this.db = db;
        this.cipher = cipher;
        this.index = index;
    }

    public Patient register(Actor actor, Registration r) {
        Prepared<UUID> registration = prepare(actor, r);
        try {
            log.append(actor.logName(), registration.events());
        } catch (org.springframework.dao.DuplicateKeyException race) {
            throw new Conflict("A patient with this NHS number is already registered");
        }
        return get(registration.outcome());
    }

    /**
     * The patient a message or request names: the one registered with its NHS number (after checking
     * the birth date and family name agree, when given), or a new registration not yet appended.
     */
    public Prepared<UUID> matchOrPrepare(Actor actor, Registration named) {
        actor.require(Actor.Role.REQUESTER, Actor.Role.SCIENTIST, Actor.Role.INTERFACE);
        NhsNumber nhs = NhsNumber.parse(named.nhsNumber());
        Sealed found = beginIdentifying(actor, nhs);
        Optional<UUID> known = found.id();
        if (known.isEmpty()) {
            return registration(actor, nhs, named);
        }
        if (!sameDetails(open(found), named.dateOfBirth(), named.familyName())) {
            attempts.refused(actor, known.get(), "family name or date of birth differ from the registered patient's");
            throw new LabRuleViolation("patient-mismatch", "The patient registered with this NHS number has a different family name "
                    + "or date of birth (both must be sent and agree); confirm the patient's identity before sending again");
        }
        return new Prepared<>(known.get(), List.of());
    }

    /**
     * The registered patient an NHS number, family name and date of birth identify together, for an
     * order that names the patient by NHS number. A refusal does not say which part failed, nor whether
     * the number is registered at all, and is counted as a possible guess.
     */
    public UUID identify(Actor actor, String nhsNumber, String familyName, LocalDate dateOfBirth) {
        actor.require(Actor.Role.REQUESTER, Actor.Role.SCIENTIST, Actor.Role.INTERFACE);
        NhsNumber nhs = NhsNumber.parse(nhsNumber);
        if (familyName == null || familyName.isBlank() || dateOfBirth == null) {
            throw new LabRuleViolation("missing-field", "A patient named by NHS number needs familyName and dateOfBirth as well "
                    + "(YYYY-MM-DD), or name them by patientId");
        }
        attempts.lookingUp(actor, nhs.value());
        Optional<UUID> known = findIdByNhsNumber(nhs);
        if (known.isPresent() && sameDetails(get(known.get()), dateOfBirth, familyName)) {
            return known.get();
        }
        attempts.refused(actor, known.orElse(null), known.isPresent() ? "family name or date of birth differ" : "NHS number not registered");
        throw new LabRuleViolation("patient-not-identified", "No registered patient has this NHS number with this family name and "
                + "date of birth. Check all three against the request form; a patient new to the lab is registered first");
    }

    /** The patient registered under an NHS number, if any, with their demographics still sealed. */
    private record Sealed(Optional<UUID> id, byte[] demographics) {
    }

    private Patient open(Sealed registered) {
        UUID id = registered.id().orElseThrow();
        return cipher.openJson(registered.demographics(), PatientProjection.demographicsBinding(id), Patient.class);
    }

    /**
     * Reads the principal's recent refusals and the patient an NHS number names in one query (they are read before
     * every order that carries a Patient), then lets {@link IdentificationAttempts#begin} refuse a principal over its
     * limit before anything is opened.
     */
    private Sealed beginIdentifying(Actor actor, NhsNumber nhs) {
        IdentificationAttempts.RecentRefusals refusals = attempts.recentRefusalsQuery(actor);
        List<Object> parameters = new java.util.ArrayList<>(refusals.parameters());
        parameters.add(index.of(PatientProjection.NHS_NUMBER, nhs.value()));
        record Read(int refusals, Sealed patient) {
        }
        Read read = db.sql("select " + refusals.sql() + ", p.id, p.demographics from (select 1) one "
                        + "left join patient p on p.nhs_index = ?")
                .params(parameters)
                .query((rs, n) -> new Read(rs.getInt(1),
                        new Sealed(Optional.ofNullable(rs.getObject(2, UUID.class)), rs.getBytes(3))))
                .single();
        attempts.begin(actor, read.refusals());
        return read.patient();
    }

    private static boolean sameDetails(Patient registered, java.time.LocalDate dateOfBirth, String familyName) {
        return registered.dateOfBirth().equals(dateOfBirth) && familyName != null
                && familyName.trim().equalsIgnoreCase(registered.familyName());
    }

    public boolean isRegistered(UUID id) {
        return db.sql("select count(*) from patient where id = ?").param(id).query(Long.class).single() > 0;
    }

    /**
     * Checks a registration and returns the new patient's id with the event that registers them. An NHS
     * number already registered gives its patient's id only to a sender whose family name and date of
     * birth agree: otherwise the id would open the way to an order, and so to a care relationship.
     */
    private Prepared<UUID> prepare(Actor actor, Registration r) {
        actor.require(Actor.Role.REQUESTER, Actor.Role.SCIENTIST, Actor.Role.INTERFACE);
        NhsNumber nhs = NhsNumber.parse(r.nhsNumber());
        Sealed found = beginIdentifying(actor, nhs);
        Optional<UUID> existing = found.id();
        if (existing.isPresent()) {
            if (sameDetails(open(found), r.dateOfBirth(), r.familyName())) {
                throw new Conflict("A patient with this NHS number is already registered", Map.of("existingPatientId", existing.get()));
            }
            attempts.refused(actor, existing.get(), "registration with a family name or date of birth that differ");
            throw new Conflict("A patient with this NHS number is registered with a different family name or date of birth; "
                    + "confirm the patient's identity");
        }
        return registration(actor, nhs, r);
    }

    private Prepared<UUID> registration(Actor actor, NhsNumber nhs, Registration r) {
        String familyName = FreeText.name("familyName", r.familyName());
        String givenName = FreeText.name("givenName", r.givenName());
        if (r.dateOfBirth() == null) {
            throw new LabRuleViolation("missing-field", "dateOfBirth is required (YYYY-MM-DD)");
        }
        if (r.dateOfBirth().isAfter(LocalDate.now()) || r.dateOfBirth().isBefore(LocalDate.of(1880, 1, 1))) {
            throw new LabRuleViolation("invalid-date-of-birth", "dateOfBirth must be in the past and after 1880");
        }
        String hospitalNumber = r.hospitalNumber() == null || r.hospitalNumber().isBlank() ? null : r.hospitalNumber().trim();
        if (hospitalNumber != null && !HOSPITAL_NUMBER.matcher(hospitalNumber).matches()) {
            throw new LabRuleViolation("invalid-hospital-number", "hospitalNumber must be 4 to 20 letters or digits");
        }
        String postcode = r.postcode() == null ? null : r.postcode().trim().toUpperCase();
        if (postcode != null && !postcode.isEmpty() && !POSTCODE.matcher(postcode).matches()) {
            throw new LabRuleViolation("invalid-postcode", "postcode is not a UK postcode (e.g. SE1 9RT)");
        }
        UUID id = UUID.randomUUID();
        PatientRegistered event = new PatientRegistered(id, nhs.value(), hospitalNumber, familyName, givenName, r.dateOfBirth(),
                r.sex() == null ? Sex.UNKNOWN : r.sex(), postcode == null || postcode.isEmpty() ? null : postcode, nhs.isTestRange());
        return new Prepared<>(id, List.of(NewEvent.of(id, event)));
    }

    /**
     * The lab's canary (ADR 0051): a test-range patient the system registers through the ordinary registration, so
     * its fields are sealed and indexed like anyone's; returned unappended, for the caller to mark it in the same append.
     */
    public Prepared<UUID> prepareCanary(Registration r) {
        NhsNumber nhs = NhsNumber.parse(r.nhsNumber());
        if (!nhs.isTestRange()) {
            throw new LabRuleViolation("invalid-nhs-number", "The canary's NHS number must be in the 999 test range");
        }
        if (findIdByNhsNumber(nhs).isPresent()) {
            throw new Conflict("A patient with the canary's NHS number is already registered");
        }
        return registration(Actor.SYSTEM, nhs, r);
    }

    public Patient get(UUID id) {
        return db.sql("select demographics from patient where id = ?").param(id)
                .query((rs, n) -> cipher.openJson(rs.getBytes(1), PatientProjection.demographicsBinding(id), Patient.class))
                .optional()
                .orElseThrow(() -> new NotFound("No patient with id " + id));
    }

    /** The record this one was merged into, if it was: the same person, whose record takes all new work. */
    public Optional<UUID> mergedInto(UUID id) {
        return db.sql("select merged_into from patient where id = ? and merged_into is not null").param(id)
                .query(UUID.class).optional();
    }

    /** A record merged into another: which one, and when. Ids and a time only, so it may be said before the read gate. */
    public record Merged(UUID into, Instant at) {
    }

    /** When and into which record this one was merged, if it was; its page says so before anyone breaks the glass. */
    public Optional<Merged> merged(UUID id) {
        return db.sql("select merged_into, merged_at from patient where id = ? and merged_into is not null").param(id)
                .query((rs, n) -> new Merged(rs.getObject(1, UUID.class), rs.getTimestamp(2).toInstant())).optional();
    }

    /**
     * Refuses new work (an order) for a record merged into another, naming the survivor: the requester's own system
     * still holds the duplicate, and a refusal makes it put that right, where a silent redirect would not.
     */
    public void refuseMerged(UUID id) {
        refuseMerged(id, mergedInto(id).orElse(null));
    }

    /** As {@link #refuseMerged(UUID)}, for a caller that read {@code patient.merged_into} in a query of its own. */
    public static void refuseMerged(UUID id, UUID survivor) {
        if (survivor != null) {
            throw new LabRuleViolation("patient-merged", "Patient " + id + " was merged into patient " + survivor
                    + " (the same person): order for patient " + survivor + "; nothing was recorded");
        }
    }

    public Optional<UUID> findIdByNhsNumber(NhsNumber nhs) {
        return db.sql("select id from patient where nhs_index = ?")
                .param(index.of(PatientProjection.NHS_NUMBER, nhs.value()))
                .query(UUID.class).optional();
    }

    public List<UUID> findIdsByHospitalNumber(String hospitalNumber) {
        return db.sql("select id from patient where hospital_index = ?")
                .param(index.of(PatientProjection.HOSPITAL_NUMBER, hospitalNumber.trim()))
                .query(UUID.class).list();
    }

}
