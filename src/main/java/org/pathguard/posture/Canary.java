package org.pathguard.posture;

import org.pathguard.access.Actor;
import org.pathguard.eventlog.EventLog;
import org.pathguard.eventlog.NewEvent;
import org.pathguard.eventlog.Prepared;
import org.pathguard.lab.Conflict;
import org.pathguard.lab.NhsNumber;
import org.pathguard.lab.Sex;
import org.pathguard.patient.Patient;
import org.pathguard.patient.PatientRegistry;
import org.pathguard.patient.Registration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.security.SecureRandom;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.random.RandomGenerator;

/**
 * The lab's canary: a test-range patient (999 NHS number, so counted apart from real patients like every test
 * patient, and with no orders, so on no worklist or sitrep) with random identifiers, registered once by the system
 * through the ordinary registration so its fields are sealed and indexed like anyone's. Its clear values exist only
 * where a patient's do: opened in memory with the lab's keys, here to be searched for.
 */
@Component
class Canary {

    private static final String[] SYLLABLES = {"bar", "cor", "dun", "fel", "gan", "hol", "jor", "kel", "lam", "mor", "nes",
            "pol", "quin", "ros", "sel", "tam", "vor", "wen", "yar", "zel"};

    private final PatientRegistry registry;
    private final EventLog log;
    private final JdbcClient db;
    private final RandomGenerator random = new SecureRandom();

    Canary(PatientRegistry registry, EventLog log, JdbcClient db) {
        this.registry = registry;
        this.log = log;
        this.db = db;
    }

    /**
     * The canary as registered, registering it first if this lab has none yet. Another process (the posture command
     * beside serve) may register one between the look and the append: the table keeps the first, and this returns it.
     */
    synchronized Patient registeredOnce() {
        Optional<UUID> known = marked();
        if (known.isPresent()) {
            return registry.get(known.get());
        }
        for (int attempt = 0; ; attempt++) {
            try {
                Prepared<UUID> registration = registry.prepareCanary(invent());
                List<NewEvent> events = new ArrayList<>(registration.events());
                events.add(NewEvent.of(registration.outcome(), new CanaryRegistered(registration.outcome())));
                log.append(Actor.SYSTEM.logName(), events);
                return registry.get(marked().orElse(registration.outcome()));
            } catch (Conflict taken) {
                // A test-range number already in use (a demo's, say): another random one.
                if (attempt == 5) {
                    throw taken;
                }
            }
        }
    }

    private Optional<UUID> marked() {
        return db.sql("select patient_id from posture_canary").query(UUID.class).optional();
    }

    /** Each identifier as it could be written in clear (a search finds any of them). */
    static Map<String, List<String>> writtenForms(Patient canary) {
        Map<String, List<String>> forms = new LinkedHashMap<>();
        String nhs = canary.nhsNumber();
        forms.put("NHS number", List.of(nhs, nhs.substring(0, 3) + " " + nhs.substring(3, 6) + " " + nhs.substring(6)));
        forms.put("hospital number", List.of(canary.hospitalNumber()));
        forms.put("family name", List.of(canary.familyName()));
        forms.put("given name", List.of(canary.givenName()));
        LocalDate born = canary.dateOfBirth();
        forms.put("date of birth", List.of(born.toString(), born.format(DateTimeFormatter.ofPattern("dd/MM/yyyy")),
                born.format(DateTimeFormatter.BASIC_ISO_DATE)));
        forms.put("postcode", List.of(canary.postcode(), canary.postcode().replace(" ", "")));
        return forms;
    }

    /** Random identifiers long enough never to occur by chance in ciphertext (six characters or more each). */
    private Registration invent() {
        NhsNumber nhs;
        do {
            nhs = NhsNumber.withCheckDigit("999" + digits(6)).orElse(null);
        } while (nhs == null);
        String hospital = "C" + digits(9);
        LocalDate born = LocalDate.of(1930, 1, 1).plusDays(random.nextInt(365 * 70));
        String postcode = letters(2) + digits(2) + " " + digits(1) + letters(2);
        return new Registration(nhs.value(), hospital, name(4), name(3), born, Sex.UNKNOWN, postcode);
    }

    private String name(int syllables) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < syllables; i++) {
            b.append(SYLLABLES[random.nextInt(SYLLABLES.length)]);
        }
        return Character.toUpperCase(b.charAt(0)) + b.substring(1);
    }

    private String digits(int n) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            b.append((char) ('0' + random.nextInt(10)));
        }
        return b.toString();
    }

    private String letters(int n) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            b.append((char) ('A' + random.nextInt(26)));
        }
        return b.toString();
    }
}
