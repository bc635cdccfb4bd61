package org.pathguard.network;

import org.pathguard.access.AccessAlertRaised;
import org.pathguard.access.Actor;
import org.pathguard.eventlog.EventLog;
import org.pathguard.eventlog.NewEvent;
import org.pathguard.lab.Catalogue;
import org.pathguard.lab.LabRuleViolation;
import org.pathguard.lab.NotFound;
import org.pathguard.lab.OdsCode;
import org.pathguard.lab.Priority;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import java.math.BigDecimal;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The partner directory: one mutual-aid agreement per partner laboratory, set, replaced and ended by a lab
 * manager. Patient data will flow to the partner, so every change is also a notice to the privacy officer.
 */
@Service
public class Agreements {

    private static final Pattern HOST = Pattern.compile("^[A-Za-z0-9.-]{1,253}$");
    private static final Pattern HL7_NAME = Pattern.compile("^[A-Za-z0-9 ._-]{1,50}$");
    private static final Pattern CODE = Pattern.compile("^[A-Za-z0-9._-]{1,40}$");
    private static final Pattern LOINC = Pattern.compile("^\\d{1,7}-\\d$");
    private static final Pattern PHONE = Pattern.compile("^[0-9 +()-]{3,30}$");
    private static final Pattern UNIT = Pattern.compile("^[\\x21-\\x7E]{1,20}$");
    private static final int LONGEST_TEXT = 200;
    static final int LARGEST_DAILY_CAPACITY = 10_000;
    static final int LONGEST_TURNAROUND_MINUTES = 30 * 24 * 60;

    /** Lab staff read the directory (the referring screens need it), and the privacy officer and administrator review it. */
    static final Actor.Role[] READERS = {Actor.Role.SCIENTIST, Actor.Role.AUTHORISER, Actor.Role.LAB_MANAGER,
            Actor.Role.AUDITOR, Actor.Role.ADMINISTRATOR};

    private final EventLog log;
    private final JdbcClient db;
    private final Catalogue catalogue;

    Agreements(EventLog log, JdbcClient db, Catalogue catalogue) {
        this.log = log;
        this.db = db;
        this.catalogue = catalogue;
    }

    /** Sets or replaces the agreement with the partner {@code agreement.odsCode()}. */
    public Agreement set(Actor actor, Agreement agreement) {
        actor.require(Actor.Role.LAB_MANAGER);
        Agreement checked = checked(agreement);
        boolean replacing = find(checked.odsCode()).isPresent();
        log.append(actor.logName(), NewEvent.of("agreement:" + checked.odsCode(), new AgreementSet(checked)),
                NewEvent.of("access:" + actor.name(), new AccessAlertRaised(actor.name(), "REFERRAL_AGREEMENT_SET", actor.name()
                        + (replacing ? " changed" : " made") + " the mutual-aid agreement with " + checked.odsCode() + " ("
                        + checked.name() + "): referred patients' data goes to " + checked.endpoint().host() + ":"
                        + checked.endpoint().port() + (checked.endpoint().tls() ? " over TLS" : " without TLS")
                        + " for " + checked.tests().stream().map(Agreement.ReferredTest::testCode).toList())));
        return checked;
    }

    /** Ends the agreement: nothing more is referred to the partner; referrals already made finish as they are. */
    public void end(Actor actor, String odsCode, String reason) {
        actor.require(Actor.Role.LAB_MANAGER);
        Agreement agreement = find(odsCode).orElseThrow(() -> new NotFound("No agreement in force with " + odsCode));
        String why = text(reason, "reason", true);
        log.append(actor.logName(), NewEvent.of("agreement:" + agreement.odsCode(), new AgreementEnded(agreement.odsCode(), why)),
                NewEvent.of("access:" + actor.name(), new AccessAlertRaised(actor.name(), "REFERRAL_AGREEMENT_ENDED", actor.name()
                        + " ended the mutual-aid agreement with " + agreement.odsCode() + " (" + agreement.name() + "): " + why)));
    }

    /** Agreements in force, by ODS code. */
    public List<Agreement> agreements(Actor actor) {
        actor.require(READERS);
        return db.sql("select terms from partner_agreement where ended_at is null order by ods_code")
                .query((rs, n) -> parse(rs.getString(1))).list();
    }

    /** Each partner's MLLP endpoint in force, by ODS code, for the security posture (is it over TLS?). */
    public java.util.Map<String, Agreement.Endpoint> partnerEndpoints() {
        java.util.Map<String, Agreement.Endpoint> endpoints = new java.util.LinkedHashMap<>();
        db.sql("select ods_code, host, port, tls from partner_agreement where ended_at is null order by ods_code")
                .query((rs, n) -> endpoints.put(rs.getString(1), new Agreement.Endpoint(rs.getString(2), rs.getInt(3), null, null,
                        rs.getBoolean(4)))).list();
        return endpoints;
    }

    public Agreement agreement(Actor actor, String odsCode) {
        actor.require(READERS);
        return find(odsCode).orElseThrow(() -> new NotFound("No agreement in force with " + odsCode));
    }

    /** The agreement in force with a partner, for the referral rules and the HL7 interface (no person involved). */
    public Optional<Agreement> find(String odsCode) {
        if (odsCode == null) {
            return Optional.empty();
        }
        return db.sql("select terms from partner_agreement where ods_code = ? and ended_at is null")
                .param(odsCode.strip().toUpperCase(Locale.ROOT)).query((rs, n) -> parse(rs.getString(1))).optional();
    }

    private static Agreement parse(String json) {
        return ReferralProjection.JSON.readValue(json, Agreement.class);
    }

    private Agreement checked(Agreement a) {
        if (a == null) {
            throw new LabRuleViolation("missing-field", "An agreement needs its terms");
        }
        String ods = OdsCode.parse(a.odsCode()).value();
        String name = text(a.name(), "name", true);
        Agreement.Endpoint e = a.endpoint();
        if (e == null || e.host() == null || !HOST.matcher(e.host()).matches()) {
            throw new LabRuleViolation("invalid-host", "endpoint.host must be the partner's MLLP host name or IP address");
        }
        if (e.port() < 1 || e.port() > 65535) {
            throw new LabRuleViolation("invalid-port", "endpoint.port must be between 1 and 65535");
        }
        for (String hl7Name : new String[]{e.receivingApplication(), e.receivingFacility()}) {
            if (hl7Name == null || !HL7_NAME.matcher(hl7Name).matches()) {
                throw new LabRuleViolation("invalid-hl7-name", "endpoint.receivingApplication and endpoint.receivingFacility (MSH-5, MSH-6)"
                        + " must be 1 to 50 letters, digits, spaces, dots, hyphens or underscores");
            }
        }
        if (a.tests().isEmpty()) {
            throw new LabRuleViolation("no-tests", "An agreement lists at least one test the partner performs for us");
        }
        Set<String> seen = new HashSet<>();
        List<Agreement.ReferredTest> tests = a.tests().stream().map(t -> test(t, seen)).toList();
        for (Priority p : Priority.values()) {
            int capacity = a.dailyCapacity().getOrDefault(p, 0);
            int turnaround = a.turnaroundMinutes().getOrDefault(p, 0);
            // Bounded so a slip of the keyboard cannot make a partner unlimited or a referral never late.
            if (capacity < 0 || capacity > LARGEST_DAILY_CAPACITY) {
                throw new LabRuleViolation("invalid-number", "dailyCapacity for " + p + " must be between 0 and " + LARGEST_DAILY_CAPACITY
                        + " tests a day");
            }
            if (turnaround < 0 || turnaround > LONGEST_TURNAROUND_MINUTES) {
                throw new LabRuleViolation("invalid-number", "turnaroundMinutes for " + p + " must be between 0 and "
                        + LONGEST_TURNAROUND_MINUTES + " (30 days)");
            }
            if (!a.turnaroundMinutes().containsKey(p)) {
                throw new LabRuleViolation("missing-field", "turnaroundMinutes needs a figure for " + p
                        + ": without it no one could tell when a referral is overdue");
            }
        }
        if (a.transportMinutes() < 0 || a.transportMinutes() > 7 * 24 * 60) {
            throw new LabRuleViolation("invalid-number", "transportMinutes must be between 0 and a week");
        }
        Agreement.Hours hours = hours(a.hours());
        Agreement.Contact contact = a.contact();
        if (contact == null || contact.phone() == null || !PHONE.matcher(contact.phone()).matches()) {
            throw new LabRuleViolation("invalid-phone", "contact.phone must be the telephone number to call at the partner (digits, spaces, + ( ) -)");
        }
        return new Agreement(ods, name, new Agreement.Endpoint(e.host().toLowerCase(Locale.ROOT), e.port(), e.receivingApplication(),
                e.receivingFacility(), e.tls()), tests, a.dailyCapacity(), hours, a.turnaroundMinutes(), a.transportMinutes(),
                new Agreement.Contact(text(contact.name(), "contact.name", true), contact.phone().strip()));
    }

    private Agreement.ReferredTest test(Agreement.ReferredTest t, Set<String> seen) {
        if (t == null || t.testCode() == null) {
            throw new LabRuleViolation("missing-field", "Each test names our catalogue code (testCode)");
        }
        catalogue.test(t.testCode());
        if (!seen.add(t.testCode())) {
            throw new LabRuleViolation("duplicate-test", "Test " + t.testCode() + " is listed twice");
        }
        if (t.partnerCode() == null || !CODE.matcher(t.partnerCode()).matches()) {
            throw new LabRuleViolation("invalid-code", "partnerCode for " + t.testCode()
                    + " must be the partner's test code (1 to 40 letters, digits, dots, hyphens or underscores)");
        }
        if (t.loinc() != null && !LOINC.matcher(t.loinc()).matches()) {
            throw new LabRuleViolation("invalid-loinc", "loinc for " + t.testCode() + " must be a LOINC code (digits, a hyphen and a check digit)");
        }
        if (!t.partnerCode().equals(t.testCode()) && t.loinc() == null) {
            throw new LabRuleViolation("missing-loinc", "The partner's code for " + t.testCode() + " differs from ours ("
                    + t.partnerCode() + "): give the LOINC code both labs know it by");
        }
        for (Agreement.AnalyteCode code : t.analytes()) {
            if (code == null || code.partnerCode() == null || !CODE.matcher(code.partnerCode()).matches()) {
                throw new LabRuleViolation("invalid-code", "analytes of " + t.testCode() + " need the partner's result code (partnerCode)");
            }
            if (code.analyte() == null || !catalogue.test(t.testCode()).analytes().contains(code.analyte())) {
                throw new LabRuleViolation("unknown-analyte-code", "analytes of " + t.testCode() + " map to one of its analytes "
                        + catalogue.test(t.testCode()).analytes() + "; '" + code.analyte() + "' is not one");
            }
            if (code.partnerUnit() != null && !UNIT.matcher(code.partnerUnit()).matches()) {
                throw new LabRuleViolation("invalid-unit", "partnerUnit for " + code.partnerCode()
                        + " must be the partner's unit as HL7 sends it (1 to 20 printable characters, no spaces)");
            }
            if (code.factor() != null && code.factor().signum() <= 0) {
                throw new LabRuleViolation("invalid-number", "The unit factor for " + code.partnerCode() + " must be positive");
            }
        }
        return new Agreement.ReferredTest(t.testCode(), t.partnerCode(), t.loinc(), t.analytes().stream()
                .map(c -> new Agreement.AnalyteCode(c.partnerCode(), c.analyte(), c.partnerUnit(),
                        c.factor() == null ? BigDecimal.ONE : c.factor())).toList());
    }

    private static Agreement.Hours hours(Agreement.Hours h) {
        if (h == null || h.always()) {
            return Agreement.Hours.ALWAYS;
        }
        if (h.days().isEmpty() || h.opens() == null || h.closes() == null || !h.opens().isBefore(h.closes())) {
            throw new LabRuleViolation("invalid-hours", "hours needs the days and an opening time before the closing time, or always: true");
        }
        return h;
    }

    private static String text(String value, String field, boolean required) {
        if (value == null || value.isBlank()) {
            if (required) {
                throw new LabRuleViolation("missing-field", field + " is required");
            }
            return null;
        }
        String stripped = value.strip();
        if (stripped.length() > LONGEST_TEXT || stripped.chars().anyMatch(Character::isISOControl)) {
            throw new LabRuleViolation("invalid-text", field + " must be at most " + LONGEST_TEXT + " characters, on one line");
        }
        return stripped;
    }
}
