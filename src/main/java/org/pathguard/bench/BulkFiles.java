package org.pathguard.bench;

import org.pathguard.bench.PlantedCorpus.Person;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The bulk of the benchmark's dump: gigabytes of what a shared drive holds (results tables of people the lab never
 * saw, analyser logs, minutes, phone numbers, reference numbers, mistyped NHS numbers), with the corpus's bulk
 * patients planted once each by one confirming identifier: an NHS number (spaced, hyphenated, plain), a hospital
 * number, or a name with a date of birth. Plain text is written here at disk speed from a pool of lines; other
 * formats through the reader's SampleDocuments.
 */
public final class BulkFiles {

    private static final long PLAIN_FILE = 64L << 20;
    private static final int POOL = 4_096;
    private static final int DOCUMENT_LINES = 5_000;
    private static final String CSV_HEADER = "Surname,Forename,DOB,NHS number,Hospital number,Test,Result,Units";
    private static final List<String> MIXED_FORMATS = List.of("xlsx", "docx", "pdf", "html", "odt", "eml", "zip", "gz", "xls", "7z", "rtf");
    private static final String[][] TESTS = {{"Potassium", "mmol/L"}, {"Sodium", "mmol/L"}, {"Creatinine", "umol/L"},
            {"HbA1c", "mmol/mol"}, {"CRP", "mg/L"}, {"Ferritin", "ug/L"}, {"TSH", "mU/L"}};
    private static final DateTimeFormatter DMY = DateTimeFormatter.ofPattern("dd/MM/yyyy");
    private static final DateTimeFormatter D_MMM_Y = DateTimeFormatter.ofPattern("d MMM yyyy", Locale.UK);

    private final Random random = new Random(2024);
    private final List<String> csvPool = new ArrayList<>();
    private final List<String> textPool = new ArrayList<>();
    /** The valid stranger's NHS number each pool line holds (null for none), to count those written. */
    private final String[] csvStranger = new String[POOL];
    private final String[] textStranger = new String[POOL];
    private final Set<String> strangersWritten = new HashSet<>();

    public BulkFiles() {
        var strangers = new PlantedCorpus.NhsNumbers(650_000_000L);
        for (int i = 0; i < POOL; i++) {
            // Four syllables: no stranger shares a bulk patient's family name (three), nor so a patient's blind index.
            String family = invented(4);
            String given = invented(2);
            LocalDate born = LocalDate.of(1925 + random.nextInt(95), 1 + random.nextInt(12), 1 + random.nextInt(28));
            String nhs = strangers.next();
            String[] test = TESTS[random.nextInt(TESTS.length)];
            String value = (1 + random.nextInt(200)) + "." + random.nextInt(10);
            csvStranger[i] = i % 10 == 9 ? null : nhs;
            textStranger[i] = i % 10 < 2 ? nhs : null;
            csvPool.add(i % 10 == 9
                    ? String.join(",", family, given, born.format(DMY), PlantedCorpus.badCheckDigit(nhs), "", test[0], value, test[1])
                    : String.join(",", family, given, born.format(DMY), nhs, "", test[0], value, test[1]));
            textPool.add(switch (i % 10) {
                case 0, 1 -> "Other trust's patient NHS " + PlantedCorpus.spaced(nhs) + " " + test[0] + " " + value + " " + test[1];
                case 2 -> "Call 020 7946 0" + (100 + random.nextInt(900)) + " or 07700 900" + (100 + random.nextInt(900)) + " before 5pm";
                case 3 -> "Order reference 1" + nhs + random.nextInt(10) + " and invoice " + PlantedCorpus.badCheckDigit(nhs);
                case 4 -> "2024-03-0" + (1 + i % 9) + " 09:" + (10 + i % 50) + ":22 INFO analyser cobas-" + (1 + i % 4) + " run " + i
                        + ": QC level " + (1 + i % 3) + " within limits";
                case 5 -> "The meeting agreed to review the turnaround of urgent samples from the emergency department.";
                case 6 -> "Courier collection from the surgery moved to 14:30 on weekdays; the van leaves at 15:10.";
                case 7 -> "Stock of serum tubes is low: order " + (100 + random.nextInt(900)) + " boxes before the end of the month.";
                case 8 -> "Internal quality control for " + test[0] + " ran at " + value + " " + test[1] + " against a target of " + value;
                default -> "Minutes of the laboratory management meeting, item " + i + ": no patient matters discussed.";
            });
        }
    }

    /** A line of the table or text pool, at random, its stranger's number (if any) counted as written. */
    private int poolLine(boolean table) {
        int line = random.nextInt(POOL);
        String stranger = (table ? csvStranger : textStranger)[line];
        if (stranger != null) {
            strangersWritten.add(stranger);
        }
        return line;
    }

    /**
     * How many distinct valid NHS numbers of people the lab never saw were written since the last time this was asked:
     * what a scan of those files should count as other controllers' patients.
     */
    public int takeStrangersWritten() {
        int n = strangersWritten.size();
        strangersWritten.clear();
        return n;
    }

    private String invented(int syllables) {
        String[] s = {"ka", "ro", "vin", "tel", "mar", "qu", "zan", "bel", "dor", "fen", "gha", "lis", "mo", "nek", "pra", "sul",
                "tor", "vey", "wik", "yar", "zel", "bra", "cor", "dus"};
        var name = new StringBuilder();
        for (int i = 0; i < syllables; i++) {
            name.append(s[random.nextInt(s.length)]);
        }
        return Character.toUpperCase(name.charAt(0)) + name.substring(1);
    }

    /** A line that confirms {@code person}, in one of four spellings chosen by {@code n}. */
    static String plantedLine(Person person, int n) {
        return switch (n % 4) {
            case 0 -> "NHS number: " + PlantedCorpus.spaced(person.nhsNumber()) + " Potassium 6.1 mmol/L";
            case 1 -> "Hospital number " + person.hospitalNumber() + " Sodium 128 mmol/L";
            case 2 -> "Name: " + person.family().toUpperCase(Locale.ROOT) + ", " + person.given() + "  DOB " + person.dateOfBirth().format(D_MMM_Y);
            default -> "Patient " + person.given() + " " + person.family() + ", date of birth " + person.dateOfBirth()
                    + ", NHS " + person.nhsNumber().substring(0, 3) + "-" + person.nhsNumber().substring(3, 6) + "-" + person.nhsNumber().substring(6);
        };
    }

    /** A results-table row that confirms {@code person}: by NHS number or by hospital number, with name and birth date. */
    static String plantedRow(Person person, int n) {
        return String.join(",", person.family(), person.given(), person.dateOfBirth().format(DMY),
                n % 2 == 0 ? person.nhsNumber() : "", n % 2 == 0 ? "" : person.hospitalNumber(), "Potassium", "6.1", "mmol/L");
    }

    /**
     * Writes about {@code bytes} of plain text into {@code dir}: results tables (.csv) and notes (.txt) of 64 MB at
     * most, with {@code planted} spread over them, each once. Returns the bytes written.
     */
    public long writePlain(Path dir, long bytes, List<Person> planted) throws IOException {
        Files.createDirectories(dir);
        int files = (int) Math.max(1, (bytes + PLAIN_FILE - 1) / PLAIN_FILE);
        long written = 0;
        for (int f = 0; f < files; f++) {
            boolean table = f % 2 == 0;
            List<Person> here = new ArrayList<>();
            for (int p = f; p < planted.size(); p += files) {
                here.add(planted.get(p));
            }
            long size = Math.min(PLAIN_FILE, bytes - written);
            Path file = dir.resolve((table ? "results-%04d.csv" : "notes-%04d.txt").formatted(f + 1));
            written += plainFile(file, Math.max(size, 1024), table, here);
        }
        return written;
    }

    private long plainFile(Path file, long size, boolean table, List<Person> planted) throws IOException {
        List<byte[]> pool = (table ? csvPool : textPool).stream().map(l -> (l + "\n").getBytes(StandardCharsets.UTF_8)).toList();
        long written = 0;
        int next = 0;
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
            if (table) {
                written += write(out, CSV_HEADER + "\n");
            }
            while (written < size || next < planted.size()) {
                if (next < planted.size() && written >= size * (next + 1) / (planted.size() + 1)) {
                    Person person = planted.get(next);
                    written += write(out, (table ? plantedRow(person, next) : plantedLine(person, next)) + "\n");
                    next++;
                }
                byte[] line = pool.get(poolLine(table));
                out.write(line);
                written += line.length;
            }
        }
        return written;
    }

    private static int write(OutputStream out, String line) throws IOException {
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        out.write(bytes);
        return bytes.length;
    }

    /**
     * Writes documents of the formats a dump holds into {@code dir} until they take {@code bytes} on disk and every
     * one of {@code planted} is in one of them. Returns the bytes on disk.
     */
    public long writeMixed(Path dir, Path staging, long bytes, List<Person> planted, PlantedCorpus.SampleWriter writer) throws IOException {
        Files.createDirectories(dir);
        Files.createDirectories(staging);
        long estimatedDocuments = Math.max(1, bytes / (150 << 10));
        int perDocument = (int) Math.max(1, (planted.size() + estimatedDocuments - 1) / estimatedDocuments);
        int placed = 0;
        int document = 0;
        long onDisk = 0;
        while (onDisk < bytes || placed < planted.size()) {
            List<String> requests = new ArrayList<>();
            for (int b = 0; b < 40; b++, document++) {
                String format = MIXED_FORMATS.get(document % MIXED_FORMATS.size());
                boolean rows = format.equals("xlsx") || format.equals("xls") || format.equals("7z");
                List<Person> here = planted.subList(Math.min(placed, planted.size()), Math.min(placed + perDocument, planted.size()));
                placed += here.size();
                List<String> lines = documentLines(rows, here);
                String name = "doc-%06d".formatted(document + 1);
                Path input = staging.resolve(name + ".in");
                Files.write(input, lines, StandardCharsets.UTF_8);
                Path out = dir.resolve(name + "." + (format.equals("gz") ? "txt.gz" : format));
                switch (format) {
                    case "zip", "7z" -> {
                        Path member = staging.resolve(name + (rows ? ".tsv" : ".txt"));
                        Files.write(member, lines, StandardCharsets.UTF_8);
                        requests.add(String.join("\t", format, out.toString(), member.toString()));
                    }
                    case "gz" -> requests.add(String.join("\t", "gz", out.toString(), input.toString()));
                    default -> requests.add(String.join("\t", format, out.toString(), input.toString()));
                }
            }
            // Two writers at once: POI and PDFBox spend a second or so a document, on one core each.
            int half = requests.size() / 2;
            var first = java.util.concurrent.CompletableFuture.runAsync(() -> {
                try {
                    writer.write(requests.subList(0, half), staging.resolve("first"));
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            writer.write(requests.subList(half, requests.size()), staging.resolve("second"));
            try {
                first.join();
            } catch (java.util.concurrent.CompletionException e) {
                throw e.getCause() instanceof java.io.UncheckedIOException io ? io.getCause() : new IOException(e.getCause());
            }
            try (Stream<Path> files = Files.list(dir)) {
                onDisk = files.mapToLong(p -> p.toFile().length()).sum();
            }
        }
        return onDisk;
    }

    private List<String> documentLines(boolean rows, List<Person> planted) {
        List<String> lines = new ArrayList<>(DOCUMENT_LINES + planted.size() + 1);
        if (rows) {
            lines.add(CSV_HEADER.replace(',', '\t'));
        }
        int every = DOCUMENT_LINES / (planted.size() + 1);
        int next = 0;
        for (int i = 0; i < DOCUMENT_LINES; i++) {
            if (next < planted.size() && i == every * (next + 1)) {
                Person person = planted.get(next);
                lines.add(rows ? plantedRow(person, next).replace(',', '\t') : plantedLine(person, next));
                next++;
            }
            lines.add(rows ? csvPool.get(poolLine(true)).replace(',', '\t') : textPool.get(poolLine(false)));
        }
        return lines;
    }
}
