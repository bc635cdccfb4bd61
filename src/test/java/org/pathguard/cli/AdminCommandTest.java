package org.pathguard.cli;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** No default passwords: the first administrator starts from a one-time link printed by the command line. */
class AdminCommandTest {

    @Test
    void theFirstAdministratorGetsAOneTimeLinkAndThereIsOnlyOneFirst() throws Exception {
        Path dataDir = Files.createTempDirectory("pathguard-admin-");
        DemoAtRestTest.Run first = DemoAtRestTest.run("admin", "first-administrator", "root.admin", "--data-dir", dataDir.toString());
        assertThat(first.exitCode()).as(first.output()).isZero();
        Matcher link = Pattern.compile("http://localhost:8080/api/enrolment/([A-Za-z0-9_-]{43})").matcher(first.output());
        assertThat(link.find()).as(first.output()).isTrue();

        DemoAtRestTest.Run second = DemoAtRestTest.run("admin", "first-administrator", "other.admin", "--data-dir", dataDir.toString());
        assertThat(second.exitCode()).isEqualTo(1);

        DemoAtRestTest.Run credential = DemoAtRestTest.run("admin", "credential", "analyser.cobas-2", "--organisation", "PGLAB",
                "--scopes", "results,reception", "--data-dir", dataDir.toString());
        assertThat(credential.exitCode()).as(credential.output()).isZero();
        Matcher token = Pattern.compile("Bearer (pgc_[A-Za-z0-9_-]+)").matcher(credential.output());
        assertThat(token.find()).isTrue();

        DemoAtRestTest.Run partner = DemoAtRestTest.run("admin", "hl7-sender", "lab.rj1", "--certificate", "lims.rj1.nhs.uk",
                "--partner-lab", "rj1", "--orders-for", "RJ1", "--referable-tests", "UE,TROP", "--data-dir", dataDir.toString());
        assertThat(partner.exitCode()).as(partner.output()).isZero();
        assertThat(partner.output()).contains("HL7 sender lab.rj1, known by certificate CN=lims.rj1.nhs.uk: orders for RJ1, "
                + "results for none; partner laboratory RJ1 refers TROP,UE.");
        DemoAtRestTest.Run analyser = DemoAtRestTest.run("admin", "analyser", "COBAS-1", "--name", "Cobas 8000 bench 1",
                "--department", "Clinical biochemistry", "--analytes", "NA,K", "--data-dir", dataDir.toString());
        assertThat(analyser.exitCode()).as(analyser.output()).isZero();
        assertThat(analyser.output()).contains("Analyser COBAS-1 (Cobas 8000 bench 1, Clinical biochemistry) measures NA,K.");
        DemoAtRestTest.Run unknown = DemoAtRestTest.run("admin", "analyser", "COBAS-2", "--name", "Cobas 8000 bench 2",
                "--department", "Clinical biochemistry", "--analytes", "NA,NOPE", "--data-dir", dataDir.toString());
        assertThat(unknown.exitCode()).as("an analyte the catalogue does not know is refused").isEqualTo(1);
        for (Path file : DemoAtRestTest.regularFiles(dataDir)) {
            String content = new String(Files.readAllBytes(file), java.nio.charset.StandardCharsets.ISO_8859_1);
            assertThat(content).as("the enrolment link and the token are kept only as keyed hashes: " + file)
                    .doesNotContain(link.group(1)).doesNotContain(token.group(1));
        }
    }
}
