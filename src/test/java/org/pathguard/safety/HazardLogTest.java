package org.pathguard.safety;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The clinical hazard log (docs/clinical-safety/hazard-log.md) cannot drift from the suite: every hazard is complete
 * and rated by the DCB0129 matrix, every control PathGuard provides names tests, and every test it names is a test
 * in src/test/java that the build runs. The sources are read, not loaded, so a test named on another branch fails
 * here until that branch is merged.
 */
class HazardLogTest {

    static final Path LOG = Path.of("docs", "clinical-safety", "hazard-log.md");
    static final Path SAFETY_CASE = Path.of("docs", "clinical-safety", "safety-case.md");
    static final Path TESTS = Path.of("src", "test", "java");

    static final List<String> FIELDS = List.of("Hazard", "Causes", "Effect", "Severity", "Likelihood", "Initial risk",
            "Controls", "Residual severity", "Residual likelihood", "Residual risk", "Status");
    static final List<String> SEVERITIES = List.of("Minor", "Significant", "Considerable", "Major", "Catastrophic");
    static final List<String> LIKELIHOODS = List.of("Very low", "Low", "Medium", "High", "Very high");
    /** DCB0129's risk matrix, [likelihood][severity] in the orders above. */
    static final int[][] MATRIX = {
            {1, 1, 2, 2, 3},
            {1, 2, 2, 3, 4},
            {2, 2, 3, 3, 4},
            {2, 3, 3, 4, 5},
            {3, 4, 4, 5, 5}};
    /** Controls in the software (which must name tests) and those of the people who use it (which need not). */
    static final Set<String> PRODUCT_CONTROLS = Set.of("Design", "Verification");
    static final Set<String> CONTROL_KINDS = Set.of("Design", "Verification", "Procedure");
    static final Set<String> STATUSES = Set.of("Open", "Closed", "Transferred");
    /** Issue 20 names these hazards; they are found by title, whatever their number. */
    static final List<String> REQUIRED = List.of("Wrong patient", "Wrong result", "Missed or late critical result",
            "Wrong reference range or unit", "Lost amendment", "Result released while QC failed", "Wrong blood group",
            "Delayed results during an outage", "Referral never returned");
    static final Set<String> TEST_ANNOTATIONS = Set.of("Test", "ParameterizedTest", "RepeatedTest", "TestFactory",
            "TestTemplate", "FuzzTest", "ArchTest");

    record Reference(String target, int line) {
    }

    record Control(String kind, String text, int line, List<Reference> tests) {
    }

    record Hazard(String id, String title, int line, List<String> fieldOrder, Map<String, String> fields, List<Control> controls) {
        String where() {
            return id + " " + title + " (line " + line + ")";
        }

        /** The status word the Status field starts with. */
        String status() {
            return fields.getOrDefault("Status", "").split("[\\s.:;,]", 2)[0];
        }
    }

    /** The hazards as written, and what could not be read as a hazard's part. */
    record Log(List<Hazard> hazards, List<String> unreadable) {
    }

    private static final Pattern HEADING = Pattern.compile("^#{1,6} .*");
    private static final Pattern HAZARD = Pattern.compile("^## (H-\\d{2}) (\\S.*)$");
    private static final Pattern FIELD = Pattern.compile("^- \\*\\*([^*]+):\\*\\*\\s*(.*)$");
    private static final Pattern CONTROL = Pattern.compile("^ {2}- ([A-Za-z/ ]+): (\\S.*)$");
    private static final Pattern REFERENCE = Pattern.compile("^ {4}- Test: (\\S+)\\s*$");
    private static final Pattern TARGET = Pattern.compile("^((?:[a-z][a-z0-9_]*\\.)+)([A-Z][A-Za-z0-9_]*)(?:#([A-Za-z_][A-Za-z0-9_]*))?$");

    static Log parse(String markdown) {
        List<Hazard> hazards = new ArrayList<>();
        List<String> unreadable = new ArrayList<>();
        String[] lines = markdown.split("\n", -1);
        Hazard hazard = null;
        String field = null;
        Control control = null;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].stripTrailing();
            int number = i + 1;
            Matcher m;
            if ((m = HAZARD.matcher(line)).matches()) {
                hazard = new Hazard(m.group(1), m.group(2).strip(), number, new ArrayList<>(), new HashMap<>(), new ArrayList<>());
                hazards.add(hazard);
                field = null;
                control = null;
            } else if (HEADING.matcher(line).matches()) {
                hazard = null;
            } else if (hazard == null || line.isBlank()) {
                continue;
            } else if ((m = FIELD.matcher(line)).matches()) {
                field = m.group(1).strip();
                control = null;
                hazard.fieldOrder().add(field);
                hazard.fields().merge(field, m.group(2).strip(), (a, b) -> a + " " + b);
            } else if (field == null || !line.startsWith("  ")) {
                unreadable.add(hazard.where() + ": line " + number + " is not part of a field: " + line.strip());
            } else if (field.equals("Controls") && (m = REFERENCE.matcher(line)).matches()) {
                if (control == null) {
                    unreadable.add(hazard.where() + ": line " + number + " names a test outside a control");
                } else {
                    control.tests().add(new Reference(m.group(1), number));
                }
            } else if (line.contains("Test:")) {
                unreadable.add(hazard.where() + ": line " + number + " is not written `    - Test: org.pathguard.pkg.ClassName#method`"
                        + " under a control: " + line.strip());
            } else if (field.equals("Controls") && (m = CONTROL.matcher(line)).matches()) {
                if (!CONTROL_KINDS.contains(m.group(1))) {
                    unreadable.add(hazard.where() + ": line " + number + " has the control kind \"" + m.group(1)
                            + "\"; a control is one of " + CONTROL_KINDS);
                }
                control = new Control(m.group(1), m.group(2), number, new ArrayList<>());
                hazard.controls().add(control);
            } else if (field.equals("Controls") && line.startsWith("  - ")) {
                unreadable.add(hazard.where() + ": line " + number + " is a control without its kind (Design:, Verification:, "
                        + "Procedure:): " + line.strip());
            } else {
                // A continuation line, such as one cause of several.
                hazard.fields().merge(field, line.strip(), (a, b) -> a + " " + b);
            }
        }
        return new Log(hazards, unreadable);
    }

    static List<String> fieldProblems(Log log) {
        List<String> problems = new ArrayList<>(log.unreadable());
        for (Hazard h : log.hazards()) {
            if (!h.fieldOrder().equals(FIELDS)) {
                List<String> missing = new ArrayList<>(FIELDS);
                missing.removeAll(h.fieldOrder());
                List<String> unknown = new ArrayList<>(h.fieldOrder());
                unknown.removeAll(FIELDS);
                problems.add(h.where() + ": fields " + h.fieldOrder() + " are not " + FIELDS
                        + (missing.isEmpty() ? "" : "; missing " + missing) + (unknown.isEmpty() ? "" : "; unknown " + unknown));
            }
            for (String f : FIELDS) {
                if (!f.equals("Controls") && h.fields().getOrDefault(f, "").isBlank()) {
                    problems.add(h.where() + ": " + f + " is empty");
                }
            }
            if (h.controls().isEmpty()) {
                problems.add(h.where() + ": no controls");
            }
        }
        return problems;
    }

    static List<String> ratingProblems(Log log) {
        List<String> problems = new ArrayList<>();
        for (Hazard h : log.hazards()) {
            Integer initial = rating(h, "Severity", "Likelihood", "Initial risk", problems);
            Integer residual = rating(h, "Residual severity", "Residual likelihood", "Residual risk", problems);
            String status = h.status();
            if (!STATUSES.contains(status)) {
                problems.add(h.where() + ": Status \"" + status + "\" is not one of " + STATUSES);
            }
            if (residual != null && residual >= 4 && !status.equals("Open")) {
                problems.add(h.where() + ": a residual risk of " + residual + " is unacceptable, so the hazard stays Open, not " + status);
            }
            if (initial != null && residual != null) {
                if (residual > initial) {
                    problems.add(h.where() + ": residual risk " + residual + " is above the initial " + initial);
                }
                if (SEVERITIES.indexOf(h.fields().get("Residual severity")) > SEVERITIES.indexOf(h.fields().get("Severity"))
                        || LIKELIHOODS.indexOf(h.fields().get("Residual likelihood")) > LIKELIHOODS.indexOf(h.fields().get("Likelihood"))) {
                    problems.add(h.where() + ": a control cannot make the severity or the likelihood worse");
                }
            }
        }
        return problems;
    }

    /** The matrix's rating of the hazard's severity and likelihood, or null (with the problem said) when they are not valid. */
    private static Integer rating(Hazard h, String severityField, String likelihoodField, String riskField, List<String> problems) {
        String severity = h.fields().getOrDefault(severityField, "");
        String likelihood = h.fields().getOrDefault(likelihoodField, "");
        String risk = h.fields().getOrDefault(riskField, "");
        int s = SEVERITIES.indexOf(severity);
        int l = LIKELIHOODS.indexOf(likelihood);
        if (s < 0) {
            problems.add(h.where() + ": " + severityField + " \"" + severity + "\" is not one of " + SEVERITIES);
        }
        if (l < 0) {
            problems.add(h.where() + ": " + likelihoodField + " \"" + likelihood + "\" is not one of " + LIKELIHOODS);
        }
        if (s < 0 || l < 0) {
            return null;
        }
        int expected = MATRIX[l][s];
        if (!risk.equals(String.valueOf(expected))) {
            problems.add(h.where() + ": " + riskField + " is \"" + risk + "\" but the matrix rates " + severity + " and " + likelihood
                    + " as " + expected);
        }
        return expected;
    }

    static List<String> controlProblems(Log log) {
        List<String> problems = new ArrayList<>();
        for (Hazard h : log.hazards()) {
            for (Control c : h.controls()) {
                if (PRODUCT_CONTROLS.contains(c.kind()) && c.tests().isEmpty()) {
                    problems.add(h.where() + ": the " + c.kind() + " control at line " + c.line() + " names no test: " + c.text());
                }
            }
            if (h.controls().stream().noneMatch(c -> PRODUCT_CONTROLS.contains(c.kind()) && !c.tests().isEmpty())) {
                problems.add(h.where() + ": no control with a test");
            }
        }
        return problems;
    }

    static List<String> referenceProblems(Log log, Path tests) {
        List<String> problems = new ArrayList<>();
        Map<Path, String> sources = new HashMap<>();
        for (Hazard h : log.hazards()) {
            for (Control c : h.controls()) {
                for (Reference r : c.tests()) {
                    String problem = resolve(r.target(), tests, sources);
                    if (problem != null) {
                        problems.add(h.where() + ": line " + r.line() + ", Test: " + r.target() + " — " + problem);
                    }
                }
            }
        }
        return problems;
    }

    /** Why a named test does not prove anything in this suite, or null when it is a test the build runs. */
    static String resolve(String target, Path tests, Map<Path, String> sources) {
        Matcher m = TARGET.matcher(target);
        if (!m.matches()) {
            return "not written as org.pathguard.pkg.ClassName#methodName";
        }
        String className = m.group(2);
        Path file = tests.resolve(m.group(1).replace('.', '/')).resolve(className + ".java");
        if (!Files.isRegularFile(file)) {
            return "no test class " + className + " at " + file;
        }
        if (!(className.endsWith("Test") || className.endsWith("Tests") || className.endsWith("TestCase") || className.startsWith("Test"))) {
            return className + " is not a name Surefire runs (…Test, …Tests, …TestCase, Test…)";
        }
        String code = sources.computeIfAbsent(file, HazardLogTest::code);
        Matcher declaration = Pattern.compile("\\bclass\\s+" + className + "\\b").matcher(code);
        if (!declaration.find()) {
            return file + " declares no class " + className;
        }
        Declaration type = declarationBefore(code, declaration.start());
        if (type.modifiers().contains("abstract")) {
            return className + " is abstract, so its tests run only in the classes that extend it";
        }
        if (type.annotations().contains("Disabled")) {
            return className + " is @Disabled";
        }
        String method = m.group(3);
        if (method == null) {
            return testMembers(code).isEmpty() ? className + " has no tests" : null;
        }
        List<Declaration> members = members(code, method);
        if (members.stream().anyMatch(d -> d.isTest() && !d.annotations().contains("Disabled"))) {
            return null;
        }
        if (members.stream().anyMatch(Declaration::isTest)) {
            return method + " is @Disabled";
        }
        return members.isEmpty()
                ? "no test " + method + " in " + className
                : method + " is a method of " + className + " but not a test (no @Test, @ParameterizedTest, @ArchTest… before it)";
    }

    record Declaration(Set<String> annotations, Set<String> modifiers) {
        boolean isTest() {
            return annotations.stream().anyMatch(TEST_ANNOTATIONS::contains);
        }
    }

    private static final Set<String> MODIFIERS = Set.of("public", "protected", "private", "static", "final", "abstract",
            "synchronized", "default", "sealed", "non-sealed", "strictfp");

    /** Every declaration of {@code name} as a method or a field (an {@code @ArchTest} rule), with what is written before it. */
    static List<Declaration> members(String code, String name) {
        List<Declaration> found = new ArrayList<>();
        Matcher m = Pattern.compile("\\b" + name + "\\s*[(=;]").matcher(code);
        while (m.find()) {
            int typeEnd = skipSpaceBack(code, m.start());
            int typeStart = typeStart(code, typeEnd);
            if (typeStart < typeEnd) {
                found.add(declarationBefore(code, typeStart));
            }
        }
        return found;
    }

    static Set<String> testMembers(String code) {
        Set<String> tests = new LinkedHashSet<>();
        Matcher m = Pattern.compile("\\b([A-Za-z_][A-Za-z0-9_]*)\\s*[(=]").matcher(code);
        while (m.find()) {
            if (members(code, m.group(1)).stream().anyMatch(Declaration::isTest)) {
                tests.add(m.group(1));
            }
        }
        return tests;
    }

    /** Where the type written just before {@code end} starts ({@code end} itself when there is none): void, ArchRule, Stream<DynamicTest>, int[]. */
    private static int typeStart(String code, int end) {
        if (end > 0 && code.charAt(end - 1) == '.') {
            return end; // a call on something: x.name(
        }
        int i = end;
        while (i > 0 && (code.charAt(i - 1) == ']' || code.charAt(i - 1) == '[')) {
            i = skipSpaceBack(code, i - 1);
        }
        if (i > 0 && code.charAt(i - 1) == '>') {
            if (i > 1 && code.charAt(i - 2) == '-') {
                return end; // a lambda's body: x -> name(
            }
            i = skipSpaceBack(code, matchingBack(code, i - 1, '<', '>'));
        }
        int start = identifierStart(code, i);
        String type = code.substring(start, i);
        return type.isEmpty() || NOT_TYPES.contains(type) || MODIFIERS.contains(type) ? end : start;
    }

    /** Words that can stand before a call and are not a declared type. */
    private static final Set<String> NOT_TYPES = Set.of("new", "return", "else", "throw", "case", "yield", "assert", "do");

    /** The annotations and modifiers written before the declaration that starts at {@code start}. */
    private static Declaration declarationBefore(String code, int start) {
        Set<String> annotations = new LinkedHashSet<>();
        Set<String> modifiers = new LinkedHashSet<>();
        int i = skipSpaceBack(code, start);
        while (i > 0) {
            int before = i;
            if (code.charAt(i - 1) == ')') {
                i = skipSpaceBack(code, matchingBack(code, i - 1, '(', ')'));
            }
            int nameStart = identifierStart(code, i);
            String word = code.substring(nameStart, i);
            int at = skipSpaceBack(code, nameStart);
            if (!word.isEmpty() && at > 0 && code.charAt(at - 1) == '@') {
                annotations.add(word.substring(word.lastIndexOf('.') + 1));
                i = skipSpaceBack(code, at - 1);
            } else if (before == i && MODIFIERS.contains(word)) {
                modifiers.add(word);
                i = at;
            } else {
                break;
            }
        }
        return new Declaration(annotations, modifiers);
    }

    private static int identifierStart(String code, int end) {
        int i = end;
        while (i > 0 && (Character.isJavaIdentifierPart(code.charAt(i - 1)) || code.charAt(i - 1) == '.')) {
            i--;
        }
        return i;
    }

    private static int skipSpaceBack(String code, int end) {
        int i = end;
        while (i > 0 && Character.isWhitespace(code.charAt(i - 1))) {
            i--;
        }
        return i;
    }

    /** The position of the {@code open} that matches the {@code close} at {@code closeAt}. */
    private static int matchingBack(String code, int closeAt, char open, char close) {
        int depth = 0;
        for (int i = closeAt; i >= 0; i--) {
            char c = code.charAt(i);
            if (c == close) {
                depth++;
            } else if (c == open && --depth == 0) {
                return i;
            }
        }
        return 0;
    }

    /** The Java source with comments, strings, text blocks and characters blanked (newlines kept), so only code is searched. */
    static String code(Path file) {
        try {
            return code(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String code(String source) {
        StringBuilder out = new StringBuilder(source);
        int i = 0;
        while (i < source.length()) {
            int end;
            if (source.startsWith("//", i)) {
                end = source.indexOf('\n', i);
                end = end < 0 ? source.length() : end;
            } else if (source.startsWith("/*", i)) {
                end = source.indexOf("*/", i + 2);
                end = end < 0 ? source.length() : end + 2;
            } else if (source.startsWith("\"\"\"", i)) {
                end = source.indexOf("\"\"\"", i + 3);
                while (end > 0 && source.charAt(end - 1) == '\\') {
                    end = source.indexOf("\"\"\"", end + 1);
                }
                end = end < 0 ? source.length() : end + 3;
            } else if (source.charAt(i) == '"' || source.charAt(i) == '\'') {
                char quote = source.charAt(i);
                end = i + 1;
                while (end < source.length() && source.charAt(end) != quote && source.charAt(end) != '\n') {
                    end += source.charAt(end) == '\\' ? 2 : 1;
                }
                end = Math.min(end + 1, source.length());
            } else {
                i++;
                continue;
            }
            for (int j = i; j < end; j++) {
                if (out.charAt(j) != '\n') {
                    out.setCharAt(j, ' ');
                }
            }
            i = end;
        }
        return out.toString();
    }

    static List<String> duplicateIds(Log log) {
        Map<String, Hazard> seen = new HashMap<>();
        List<String> problems = new ArrayList<>();
        for (Hazard h : log.hazards()) {
            Hazard first = seen.putIfAbsent(h.id(), h);
            if (first != null) {
                problems.add(h.where() + ": " + h.id() + " is already " + first.where());
            }
        }
        return problems;
    }

    static Log theLog() {
        try {
            return parse(Files.readString(LOG));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void everyHazardHasEveryFieldInOrderAndAtLeastOneControl() {
        Log log = theLog();
        assertThat(log.hazards()).as("hazards in " + LOG).hasSizeGreaterThanOrEqualTo(REQUIRED.size());
        assertThat(fieldProblems(log)).as("hazards with a field missing, empty, out of order or unreadable").isEmpty();
    }

    @Test
    void everyRatingIsTheMatrixsForItsSeverityAndLikelihood() {
        assertThat(ratingProblems(theLog())).as("ratings that are not the matrix's, or statuses that do not follow from them").isEmpty();
    }

    @Test
    void everyControlInTheProductNamesATestAndEveryHazardHasOne() {
        assertThat(controlProblems(theLog())).as("Design and Verification controls without a test").isEmpty();
    }

    @Test
    void everyTestNamedIsATestOfTheSuite() {
        Log log = theLog();
        assertThat(log.hazards().stream().mapToLong(h -> h.controls().stream().mapToLong(c -> c.tests().size()).sum()).sum())
                .as("tests named in the log").isGreaterThan(0);
        assertThat(referenceProblems(log, TESTS)).as("tests named in " + LOG + " that are not tests in " + TESTS).isEmpty();
    }

    @Test
    void hazardIdsAreUnique() {
        assertThat(duplicateIds(theLog())).isEmpty();
    }

    @Test
    void theHazardsTheIssueAsksForAreLogged() {
        List<String> titles = theLog().hazards().stream().map(Hazard::title).toList();
        assertThat(titles).as("hazard titles").containsAll(REQUIRED);
    }

    /** The matrix printed at the top of the log is the one the ratings are checked against. */
    @Test
    void theMatrixInTheLogIsTheOneTheRatingsAreCheckedAgainst() throws IOException {
        List<String> lines = Files.readAllLines(LOG);
        for (int l = 0; l < LIKELIHOODS.size(); l++) {
            StringBuilder row = new StringBuilder("| " + LIKELIHOODS.get(l) + " |");
            for (int rating : MATRIX[l]) {
                row.append(' ').append(rating).append(" |");
            }
            assertThat(lines).as("the log's matrix row for " + LIKELIHOODS.get(l)).contains(row.toString());
        }
        assertThat(lines).contains("| likelihood \\ severity | " + String.join(" | ", SEVERITIES) + " |");
    }

    /** The safety case's summary table has one row per hazard, with the log's title, ratings and status. */
    @Test
    void theSafetyCasesSummaryIsTheLogs() throws IOException {
        Set<String> rows = new LinkedHashSet<>();
        for (String line : Files.readAllLines(SAFETY_CASE)) {
            if (line.startsWith("| H-")) {
                rows.add(line.strip());
            }
        }
        List<String> expected = theLog().hazards().stream()
                .map(h -> "| " + h.id() + " " + h.title() + " | " + h.fields().get("Initial risk") + " | "
                        + h.fields().get("Residual risk") + " | " + h.status() + " |")
                .toList();
        assertThat(rows).as("the summary in " + SAFETY_CASE + ", against " + LOG).containsExactlyElementsOf(expected);
    }

    /** Each check finds what it is there to find, and names the hazard and the reference. */
    @Test
    void theChecksFindWhatTheyLookFor() {
        Log log = parse("""
                # A log
                - **Hazard:** not in a hazard: ignored

                ## H-01 Wrong patient
                - **Hazard:** A result for another patient.
                - **Causes:** swapped tubes
                - **Effect:** harm
                - **Severity:** Major
                - **Likelihood:** Often
                - **Initial risk:** 3
                - **Controls:**
                  - Design: a check with no test.
                  - Procedure: a procedure.
                  - Guess: not a kind.
                - **Residual severity:** Major
                - **Residual likelihood:** Low
                - **Residual risk:** 2
                - **Status:** Closed

                ## H-01 Wrong result
                - **Hazard:** A wrong value.
                - **Causes:** typing
                - **Controls:**
                  - Design: checks.
                    - Test: org.pathguard.NoSuchTest#anything
                    - Test: org.pathguard.LabWorkflowApiTest#noSuchMethod
                    - Test: org.pathguard.safety.HazardLogTest#parse
                    - Test: org.pathguard.ui.ScreensOnADemoDay
                    - Test: pathguard/LabWorkflowApiTest
                    - Test: org.pathguard.LabWorkflowApiTest#amendmentKeepsEveryEarlierValueAndReissuesTheReport
                    - Test: org.pathguard.ArchitectureTest#featuresHaveNoCycles
                    - Test: org.pathguard.lab.UnitsTest
                  Test: org.pathguard.LabWorkflowApiTest#openApiDescriptionIsServed
                - **Effect:** harm
                - **Severity:** Catastrophic
                - **Likelihood:** Low
                - **Initial risk:** 4
                - **Residual severity:** Catastrophic
                - **Residual likelihood:** Low
                - **Residual risk:** 4
                - **Status:** Closed
                stray words
                """);
        assertThat(log.hazards()).extracting(Hazard::id).containsExactly("H-01", "H-01");

        assertThat(fieldProblems(log)).satisfiesExactlyInAnyOrder(
                p -> assertThat(p).startsWith("H-01 Wrong patient (line 4): line 14 has the control kind \"Guess\""),
                p -> assertThat(p).startsWith("H-01 Wrong result (line 20)").contains("line 33 is not written `    - Test:"),
                p -> assertThat(p).startsWith("H-01 Wrong result (line 20)").contains("line 42 is not part of a field: stray words"),
                p -> assertThat(p).startsWith("H-01 Wrong result (line 20): fields [Hazard, Causes, Controls, Effect,"));
        assertThat(ratingProblems(log)).containsExactlyInAnyOrder(
                "H-01 Wrong patient (line 4): Likelihood \"Often\" is not one of " + LIKELIHOODS,
                "H-01 Wrong patient (line 4): Residual risk is \"2\" but the matrix rates Major and Low as 3",
                "H-01 Wrong result (line 20): a residual risk of 4 is unacceptable, so the hazard stays Open, not Closed");
        assertThat(controlProblems(log)).containsExactly(
                "H-01 Wrong patient (line 4): the Design control at line 12 names no test: a check with no test.",
                "H-01 Wrong patient (line 4): no control with a test");
        assertThat(duplicateIds(log)).containsExactly("H-01 Wrong result (line 20): H-01 is already H-01 Wrong patient (line 4)");

        List<String> references = referenceProblems(log, TESTS);
        assertThat(references).hasSize(5);
        assertThat(references.get(0)).startsWith("H-01 Wrong result (line 20): line 25, Test: org.pathguard.NoSuchTest#anything — no test class NoSuchTest");
        assertThat(references.get(1)).endsWith("no test noSuchMethod in LabWorkflowApiTest");
        assertThat(references.get(2)).endsWith("parse is a method of HazardLogTest but not a test (no @Test, @ParameterizedTest, @ArchTest… before it)");
        assertThat(references.get(3)).endsWith("ScreensOnADemoDay is not a name Surefire runs (…Test, …Tests, …TestCase, Test…)");
        assertThat(references.get(4)).endsWith("not written as org.pathguard.pkg.ClassName#methodName");
    }

    /** Comments, strings and text blocks are not code: a test named only there is not a test. */
    @Test
    void onlyCodeCountsAsADeclaration() {
        String source = """
                class ExampleTest {
                    // @Test void commented() {}
                    String s = "@Test void quoted() {}";
                    @Test
                    @DisplayName("a (name) with {braces}")
                    void real() {}
                    @ParameterizedTest(name = "{0}")
                    @CsvSource(delimiter = '|', value = {"a|b", "{ratio}|c"})
                    public void parameterised(String a, String b) {}
                    @org.junit.jupiter.api.Test @Disabled void disabled() {}
                    @ArchTest
                    static final ArchRule rule = null;
                    @AfterAll static void notATest() {}
                    @TestFactory java.util.stream.Stream<DynamicTest> factory() { return null; }
                    void helper() { real(); }
                }
                """;
        String code = code(source);
        assertThat(testMembers(code)).containsExactly("real", "parameterised", "disabled", "rule", "factory");
        assertThat(members(code, "disabled")).singleElement().satisfies(d -> assertThat(d.annotations()).contains("Disabled"));
        assertThat(members(code, "commented")).isEmpty();
        assertThat(members(code, "helper")).singleElement().satisfies(d -> assertThat(d.isTest()).isFalse());
    }
}
