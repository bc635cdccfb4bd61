package org.pathguard.bench;

import org.pathguard.access.Actor;
import org.pathguard.lab.NhsNumber;
import org.pathguard.lab.Priority;
import org.pathguard.lab.Sex;
import org.pathguard.order.OrderDesk;
import org.pathguard.order.OrderRequest;
import org.pathguard.patient.PatientRegistry;
import org.pathguard.patient.Registration;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A leaked dump made on purpose, with known answers: the lab's patients planted in every format a dump holds and
 * every spelling of their identifiers, beside decoys that must not count (bad check digits, valid NHS numbers of
 * people the lab never saw, phone numbers, ten digits inside a longer number, a date that is no date of birth), a
 * name alone and a number under someone else's name (possible only), other encodings, and files no reader can read
 * (a corrupt PDF, a password-protected DOCX, a zip bomb) in the middle of the walk. Used by the end-to-end test and
 * the breach benchmark: {@link #register} puts the people in a lab, {@link #write} lays the dump down, and
 * {@link #answers} says what a scan must find.
 *
 * <p>Formats other than plain text are written by the reader's {@code SampleDocuments} entry (its libraries are the
 * reader's, not the lab's), through {@link SampleWriter}.
 */
public final class PlantedCorpus {

    /**
     * One person of the corpus. {@code registered} people are the lab's patients (placed an order by
     * {@code requesterOds}); the others are people the lab never saw, whose valid NHS numbers are other controllers'.
     */
    public record Person(String key, String family, String given, LocalDate dateOfBirth, String nhsNumber, String hospitalNumber,
                         String postcode, String requesterOds, boolean registered) {
    }

    /**
     * What a scan of the dump must find (with the bulk patients among the confirmed, once {@link BulkFiles} has
     * planted them).
     *
     * @param confirmed                  keys of the people confirmed
     * @param possible                   keys of the people possible only
     * @param otherControllersNhsNumbers distinct valid NHS numbers of people the lab never saw
     * @param unreadable                 paths in the dump of the documents that cannot be read
     * @param organisations              for files whose only hits are confirmed patients: the organisations whose
     *                                   patients it holds (their requesters and the codes written in the file)
     */
    public record Answers(Set<String> confirmed, Set<String> possible, int otherControllersNhsNumbers, Set<String> unreadable,
                          Map<String, Set<String>> organisations) {
    }

    /** The lab's requesters in the corpus, each a controller of the patients it sends. */
    public static final List<String> REQUESTERS = List.of("G85001", "RJ122", "G85038", "RJ224");
    private static final Actor SET_UP = new Actor("breach.corpus", Actor.Role.LAB_MANAGER);

    private static final String[][] NAMES = {
            {"Fairbrother", "Imogen"}, {"Okonkwo", "Chidi"}, {"Pemberton", "Lucinda"}, {"Halvorsen", "Magnus"},
            {"Quennell", "Beatrix"}, {"Ashcombe", "Rupert"}, {"Villiers", "Octavia"}, {"Tregothnan", "Morwenna"},
            {"Abernethy", "Fergus"}, {"Kowalczyk", "Agnieszka"}, {"Balasubramaniam", "Priya"}, {"Featherstonehaugh", "Ptolemy"},
            {"Lindqvist", "Astrid"}, {"Nwachukwu", "Obinna"}, {"O'Brien", "Zoë"}, {"Montgomerie", "Hamish"},
            {"Castellano", "Valentina"}, {"Whitlock", "Jethro"}, {"Lefèvre", "Renée"}, {"Nakagawa", "Haruki"},
            {"Drummond", "Isla"}, {"Szymanski", "Tadeusz"}, {"Penhaligon", "Demelza"}, {"Achterberg", "Willem"},
            {"Winterbottom", "Harriet"}, {"Ravenscroft", "Cordelia"},
            // Registered, and named in the dump only by decoys: none may be found.
            {"Underhill", "Perpetua"}, {"Blackwood", "Caspian"}, {"Eversley", "Marigold"},
            // Confirmed in tables of a letter and a web page.
            {"Cartwright", "Philippa"}, {"Oyelaran", "Babatunde"},
    };
    /** People the lab never saw: their names and numbers must not be listed. */
    private static final String[][] STRANGERS = {{"Quigley", "Tamsin"}, {"Trelawney", "Oliver"}, {"Mountbatten", "Seraphina"}};

    private final List<Person> patients;
    private final List<Person> strangers;
    private final List<Person> bulk;

    /** The known-answer corpus alone. */
    public PlantedCorpus() {
        this(0);
    }

    /**
     * The known-answer corpus and {@code bulkPatients} more of the lab's patients, for the benchmark: invented names
     * (syllables, so none is a common word), each planted once in the bulk files by one confirming identifier.
     */
    public PlantedCorpus(int bulkPatients) {
        var numbers = new NhsNumbers(404_861_000L);
        patients = new ArrayList<>();
        for (int i = 0; i < NAMES.length; i++) {
            patients.add(new Person("P%02d".formatted(i + 1), NAMES[i][0], NAMES[i][1],
                    LocalDate.of(1940 + i * 2, 1 + i % 12, 1 + (i * 7) % 28), numbers.next(),
                    "RX%06d".formatted(104_000 + i * 37), "SE%d %dRS".formatted(1 + i % 9, 1 + i % 9),
                    REQUESTERS.get(i % REQUESTERS.size()), true));
        }
        strangers = new ArrayList<>();
        for (int i = 0; i < STRANGERS.length; i++) {
            strangers.add(new Person("X%02d".formatted(i + 1), STRANGERS[i][0], STRANGERS[i][1], LocalDate.of(1971, 4, 3 + i),
                    numbers.next(), null, null, null, false));
        }
        var random = new java.util.Random(18);
        bulk = new ArrayList<>();
        for (int i = 0; i < bulkPatients; i++) {
            bulk.add(new Person("B%06d".formatted(i + 1), inventedName(random, 3), inventedName(random, 2),
                    LocalDate.of(1930 + random.nextInt(85), 1 + random.nextInt(12), 1 + random.nextInt(28)), numbers.next(),
                    "RY%06d".formatted(i + 1), "N%d %dAB".formatted(1 + i % 20, i % 10), REQUESTERS.get(i % REQUESTERS.size()), true));
        }
        patients.addAll(bulk);
    }

    private static final String[] SYLLABLES = {"ka", "ro", "vin", "tel", "mar", "qu", "zan", "bel", "dor", "fen", "gha", "lis",
            "mo", "nek", "pra", "sul", "tor", "vey", "wik", "yar", "zel", "bra", "cor", "dus"};

    private static String inventedName(java.util.Random random, int syllables) {
        var s = new StringBuilder();
        for (int i = 0; i < syllables; i++) {
            s.append(SYLLABLES[random.nextInt(SYLLABLES.length)]);
        }
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    /** The lab's patients: the known-answer ones (P01...) and the bulk ones (B000001...). */
    public List<Person> patients() {
        return patients;
    }

    /** The bulk patients, each to be planted once by {@link BulkFiles}. */
    public List<Person> bulk() {
        return bulk;
    }

    private Person p(int n) {
        return patients.get(n - 1);
    }

    /** Registers the lab's patients and places one order each from its requester; their ids by key. */
    public Map<String, UUID> register(PatientRegistry registry, OrderDesk orders) {
        Map<String, UUID> ids = new LinkedHashMap<>();
        for (Person person : patients) {
            var requester = new Actor("corpus." + person.requesterOds().toLowerCase(Locale.ROOT), Actor.Role.REQUESTER,
                    person.requesterOds(), null);
            UUID id = registry.register(requester, new Registration(person.nhsNumber(), person.hospitalNumber(), person.family(),
                    person.given(), person.dateOfBirth(), Sex.FEMALE, person.postcode())).id();
            orders.place(requester, new OrderRequest(id, null, null, null, person.requesterOds(), "Dr Corpus", Priority.ROUTINE,
                    null, "CORPUS-" + person.key(), null, List.of("UE"), List.of()));
            ids.put(person.key(), id);
        }
        return ids;
    }

    public Answers answers() {
        Set<String> confirmed = Stream.of(patients.subList(0, 24), patients.subList(29, 31), bulk).flatMap(List::stream).map(Person::key)
                .collect(Collectors.toCollection(LinkedHashSet::new));
        Map<String, Set<String>> organisations = new LinkedHashMap<>();
        organisations.put("a-results/potassium-2024.csv", Set.of(p(1).requesterOds(), p(2).requesterOds()));
        organisations.put("b-letters/clinic-letter.docx", Set.of(p(3).requesterOds(), "RJ224"));
        organisations.put("c-sheets/ward-list.xlsx", Set.of(p(5).requesterOds(), p(6).requesterOds()));
        return new Answers(confirmed, Set.of("P25", "P26"), strangers.size(),
                Set.of("m-middle/corrupt.pdf", "m-middle/protected.docx", "m-middle/bomb.zip"), organisations);
    }

    /**
     * Lays the dump down in {@code dump}; {@code staging} holds the inputs of the formats written by the reader.
     * Every path in {@link Answers} is relative to {@code dump}.
     */
    public void write(Path dump, Path staging, SampleWriter writer) throws IOException {
        Files.createDirectories(dump);
        Files.createDirectories(staging);
        var requests = new Requests(dump, staging);
        Person x1 = strangers.get(0);
        Person x2 = strangers.get(1);
        Person x3 = strangers.get(2);

        // A results table: one NHS number as stored, one spaced; a stranger's valid number and a bad check digit.
        requests.text("a-results/potassium-2024.csv", "UTF-8", List.of(
                "Surname,Forename,DOB,NHS number,Test,Result,Units",
                row(p(1), p(1).nhsNumber(), dmy(p(1))) + ",Potassium,4.1,mmol/L",
                row(p(2), spaced(p(2).nhsNumber()), dmy(p(2))) + ",Potassium,6.3,mmol/L",
                row(x1, x1.nhsNumber(), dmy(x1)) + ",Potassium,3.9,mmol/L",
                row(x3, badCheckDigit(p(28).nhsNumber()), "03/04/1971") + ",Sodium,139,mmol/L"));

        // A letter: name and date of birth on neighbouring lines, the requesting practice named.
        requests.document("docx", "b-letters/clinic-letter.docx", List.of(
                "Copy to RJ224", "Dear Dr Patel,", "Re: Mrs " + p(3).given() + " " + p(3).family(),
                "Date of birth: " + ordinal(p(3).dateOfBirth().getDayOfMonth()) + " "
                        + p(3).dateOfBirth().format(DateTimeFormatter.ofPattern("MMMM yyyy", Locale.UK)),
                "Clinical details: ?hypothyroidism, tired all the time", "TSH 8.9 mU/L"));
        requests.document("pdf", "b-letters/discharge.pdf", List.of(
                "Discharge summary", "Hospital number: " + p(4).hospitalNumber(), "Name: " + p(4).family().toUpperCase(Locale.ROOT)
                        + ", " + p(4).given(), "Diagnosis: community acquired pneumonia. CRP 187 mg/L"));

        // Workbooks: a hospital number column, NHS numbers as spreadsheet numbers, a name and date of birth row.
        requests.rows("xlsx", "c-sheets/ward-list.xlsx", List.of(
                List.of("Hospital No", "Surname", "First name", "DOB", "NHS number"),
                List.of(p(5).hospitalNumber(), p(5).family(), p(5).given(), dmy(p(5)), ""),
                List.of("", p(6).family(), p(6).given(), dmy(p(6)), p(6).nhsNumber())));
        requests.rows("xls", "c-sheets/old-list.xls", List.of(List.of("NHS No", "Test", "Result"),
                List.of(p(7).nhsNumber(), "HbA1c", "71")));
        requests.rows("ods", "c-sheets/audit.ods", List.of(List.of("Surname", "Forename", "Date of birth", "Test"),
                List.of(p(8).family(), p(8).given(), p(8).dateOfBirth().toString(), "Ferritin")));

        // Mail: a body and an attached workbook, an Outlook message, an mbox of two messages.
        Path attached = requests.staged("attached.xlsx", "xlsx", rowsText(List.of(List.of("Surname", "Forename", "DOB"),
                List.of(p(10).family(), p(10).given(), dmy(p(10))))));
        requests.add("eml", "d-mail/results.eml", requests.input("results-eml", List.of("Please see below and attached.",
                "Name: " + p(9).family().toUpperCase(Locale.ROOT) + ", " + p(9).given() + "  DOB "
                        + p(9).dateOfBirth().format(DateTimeFormatter.ofPattern("dd.MM.yyyy")))), attached.toString());
        requests.document("msg", "d-mail/forwarded.msg", List.of("FW: results", "NHS No " + hyphenated(p(11).nhsNumber()) + " eGFR 38"));
        requests.add("mbox", "d-mail/archive.mbox",
                requests.input("mbox-1", List.of("Mr " + p(12).given() + " " + p(12).family() + " born "
                        + p(12).dateOfBirth().format(DateTimeFormatter.ofPattern("dd-MMM-yyyy", Locale.UK)).toUpperCase(Locale.ROOT))),
                requests.input("mbox-2", List.of("Patient NHS number " + spaced(p(13).nhsNumber()) + ", INR 4.8")));

        // The web and office formats.
        requests.document("html", "e-web/page.html", List.of("Results list", "NHS number: " + p(14).nhsNumber() + " Potassium 5.9 mmol/L"));
        requests.document("rtf", "e-web/notes.rtf", List.of("Name: " + p(15).family().toUpperCase(Locale.ROOT) + ", " + p(15).given()
                + "  DOB " + dmy(p(15))));
        requests.document("odt", "f-office/minutes.odt", List.of("Minutes of the incident review",
                "Patient: " + p(16).given() + " " + p(16).family() + ", date of birth "
                        + p(16).dateOfBirth().format(DateTimeFormatter.ofPattern("MMM d yyyy", Locale.UK))));
        requests.document("pptx", "f-office/slides.pptx", List.of("Case review", "NHS " + spaced(p(17).nhsNumber())));

        // Tables in a letter and a web page: each row one person, the header naming the columns.
        requests.rows("docx-table", "f-office/clinic-list.docx", List.of(List.of("Surname", "First name", "Date of birth", "Clinic"),
                List.of(p(30).family(), p(30).given(), dmy(p(30)), "Diabetes")));
        requests.rows("html-table", "e-web/list.html", List.of(List.of("Name", "NHS number", "Test"),
                List.of(p(31).given() + " " + p(31).family(), spaced(p(31).nhsNumber()), "HbA1c")));

        // Other encodings: UTF-16 with a byte-order mark, Windows-1252 with a two-digit year.
        requests.text("g-text/unicode.txt", "UTF-16", List.of("NHS number " + p(18).nhsNumber() + " Sodium 128 mmol/L"));
        requests.text("g-text/legacy.txt", "windows-1252", List.of("Name: " + p(19).family() + ", " + p(19).given() + "  DOB "
                + p(19).dateOfBirth().format(DateTimeFormatter.ofPattern("d/M/yy"))));
        requests.text("g-text/utf8-bom.txt", "UTF-8-BOM", List.of("Hospital number " + p(22).hospitalNumber() + " Troponin 52 ng/L"));

        // Archives, nested: a zip of a letter, a 7z of a workbook, a tar of a document, a gzipped CSV, five zips deep.
        requests.add("zip", "h-archives/letters.zip", requests.staged("letter-20.docx", "docx",
                List.of("Name: " + p(20).given() + " " + p(20).family(), "DOB: " + dmy(p(20)))).toString());
        requests.add("7z", "h-archives/backup.7z", requests.staged("list-21.xls", "xls",
                rowsText(List.of(List.of("NHS number", "Test"), List.of(p(21).nhsNumber(), "Calcium")))).toString());
        requests.add("tar", "h-archives/share.tar", requests.staged("minutes-23.odt", "odt",
                List.of("Hospital number " + p(23).hospitalNumber())).toString());
        Path csv = requests.stagedText("extract.csv", List.of("surname,forename,dob", p(24).family() + "," + p(24).given() + ","
                + p(24).dateOfBirth().format(DateTimeFormatter.ISO_LOCAL_DATE)));
        requests.add("gz", "h-archives/extract.csv.gz", csv.toString());
        Path deep = requests.stagedText("deep.txt", List.of("NHS number " + spaced(p(1).nhsNumber())));
        requests.add("nested-zip", "h-archives/deep.zip", "5", deep.toString());
        Path filler = requests.stagedText("filler.txt", List.of("Nothing to see here."));
        requests.add("nested-zip", "h-archives/very-deep.zip", "100", filler.toString());

        // Possible only: a name alone; a number under the name of someone the lab never saw.
        requests.text("i-possible/phone-notes.txt", "UTF-8", List.of("Telephone note", "Patient: " + p(25).given() + " " + p(25).family(),
                "Asked about her cholesterol result"));
        requests.text("i-possible/wrong-name.txt", "UTF-8", List.of("Name: " + x2.given() + " " + x2.family() + "  DOB 14/09/1966  NHS "
                + spaced(p(26).nhsNumber())));

        // Unreadable, in the middle of the walk.
        requests.add("corrupt", "m-middle/corrupt.pdf");
        requests.add("docx-password", "m-middle/protected.docx", requests.input("protected", List.of("NHS " + p(1).nhsNumber())), "letmein");
        requests.add("zip-bomb", "m-middle/bomb.zip", "64");

        // Decoys that must not count: bad check digits, ten digits in a longer run, phone numbers, strangers'
        // numbers, a patient's family name beside a date that is not their date of birth.
        requests.text("n-decoys/numbers.txt", "UTF-8", List.of(
                "Reference 12" + p(27).nhsNumber() + "45 and order 9" + p(27).nhsNumber(),
                "Call 020 7946 0958 or 07700 900123 before 5pm",
                "Invalid: " + badCheckDigit(p(28).nhsNumber()) + " and " + spaced(badCheckDigit(p(29).nhsNumber())),
                "Other trust's patients: " + spaced(x2.nhsNumber()) + ", " + x3.nhsNumber() + ", " + x1.nhsNumber(),
                "Meeting with Mr " + p(29).family() + " on 04/03/2024 about " + p(27).family() + " 2024-03-05"));

        writer.write(requests.lines, staging);
    }

    private static String row(Person person, String nhs, String dob) {
        return person.family() + "," + person.given() + "," + dob + "," + nhs;
    }

    private static String dmy(Person person) {
        return person.dateOfBirth().format(DateTimeFormatter.ofPattern("dd/MM/yyyy"));
    }

    private static String ordinal(int day) {
        String suffix = day % 10 == 1 && day != 11 ? "st" : day % 10 == 2 && day != 12 ? "nd" : day % 10 == 3 && day != 13 ? "rd" : "th";
        return day + suffix;
    }

    static String spaced(String nhs) {
        return nhs.substring(0, 3) + " " + nhs.substring(3, 6) + " " + nhs.substring(6);
    }

    private static String hyphenated(String nhs) {
        return nhs.substring(0, 3) + "-" + nhs.substring(3, 6) + "-" + nhs.substring(6);
    }

    /** The same number with its check digit wrong. */
    static String badCheckDigit(String nhs) {
        return nhs.substring(0, 9) + (char) ('0' + (nhs.charAt(9) - '0' + 1) % 10);
    }

    private static List<String> rowsText(List<List<String>> rows) {
        return rows.stream().map(r -> String.join("\t", r)).toList();
    }

    /** Valid NHS numbers in the range issued in England, from a counter: the same corpus every time. */
    static final class NhsNumbers {
        private long next;

        NhsNumbers(long firstNineDigits) {
            next = firstNineDigits;
        }

        String next() {
            while (true) {
                var number = NhsNumber.withCheckDigit(Long.toString(next++));
                if (number.isPresent()) {
                    return number.get().value();
                }
            }
        }
    }

    /** The requests for the reader's SampleDocuments, and the plain inputs they name. */
    private static final class Requests {
        private final Path dump;
        private final Path staging;
        private final List<String> lines = new ArrayList<>();

        Requests(Path dump, Path staging) {
            this.dump = dump;
            this.staging = staging;
        }

        void add(String format, String pathInDump, String... args) {
            lines.add(Stream.concat(Stream.of(format, dump.resolve(pathInDump).toString()), Stream.of(args))
                    .collect(Collectors.joining("\t")));
        }

        String input(String name, List<String> text) throws IOException {
            Path file = staging.resolve(name + ".in");
            Files.write(file, text, StandardCharsets.UTF_8);
            return file.toString();
        }

        void text(String pathInDump, String charset, List<String> text) throws IOException {
            add("text", pathInDump, charset, input(pathInDump.replace('/', '_'), text));
        }

        void document(String format, String pathInDump, List<String> text) throws IOException {
            add(format, pathInDump, input(pathInDump.replace('/', '_'), text));
        }

        void rows(String format, String pathInDump, List<List<String>> rows) throws IOException {
            document(format, pathInDump, rowsText(rows));
        }

        /** A document written into staging, to be put inside an archive or attached: requested before its container. */
        Path staged(String name, String format, List<String> text) throws IOException {
            Path out = staging.resolve("members").resolve(name);
            lines.add(String.join("\t", format, out.toString(), input(name, text)));
            return out;
        }

        Path stagedText(String name, List<String> text) throws IOException {
            Path out = staging.resolve("members").resolve(name);
            Files.createDirectories(out.getParent());
            Files.write(out, text, StandardCharsets.UTF_8);
            return out;
        }
    }

    /** Runs the reader jar's SampleDocuments entry on a list of requests. */
    public record SampleWriter(Path readerJar) {

        /**
         * The reader jar the build puts beside the lab's code: target/breach-reader/ next to target/pathguard.jar (the
         * launcher's) or target/classes (the tests').
         */
        public static SampleWriter besideBuild() {
            java.io.File code = new org.springframework.boot.system.ApplicationHome(PlantedCorpus.class).getSource();
            Path target = code == null ? Path.of("target") : code.toPath().toAbsolutePath().getParent();
            return new SampleWriter(target.resolve("breach-reader").resolve("pathguard-breach-reader.jar"));
        }

        void write(List<String> requests, Path staging) throws IOException {
            if (!Files.isRegularFile(readerJar)) {
                throw new IOException("The breach reader's jar is not built at " + readerJar + " (./mvnw -DskipTests package builds it)");
            }
            Files.createDirectories(staging);
            Path errors = staging.resolve("sample-documents.err");
            String javaCommand = ProcessHandle.current().info().command().orElse("java");
            Process process = new ProcessBuilder(javaCommand, "-cp", readerJar + java.io.File.pathSeparator
                    + readerJar.resolveSibling("lib") + "/*", "org.pathguard.reader.SampleDocuments")
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    // Its libraries complain of having no logger on every run: kept aside, shown only on failure.
                    .redirectError(errors.toFile()).start();
            try (var in = process.getOutputStream()) {
                in.write((String.join("\n", requests) + "\n").getBytes(StandardCharsets.UTF_8));
            }
            try {
                if (process.waitFor() != 0) {
                    throw new IOException("SampleDocuments failed (exit " + process.exitValue() + "): " + Files.readString(errors));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while writing the corpus", e);
            }
        }
    }
}
