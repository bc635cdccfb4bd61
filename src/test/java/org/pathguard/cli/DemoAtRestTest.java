package org.pathguard.cli;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.pathguard.database.DatabaseServer;
import org.pathguard.demo.DemoDay;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The commands a newcomer runs, on their own data directory: {@code demo --exit}, {@code verify},
 * {@code rebuild}; then the proof that neither a pg_dump nor the raw files hold patient data in clear.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
public class DemoAtRestTest {

    static final int PATIENTS = 150;
    static final long SEED = 99;
    static Path dataDir;

    @BeforeAll
    static void runTheDemo() throws IOException {
        dataDir = Files.createTempDirectory("pathguard-demo-");
        Run demo = run("demo", "--exit", "--patients", String.valueOf(PATIENTS), "--seed", String.valueOf(SEED),
                "--port", "0", "--mllp-port", "0", "--data-dir", dataDir.toString());
        assertThat(demo.exitCode()).as(demo.output()).isZero();
        assertThat(demo.output()).contains("patients   150").contains("chain verified");
        demoOutput = demo.output();
    }

    static String demoOutput;

    @Test
    @Order(0)
    void theDemoPrintsAndLogsNoPatientData() {
        // Spring logs to the console the command printed to, so this output holds the logs too.
        assertThat(demoOutput).contains("Seeded a synthetic day").contains("Embedded PostgreSQL running");
        assertThat(found(tokens(demoOutput), secrets())).as("patient values in the demo's output and logs").isEmpty();
    }

    record Run(int exitCode, String output) {
    }

    static Run run(String... args) {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            int code = PathGuardCommand.run(args);
            return new Run(code, captured.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(original);
        }
    }

    /** The values a leak would show: NHS numbers, hospital numbers, dates of birth, names, postcodes. */
    static Set<String> secrets() {
        Set<String> values = new HashSet<>();
        for (DemoDay.SyntheticPatient p : DemoDay.syntheticPatients(PATIENTS, SEED)) {
            values.add(p.nhsNumber());
            values.add(p.hospitalNumber());
            // A newborn's date of birth is also the date of the demo's own timestamps: not evidence.
            if (p.dateOfBirth().isBefore(java.time.LocalDate.now().minusDays(2))) {
                values.add(p.dateOfBirth().toString());
            }
            values.add(p.postcode().replace(" ", ""));
            // Short names could occur by chance in ciphertext; six letters or more cannot, in practice.
            if (p.familyName().length() >= 6) {
                values.add(p.familyName());
            }
            if (p.givenName().length() >= 6) {
                values.add(p.givenName());
            }
        }
        return values;
    }

    @Test
    @Order(1)
    void pgDumpOfTheDatabaseHoldsNoPatientDataInClear() throws Exception {
        String dump = dumpDatabase();
        assertThat(dump).contains("COPY public.event_log").contains("COPY public.patient");
        // bytea columns are dumped as hex: decode them so plaintext stored as bytes would be found too.
        Set<String> tokens = tokens(decodeHex(dump));
        Set<String> secrets = secrets();
        assertThat(secrets).hasSizeGreaterThan(PATIENTS * 4);
        assertThat(found(tokens, secrets)).as("patient values in clear in pg_dump").isEmpty();
    }

    @Test
    @Order(2)
    void rawFilesOfTheDataDirectoryHoldNoPatientDataInClear() throws IOException {
        // PostgreSQL's own catalogue text (e.g. the ICU locale "Cocos [Keeling] Islands") is in every
        // database; words found in template1, which never receives our data, cannot witness a leak.
        Set<String> secrets = secrets();
        secrets.removeAll(tokensOfFiles(dataDir.resolve("postgres/base/1")));
        assertThat(secrets).hasSizeGreaterThan(PATIENTS * 4);
        List<Path> files = regularFiles(dataDir);
        assertThat(files).anyMatch(f -> f.toString().contains("pg_wal"));
        for (Path file : files) {
            Set<String> tokens = tokens(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1));
            assertThat(found(tokens, secrets)).as("patient values in clear in " + file).isEmpty();
        }
    }

    @Test
    @Order(3)
    void verifyAndRebuildCommandsWorkOnTheDemoData() {
        Run verify = run("verify", "--data-dir", dataDir.toString());
        assertThat(verify.exitCode()).as(verify.output()).isZero();
        assertThat(verify.output()).containsPattern("(?m)^OK: \\d+ events, head hash [0-9a-f]{64}$");
        Run rebuild = run("rebuild", "--data-dir", dataDir.toString());
        assertThat(rebuild.exitCode()).as(rebuild.output()).isZero();
        assertThat(rebuild.output()).contains("Rebuilt every projection");
        Run again = run("verify", "--data-dir", dataDir.toString());
        assertThat(again.output()).isEqualTo(verify.output());
    }

    @Test
    @Order(4)
    void aRestartOnTheSameDataDirectoryKeepsEverythingAndSeedsNothing() {
        Run again = run("demo", "--exit", "--port", "0", "--mllp-port", "0", "--data-dir", dataDir.toString());
        assertThat(again.exitCode()).as(again.output()).isZero();
        assertThat(again.output()).contains("already holds a lab's work").contains("patients   150");
        String head = verifyHead();
        assertThat(again.output()).contains(head);
    }

    /** Passwords, TOTP secrets and machine tokens: hashed, sealed or HMAC'd, never in clear outside the demo's own list. */
    @Test
    @Order(5)
    void signInSecretsAreNeverStoredInClear() throws Exception {
        Path users = dataDir.resolve("demo-users.txt");
        assertThat(Files.getPosixFilePermissions(users)).containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        Set<String> signIn = new HashSet<>();
        for (String line : Files.readAllLines(users)) {
            String[] cells = line.trim().split("\\s+");
            if (line.startsWith("demo.") && cells.length == 5) {
                signIn.add(cells[3]);
                signIn.add(cells[4]);
            }
            Matcher token = Pattern.compile("Bearer (pgc_\\S+)").matcher(line);
            if (token.find()) {
                signIn.add(token.group(1));
            }
        }
        assertThat(signIn).as("six people's passwords and TOTP secrets, one machine token").hasSize(13);
        String dump = decodeHex(dumpDatabase());
        assertThat(signIn).noneMatch(dump::contains);
        for (Path file : regularFiles(dataDir)) {
            if (!file.equals(users)) {
                String content = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
                assertThat(signIn).as("sign-in secrets in clear in " + file).noneMatch(content::contains);
            }
        }
    }

    private static String dumpDatabase() throws Exception {
        try (DatabaseServer server = DatabaseServer.embedded(dataDir.resolve("postgres"), dataDir.resolve("keys"))) {
            assertThat(count(server, "select count(*) from patient")).isEqualTo(PATIENTS);
            ProcessBuilder dump = new ProcessBuilder(pgDump(), "-h", "localhost", "-p", String.valueOf(server.port()),
                    "-U", "postgres", "postgres").redirectErrorStream(false);
            dump.environment().put("PGPASSWORD", server.password());
            Process p = dump.start();
            byte[] out = p.getInputStream().readAllBytes();
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(new String(p.getErrorStream().readAllBytes())).isZero();
            return new String(out, StandardCharsets.UTF_8);
        }
    }

    private static String verifyHead() {
        Matcher m = Pattern.compile("head hash ([0-9a-f]{64})").matcher(run("verify", "--data-dir", dataDir.toString()).output());
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    @Test
    @Order(5)
    void verifyNamesTheSequenceOfATamperedEvent() throws Exception {
        try (DatabaseServer server = DatabaseServer.embedded(dataDir.resolve("postgres"), dataDir.resolve("keys"));
             var c = DriverManager.getConnection(server.jdbcUrl(), server.user(), server.password());
             var s = c.createStatement()) {
            s.execute("alter table event_log disable trigger event_log_no_update_or_delete");
            s.execute("update event_log set payload = set_byte(payload, 30, get_byte(payload, 30) # 1) where seq = 1234");
        }
        Run verify = run("verify", "--data-dir", dataDir.toString());
        assertThat(verify.exitCode()).isEqualTo(1);
        assertThat(verify.output()).containsPattern("(?m)^FAILED at sequence 1234: ");
    }

    public static List<Path> regularFiles(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile).toList();
        }
    }

    static Set<String> tokensOfFiles(Path dir) throws IOException {
        Set<String> tokens = new HashSet<>();
        for (Path file : regularFiles(dir)) {
            tokens.addAll(tokens(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1)));
        }
        return tokens;
    }

    public static Set<String> found(Set<String> tokens, Set<String> secrets) {
        Set<String> found = new HashSet<>(secrets);
        found.retainAll(tokens);
        return found;
    }

    /** Runs of letters, of letters and digits (hospital numbers), and of digits and hyphens (NHS numbers, dates). */
    public static Set<String> tokens(String text) {
        Set<String> tokens = new HashSet<>();
        for (String pattern : List.of("[A-Za-z]+", "[A-Za-z0-9]+", "[0-9][0-9-]*")) {
            Matcher m = Pattern.compile(pattern).matcher(text);
            while (m.find()) {
                tokens.add(m.group());
            }
        }
        // Postcodes are searched without their space: outward and inward halves joined.
        Matcher postcode = Pattern.compile("([A-Z]{1,2}[0-9][A-Z0-9]?) ?([0-9][A-Z]{2})").matcher(text);
        while (postcode.find()) {
            tokens.add(postcode.group(1) + postcode.group(2));
        }
        return tokens;
    }

    public static String decodeHex(String dump) {
        Matcher m = Pattern.compile("\\\\\\\\x([0-9a-f]+)").matcher(dump);
        StringBuilder out = new StringBuilder();
        List<String> decoded = new ArrayList<>();
        while (m.find()) {
            decoded.add(new String(java.util.HexFormat.of().parseHex(m.group(1)), StandardCharsets.ISO_8859_1));
            m.appendReplacement(out, " ");
        }
        m.appendTail(out);
        decoded.forEach(d -> out.append(' ').append(d));
        return out.toString();
    }

    static long count(DatabaseServer server, String sql) throws Exception {
        try (var c = DriverManager.getConnection(server.jdbcUrl(), server.user(), server.password());
             var rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Debian's pg_dump for the embedded server's major version (15); .ci/run installs it. */
    public static String pgDump() throws IOException {
        try (Stream<Path> dirs = Files.list(Path.of("/usr/lib/postgresql"))) {
            return dirs.map(d -> d.resolve("bin/pg_dump")).filter(Files::isExecutable)
                    .filter(p -> p.toString().contains("/15/")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("pg_dump 15 not found; install postgresql-client-15"))
                    .toString();
        }
    }

    /** The whole embedded database as pg_dump writes it, to search for values in clear. */
    public static String dump(DatabaseServer database) throws Exception {
        ProcessBuilder dump = new ProcessBuilder(pgDump(), "-h", "localhost", "-p", String.valueOf(database.port()), "-U", "postgres", "postgres");
        dump.environment().put("PGPASSWORD", database.password());
        Process p = dump.start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(120, java.util.concurrent.TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("pg_dump failed: " + new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
        }
        return new String(out, StandardCharsets.UTF_8);
    }
}
