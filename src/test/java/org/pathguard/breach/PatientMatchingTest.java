package org.pathguard.breach;

import org.junit.jupiter.api.Test;
import org.pathguard.Api;
import org.pathguard.LabServerTest;
import org.pathguard.access.Actor;
import org.pathguard.breach.detect.Excerpt;
import org.pathguard.breach.detect.Names;
import org.pathguard.cli.DemoAtRestTest;
import org.pathguard.eventlog.EventLog;
import org.pathguard.lab.NhsNumber;
import org.pathguard.lab.Sex;
import org.pathguard.patient.BreachIndexes;
import org.pathguard.patient.Patient;
import org.pathguard.patient.PatientRecords;
import org.pathguard.patient.PatientRegistry;
import org.pathguard.patient.RecordChanges;
import org.pathguard.patient.Registration;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Matching against a real lab: patients registered, corrected and merged through the registry, their blind indexes
 * written by the projection or made by {@code breach index}, loaded into a matcher and looked up by what a dump says.
 */
class PatientMatchingTest extends LabServerTest {

    private static final Actor WARD = new Actor("bm.ward", Actor.Role.REQUESTER, PRACTICE, null);
    /** A manager correcting a record the lab has no work for yet reads it by break-glass (and is reviewed for it). */
    private static final Actor MANAGER = new Actor("bm.manager", Actor.Role.LAB_MANAGER, LAB, null)
            .withBreakGlass("Correcting a registration the requester reported wrong");

    @Autowired PatientRegistry registry;
    @Autowired PatientRecords records;
    @Autowired RegistryIndexes indexes;
    @Autowired BreachIndexes breachIndexes;
    @Autowired HospitalNumberShapes shapes;
    @Autowired EventLog log;

    @Test
    void eachIdentifierFindsItsPatientAndOnlyThem() {
        Patient ada = register(Api.randomName(10), "Ada Mary", LocalDate.of(1961, 3, 4), "RX" + digits(6));
        Patient tom = register(ada.familyName(), "Tom", LocalDate.of(1990, 12, 25), null);
        PatientMatcher matcher = indexes.load();

        assertThat(matcher.match(numbers(List.of(spaced(ada.nhsNumber())), List.of())).patients())
                .containsExactly(confirmed(ada, "nhs-number"));
        assertThat(matcher.match(numbers(List.of(ada.nhsNumber()), List.of())).patients())
                .containsExactly(confirmed(ada, "nhs-number"));
        assertThat(matcher.match(numbers(List.of(), List.of(ada.hospitalNumber()))).patients())
                .containsExactly(confirmed(ada, "hospital-number"));
        // Family name with the date of birth, the first given name agreeing, however the name was written.
        assertThat(matcher.match(named(ada.familyName().toUpperCase(), "ada", true, ada.dateOfBirth())).patients())
                .containsExactly(confirmed(ada, "name+date-of-birth"));
        assertThat(matcher.match(named(ada.familyName(), "", false, ada.dateOfBirth())).patients())
                .containsExactly(confirmed(ada, "name+date-of-birth"));
        assertThat(matcher.match(named(ada.familyName(), "Edith", true, ada.dateOfBirth())).patients())
                .as("another given name with Ada's family name and birthday is someone else").isEmpty();
        // A name alone: possible.
        assertThat(matcher.match(named(tom.familyName(), "Tom", true)).patients())
                .containsExactly(new Match(tom.id(), false, Set.of("name"), Set.of()));
        // Ada's number under Tom's name with his date of birth: Tom confirmed, Ada only possible.
        Excerpt mixed = new Excerpt("dump/letter.docx", 1, List.of(ada.nhsNumber()), List.of(), List.of(tom.dateOfBirth()),
                List.of(new Names.Candidate(Names.normalise(tom.familyName()), "TOM")), true, List.of(), List.of(), Set.of());
        assertThat(matcher.match(mixed).patients()).containsExactlyInAnyOrder(
                new Match(ada.id(), false, Set.of("nhs-number"), Set.of()), confirmed(tom, "name+date-of-birth"));
    }

    @Test
    void unregisteredNumbersAreCountedAndTestPatientsCountedApart() {
        Patient test = registry.register(WARD, new Registration(Api.newNhsNumber(), null, Api.randomName(10), "Tina",
                LocalDate.of(1970, 1, 1), Sex.FEMALE, null));
        String stranger = newNhsNumber();
        PatientMatcher matcher = indexes.load();

        PatientMatcher.Matched m = matcher.match(numbers(List.of(stranger, stranger, test.nhsNumber(), "9990000042"), List.of()));
        assertThat(m.patients()).isEmpty();
        assertThat(m.testPatients()).isOne();
        assertThat(m.otherControllersNhs()).hasSize(1);
        String index = m.otherControllersNhs().iterator().next();
        assertThat(index).matches("[0-9a-f]{64}").doesNotContain(stranger);
        assertThat(matcher.match(numbers(List.of(stranger), List.of())).otherControllersNhs())
                .as("the same number gives the same index, so it is counted once over a scan").containsExactly(index);
    }

    @Test
    void aCorrectedNameIsFoundByTheNewNameOnly() {
        Patient before = register(Api.randomName(10), "Grace", LocalDate.of(1955, 5, 5), null);
        String newFamily = Api.randomName(10);
        records.correct(MANAGER, before.id(), new RecordChanges.Correction(null, newFamily, "Margaret", LocalDate.of(1955, 5, 6), null,
                "Name and date of birth mistyped at registration; checked against the request form"));
        PatientMatcher matcher = indexes.load();

        assertThat(matcher.match(named(before.familyName(), "Grace", true, before.dateOfBirth())).patients()).isEmpty();
        assertThat(matcher.match(named(newFamily, "Grace", true, LocalDate.of(1955, 5, 6))).patients())
                .as("the old given name disagrees").isEmpty();
        assertThat(matcher.match(named(newFamily, "Margaret", true, LocalDate.of(1955, 5, 6))).patients())
                .containsExactly(confirmed(before, "name+date-of-birth"));
    }

    @Test
    void aMergedRecordIsNotFoundItsSurvivorIs() {
        String family = Api.randomName(10);
        Patient survivor = register(family, "Ruth", LocalDate.of(1948, 8, 8), "RX" + digits(6));
        Patient duplicate = register(family, "Ruth", LocalDate.of(1948, 8, 8), "RX" + digits(6));
        assertThat(indexes.load().match(named(family, "", false, survivor.dateOfBirth())).patients()).hasSize(2);

        records.merge(MANAGER, duplicate.id(), survivor.id(), RecordChanges.NhsNumberInError.DUPLICATE,
                "Registered twice; the duplicate's NHS number was a temporary A&E number");
        PatientMatcher matcher = indexes.load();

        assertThat(matcher.match(named(family, "Ruth", true, survivor.dateOfBirth())).patients())
                .containsExactly(confirmed(survivor, "name+date-of-birth"));
        assertThat(matcher.match(numbers(List.of(duplicate.nhsNumber()), List.of(duplicate.hospitalNumber()))).patients()).isEmpty();
        assertThat(matcher.match(numbers(List.of(survivor.nhsNumber()), List.of())).patients())
                .containsExactly(confirmed(survivor, "nhs-number"));
    }

    @Test
    void theIndexCommandFillsPatientsRegisteredBeforeItOnceAndTheShapes() {
        Patient ada = register(Api.randomName(10), "Ada", LocalDate.of(1961, 3, 4), "AB" + digits(4) + "C");
        Patient bob = register(Api.randomName(10), "Bob", LocalDate.of(1972, 7, 2), null);
        assertThat(shapes.shapes()).contains("LLDDDDL");
        // As a database from before V24 has them: no breach indexes, no shapes.
        db.sql("update patient set family_birth_index = null, name_index = null, hospital_shape = null").update();
        assertThat(indexes.load().match(named(ada.familyName(), "Ada", true, ada.dateOfBirth())).patients()).isEmpty();
        assertThat(shapes.shapes()).doesNotContain("LLDDDDL");
        long unmerged = db.sql("select count(*) from patient where merged_into is null").query(Long.class).single();

        BreachIndexes.Built built = breachIndexes.build(Actor.SYSTEM);

        assertThat(built.indexed()).isEqualTo(unmerged);
        assertThat(built.alreadyIndexed()).isZero();
        assertThat(built.shapes()).containsKey("LLDDDDL");
        PatientMatcher matcher = indexes.load();
        assertThat(matcher.match(named(ada.familyName(), "Ada", true, ada.dateOfBirth())).patients())
                .containsExactly(confirmed(ada, "name+date-of-birth"));
        assertThat(matcher.match(named(bob.familyName(), "Bob", true)).patients())
                .containsExactly(new Match(bob.id(), false, Set.of("name"), Set.of()));
        assertThat(shapes.shapes()).contains("LLDDDDL");

        BreachIndexes.Built again = breachIndexes.build(Actor.SYSTEM);
        assertThat(again.indexed()).isZero();
        assertThat(again.alreadyIndexed()).isEqualTo(unmerged);
        assertThat(again.shapes()).isEqualTo(built.shapes());
        assertThat(db.sql("select count(*) from patient where merged_into is null and (family_birth_index is null or name_index is null)")
                .query(Long.class).single()).isZero();

        // Replayed, the index events change nothing registration and correction do not write themselves.
        log.rebuild();
        assertThat(breachIndexes.build(Actor.SYSTEM)).isEqualTo(again);
        assertThat(indexes.load().match(named(ada.familyName(), "Ada", true, ada.dateOfBirth())).patients())
                .containsExactly(confirmed(ada, "name+date-of-birth"));
    }

    @Test
    void noIdentifierInClearInTheNewColumnsTheShapesOrTheIndexEvents() {
        List<Patient> patients = List.of(register(Api.randomName(10), "Winifred", LocalDate.of(1933, 11, 17), "QQ" + digits(7)),
                register(Api.randomName(12), "Bartholomew", LocalDate.of(1944, 2, 29), "ZX" + digits(6)));
        db.sql("update patient set family_birth_index = null, name_index = null, hospital_shape = null where id in (?, ?)")
                .param(patients.get(0).id()).param(patients.get(1).id()).update();
        breachIndexes.build(Actor.SYSTEM);

        // The tables and the log as a dump shows them (bytea as hex, decoded so bytes in clear would be found too).
        StringBuilder dump = new StringBuilder();
        for (String sql : List.of("select p::text from patient p",
                "select e::text from event_log e where event_type = 'BreachIndexBuilt'")) {
            db.sql(sql).query(String.class).list().forEach(row -> dump.append(row.replace("\\x", "\\\\x")).append('\n'));
        }
        assertThat(dump).contains("LLDDDDDDD");
        Set<String> secrets = new HashSet<>();
        for (Patient p : patients) {
            secrets.addAll(List.of(p.nhsNumber(), p.hospitalNumber(), p.dateOfBirth().toString(), p.familyName(),
                    p.familyName().toUpperCase(), p.givenName(), p.givenName().toUpperCase()));
        }
        assertThat(DemoAtRestTest.found(DemoAtRestTest.tokens(DemoAtRestTest.decodeHex(dump.toString())), secrets)).isEmpty();
    }

    private Patient register(String family, String given, LocalDate born, String hospitalNumber) {
        return registry.register(WARD, new Registration(newNhsNumber(), hospitalNumber, family, given, born, Sex.FEMALE, "SE1 9RT"));
    }

    /** A valid NHS number in England's issued range (400-499), not the 999 test range: a real patient's shape. */
    private static String newNhsNumber() {
        while (true) {
            var n = NhsNumber.withCheckDigit("4" + digits(8));
            if (n.isPresent()) {
                return n.get().value();
            }
        }
    }

    private static String digits(int n) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < n; i++) {
            s.append(ThreadLocalRandom.current().nextInt(10));
        }
        return s.toString();
    }

    private static String spaced(String nhs) {
        return nhs.substring(0, 3) + " " + nhs.substring(3, 6) + " " + nhs.substring(6);
    }

    private static Match confirmed(Patient p, String identifier) {
        return new Match(p.id(), true, Set.of(identifier), Set.of());
    }

    private static Excerpt numbers(List<String> nhs, List<String> hospital) {
        // The detector gives NHS numbers as ten digits and hospital numbers in upper case.
        return new Excerpt("dump/list.csv", 1, nhs.stream().map(n -> n.replace(" ", "")).toList(),
                hospital.stream().map(String::toUpperCase).toList(), List.of(), List.of(), false, List.of(), List.of(), Set.of());
    }

    private static Excerpt named(String family, String given, boolean labelled, LocalDate... dates) {
        return new Excerpt("dump/letter.docx", 1, List.of(), List.of(), List.of(dates),
                List.of(new Names.Candidate(Names.normalise(family), Names.firstGiven(given))), labelled, List.of(), List.of(), Set.of());
    }
}
