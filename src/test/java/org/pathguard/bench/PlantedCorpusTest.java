package org.pathguard.bench;

import org.junit.jupiter.api.Test;
import org.pathguard.breach.detect.Names;
import org.pathguard.lab.LabRuleViolation;
import org.pathguard.lab.NhsNumber;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The planted corpus keeps its own promises, so that a failing scan test is the scan's fault: its patients' numbers are
 * valid and distinct, its decoys are what they claim (a mistyped number fails the check), its answers are disjoint and
 * name only its patients, and the bulk plain text plants each bulk patient exactly once.
 */
class PlantedCorpusTest {

    @Test
    void patientsHaveValidDistinctNumbersAndNamesAndTheAnswersAreDisjoint() {
        var corpus = new PlantedCorpus(50);
        List<PlantedCorpus.Person> patients = corpus.patients();
        assertThat(patients).hasSize(31 + 50);
        for (PlantedCorpus.Person p : patients) {
            assertThat(NhsNumber.parse(p.nhsNumber()).value()).startsWith("4");
            assertThat(Names.normalise(p.family())).isNotEmpty();
            assertThat(Names.firstGiven(p.given())).isNotEmpty();
            assertThat(PlantedCorpus.REQUESTERS).contains(p.requesterOds());
        }
        assertThat(patients.stream().map(PlantedCorpus.Person::nhsNumber).collect(Collectors.toSet())).hasSize(patients.size());
        assertThat(patients.stream().map(PlantedCorpus.Person::hospitalNumber).collect(Collectors.toSet())).hasSize(patients.size());
        assertThat(patients.stream().map(p -> Names.normalise(p.family()) + p.dateOfBirth()).collect(Collectors.toSet()))
                .hasSize(patients.size());

        PlantedCorpus.Answers answers = corpus.answers();
        Set<String> keys = patients.stream().map(PlantedCorpus.Person::key).collect(Collectors.toSet());
        assertThat(keys).containsAll(answers.confirmed()).containsAll(answers.possible());
        assertThat(answers.confirmed()).doesNotContainAnyElementsOf(answers.possible());
        // Registered, and named only by decoys: in neither set.
        assertThat(answers.confirmed()).hasSize(26 + 50).doesNotContain("P27", "P28", "P29");
        assertThat(answers.possible()).containsExactlyInAnyOrder("P25", "P26");
    }

    @Test
    void aMistypedCheckDigitFailsTheModulus11Check() {
        for (PlantedCorpus.Person p : new PlantedCorpus().patients()) {
            assertThatThrownBy(() -> NhsNumber.parse(PlantedCorpus.badCheckDigit(p.nhsNumber()))).isInstanceOf(LabRuleViolation.class);
        }
    }

    @Test
    void thePlainBulkFilesPlantEachPatientOnceAmongStrangersWhoseNumbersAreValidAndUnregistered(@org.junit.jupiter.api.io.TempDir Path dir)
            throws IOException {
        var corpus = new PlantedCorpus(40);
        long written = new BulkFiles().writePlain(dir, 3_000_000, corpus.bulk());
        assertThat(written).isGreaterThanOrEqualTo(3_000_000);
        StringBuilder all = new StringBuilder();
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                all.append(Files.readString(f, StandardCharsets.UTF_8));
            }
        }
        String text = all.toString();
        for (PlantedCorpus.Person p : corpus.bulk()) {
            Pattern named = Pattern.compile("\\b(" + Pattern.quote(p.nhsNumber()) + "|" + Pattern.quote(PlantedCorpus.spaced(p.nhsNumber()))
                    + "|" + Pattern.quote(p.hospitalNumber()) + "|" + Pattern.quote(p.family()) + ")\\b", Pattern.CASE_INSENSITIVE);
            assertThat(text.lines().filter(line -> named.matcher(line).find()).count()).as(p.key() + " planted on one line").isEqualTo(1);
        }
        Set<String> registered = corpus.patients().stream().map(PlantedCorpus.Person::nhsNumber).collect(Collectors.toSet());
        Set<String> strangers = new HashSet<>();
        Matcher m = Pattern.compile("(?<![0-9])65[0-9]{8}(?![0-9])").matcher(text);
        while (m.find()) {
            strangers.add(m.group());
        }
        assertThat(strangers).isNotEmpty().doesNotContainAnyElementsOf(registered);
    }
}
