package org.pathguard.breach.detect;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Each detection rule both ways: what it must find, and the decoys it must not. */
class DetectorTest {

    static final LocalDate TODAY = LocalDate.of(2026, 12, 7);
    static final Vocabulary LAB = new Vocabulary(
            Set.of("Potassium", "Sodium", "K", "Na", "HbA1c", "Full blood count", "FBC", "C-reactive protein", "CRP", "Troponin T"),
            Set.of("mmol/L", "g/L", "mg/L", "umol/L", "%", "mmol/mol", "10*9/L"),
            Set.of("LLDDDDDD", "DDDDDDDL"),
            Set.of("RX1", "G85001", "Y01234"));
    static final Detector DETECTOR = new Detector(LAB, TODAY);

    /** Valid check digits in issued ranges: England (401, 485, 612, 700), Scotland's CHI (010), Northern Ireland (320). */
    static final String ENGLAND = "4010238712";
    static final String SCOTLAND = "0102030405";
    static final String NORTHERN_IRELAND = "3201234567";
    static final String TEST_RANGE = "9991234578";

    static List<Excerpt> scan(String text) {
        List<Excerpt> found = new ArrayList<>();
        DocumentScan scan = DETECTOR.start("dump/file.txt", found::add);
        scan.text(text.toCharArray(), 0, text.length());
        scan.end();
        return found;
    }

    static Excerpt only(String text) {
        List<Excerpt> found = scan(text);
        assertThat(found).as("excerpts of %s", text).hasSize(1);
        return found.getFirst();
    }

    static List<String> nhs(String text) {
        return scan(text).stream().flatMap(e -> e.nhsNumbers().stream()).toList();
    }

    static Names.Candidate name(String family, String given) {
        return new Names.Candidate(family, given);
    }

    // ---- NHS numbers ----

    @Test
    void nhsNumbersAreFoundWithSpacesHyphensOrNoneInEveryIssuedRange() {
        assertThat(nhs("NHS no 401 023 8712 seen")).containsExactly(ENGLAND);
        assertThat(nhs("NHS no 401-023-8712.")).containsExactly(ENGLAND);
        assertThat(nhs("(" + ENGLAND + ")")).containsExactly(ENGLAND);
        assertThat(nhs(SCOTLAND + "," + NORTHERN_IRELAND + "," + TEST_RANGE + ",4857773457"))
                .containsExactly(SCOTLAND, NORTHERN_IRELAND, TEST_RANGE, "4857773457");
        Excerpt e = only("NHS: 401 023 8712");
        assertThat(e.categories()).contains(DataCategory.NHS_NUMBER);
        assertThat(e.line()).isEqualTo(1);
        assertThat(e.document()).isEqualTo("dump/file.txt");
    }

    @Test
    void spreadsheetNumbersAreNhsNumbersToo() {
        assertThat(nhs("4010238712.0")).containsExactly(ENGLAND);
        assertThat(nhs("4.010238712E9")).containsExactly(ENGLAND);
        assertThat(nhs("4.010238712E+09\t")).containsExactly(ENGLAND);
        assertThat(nhs("4.010238712e+9")).containsExactly(ENGLAND);
        // Excel drops trailing zeros from the mantissa: 7000000120 is 7.00000012E+09
        assertThat(nhs("7.00000012E+09")).containsExactly("7000000120");
    }

    @Test
    void tenDigitsThatAreNotAnNhsNumberAreNot() {
        assertThat(nhs("401 023 8713")).as("bad check digit").isEmpty();
        assertThat(nhs("9434765919")).as("valid check digit, but 943 was never issued").isEmpty();
        assertThat(nhs("5501234564 8123456786 3123456781")).as("unissued ranges").isEmpty();
        assertThat(nhs("ref 14010238712 and 40102387120")).as("inside a longer number").isEmpty();
        assertThat(nhs("0.4010238712 and 4010238712.5 and 12-4010238712")).as("part of a decimal or a longer code").isEmpty();
        assertThat(nhs("call 0 401 023 8712 or 401 023 8712 9")).as("inside a longer run of groups").isEmpty();
        assertThat(nhs("020 7946 0958, 07700 900123, +44 20 7946 0958")).as("phone numbers").isEmpty();
        assertThat(nhs("4.010238712E8 and 4.010238712E+10")).as("another power of ten").isEmpty();
        assertThat(scan("Invoice 401 023 8713 and phone 020 7946 0958")).isEmpty();
    }

    @Test
    void aNumberSplitBetweenPiecesIsStillFound() {
        String text = "Patient NHS 401 023 8712 and 4010238712.0 on 14/02/1980 Grace Okafor\n";
        for (int size = 1; size <= 7; size++) {
            List<Excerpt> found = new ArrayList<>();
            DocumentScan scan = DETECTOR.start("d", found::add);
            char[] chars = text.toCharArray();
            for (int i = 0; i < chars.length; i += size) {
                scan.text(chars, i, Math.min(size, chars.length - i));
            }
            scan.end();
            assertThat(found).as("pieces of %d", size).hasSize(1);
            assertThat(found.getFirst().nhsNumbers()).containsExactly(ENGLAND);
            assertThat(found.getFirst().dates()).containsExactly(LocalDate.of(1980, 2, 14));
            assertThat(found.getFirst().names()).contains(name("OKAFOR", "GRACE"));
            assertThat(scan.characters()).isEqualTo(text.length());
        }
    }

    // ---- hospital numbers, postcodes, ODS codes ----

    @Test
    void hospitalNumbersAreFoundInTheLabsShapesOnly() {
        assertThat(only("MRN RX123456").hospitalNumbers()).containsExactly("RX123456");
        assertThat(only("mrn rx123456").hospitalNumbers()).containsExactly("RX123456");
        assertThat(only("1234567A").hospitalNumbers()).containsExactly("1234567A");
        assertThat(only("MRN RX123456").categories()).contains(DataCategory.HOSPITAL_NUMBER);
        assertThat(scan("RX1234567 ARX123456 RX12345 R1234567")).as("other shapes, longer runs").isEmpty();
    }

    @Test
    void postcodesOfEveryShapeAreFoundButNeverMakeAnExcerptAlone() {
        Excerpt e = only("Grace Okafor, 1 High Street, SE5 9RS and W1A 1AA, M1 1AE, B33 8TH, CR2 6XH, DN55 1PT, EC1A1BB");
        assertThat(e.postcodes()).containsExactly("SE5 9RS", "W1A 1AA", "M1 1AE", "B33 8TH", "CR2 6XH", "DN55 1PT", "EC1A 1BB");
        assertThat(e.categories()).contains(DataCategory.POSTCODE);
        assertThat(scan("Deliveries to SE5 9RS only")).as("a postcode alone finds nobody").isEmpty();
        assertThat(only("Grace Okafor SE5 9RC ABC 1AA").postcodes()).as("C in the inward code; 3 letters outward").isEmpty();
    }

    @Test
    void odsCodesTheLabKnowsAreFound() {
        assertThat(only("Grace Okafor requested by G85001 at RX1").odsCodes()).containsExactly("G85001", "RX1");
        assertThat(only("Grace Okafor requested by G85002").odsCodes()).isEmpty();
    }

    // ---- dates ----

    static List<LocalDate> dates(String dateText) {
        return only("NHS " + ENGLAND + " " + dateText).dates();
    }

    @Test
    void datesInEveryCommonSpellingDayFirst() {
        LocalDate feb1 = LocalDate.of(1980, 2, 1);
        for (String written : List.of("01/02/1980", "1/2/1980", "1-2-1980", "01.02.1980", "1980-02-01", "19800201",
                "1 Feb 1980", "1st February 1980", "Feb 1 1980", "February 1st, 1980", "01-FEB-1980", "1-feb-1980",
                "1st of February 1980", "1 Sept 1980".replace("Sept", "Feb"), "1/2/80")) {
            assertThat(dates(written)).as(written).contains(feb1);
        }
        assertThat(dates("2/14/80")).as("month first only where day first cannot be").containsExactly(LocalDate.of(1980, 2, 14));
    }

    @Test
    void aTwoDigitYearGivesBothCenturiesUnlessOneIsInTheFuture() {
        assertThat(dates("01/02/05")).containsExactly(LocalDate.of(1905, 2, 1), LocalDate.of(2005, 2, 1));
        assertThat(dates("01/02/80")).containsExactly(LocalDate.of(1980, 2, 1));
    }

    @Test
    void datesThatCannotBeADateOfBirthAreNot() {
        assertThat(dates("01/02/2027")).as("in the future").isEmpty();
        assertThat(dates("31/02/1980 30/13/1980 00/01/1980")).as("no such day").isEmpty();
        assertThat(dates("01/02/1850")).as("before 1900").isEmpty();
        assertThat(dates("version 1.2.3.4 and 10.0.0.1 and 1.2.1980.5")).as("chains").isEmpty();
        assertThat(dates("12:30:45 and 3.14159")).as("times and decimals").isEmpty();
        assertThat(scan("Report printed 07/12/2026 at 10:30")).as("a date alone finds nobody").isEmpty();
    }

    // ---- names ----

    @Test
    void namesWrittenTheCommonWays() {
        assertThat(only("Okafor, Grace 14/02/1980").names()).containsExactly(name("OKAFOR", "GRACE"));
        assertThat(only("OKAFOR Grace 14/02/1980").names()).containsExactly(name("OKAFOR", "GRACE"));
        assertThat(only("Grace OKAFOR 14/02/1980").names()).containsExactly(name("OKAFOR", "GRACE"));
        assertThat(only("seen: Grace Okafor today").names()).containsExactly(name("OKAFOR", "GRACE"), name("GRACE", "OKAFOR"));
        assertThat(only("Grace Adaeze Okafor attended").names()).containsExactly(name("OKAFOR", "GRACE"));
        assertThat(only("Siobhan O'Brien-Kelly attended").names()).contains(name("OBRIENKELLY", "SIOBHAN"));
        assertThat(only("Zoë Żółć attended").names()).contains(name(Names.normalise("Żółć"), "ZOE"));
        Excerpt plain = only("Grace Okafor attended");
        assertThat(plain.nameLabelled()).isFalse();
        assertThat(plain.categories()).contains(DataCategory.NAME).doesNotContain(DataCategory.DATE_OF_BIRTH);
    }

    @Test
    void decodedTextInAnyScriptIsRead() {
        // The reader decodes UTF-8, UTF-16 and Windows-1252 into chars; what arrives here is the same whatever it was.
        Excerpt e = only("Renée Dupré\u00A0£12 \uD83D\uDE00 NHS\u00A04010238712 née le 1 février 1980");
        assertThat(e.names()).contains(name("DUPRE", "RENEE"));
        assertThat(e.nhsNumbers()).containsExactly(ENGLAND);
        assertThat(only("Ｎａｍｅ: Renée Dupré\u200B").names()).as("a full-width label is no label; the pair still counts")
                .contains(name("DUPRE", "RENEE"));
    }

    @Test
    void titlesAndLabelsNameAPersonExplicitly() {
        Excerpt mrs = only("Dear Mrs Grace Okafor,");
        assertThat(mrs.names()).containsExactly(name("OKAFOR", "GRACE"));
        assertThat(mrs.nameLabelled()).isTrue();
        assertThat(only("Dr. Okafor will call").names()).containsExactly(name("OKAFOR", ""));
        assertThat(only("Mr G. Okafor").names()).containsExactly(name("OKAFOR", ""));
        assertThat(only("Name: OKAFOR, Grace").names()).containsExactly(name("OKAFOR", "GRACE"));
        assertThat(only("Patient name: grace okafor").names()).contains(name("OKAFOR", "GRACE"));
        assertThat(only("Patient: Mrs Grace Okafor DOB: 14/02/1980").names()).contains(name("OKAFOR", "GRACE"));
        Excerpt split = only("Surname: OKAFOR\nForename(s): Grace Adaeze\nDOB: 14/02/1980\n");
        assertThat(split.names()).containsExactly(name("OKAFOR", "GRACE"));
        assertThat(split.nameLabelled()).isTrue();
        assertThat(split.dates()).containsExactly(LocalDate.of(1980, 2, 14));
        assertThat(split.categories()).contains(DataCategory.NAME, DataCategory.DATE_OF_BIRTH);
    }

    @Test
    void aFamilyNameAloneBesideADateIsACandidate() {
        assertThat(only("OKAFOR 14/02/1980").names()).containsExactly(name("OKAFOR", ""));
        assertThat(only("Okafor, DOB 14/02/1980").names()).containsExactly(name("OKAFOR", ""));
        assertThat(only("O'Brien (b. 1 Feb 1980)").names()).containsExactly(name("OBRIEN", ""));
        assertThat(scan("Okafor came in on the bus")).as("a single capitalised word is not a name").isEmpty();
    }

    @Test
    void capitalisedWordsThatAreNotNamesAreNot() {
        assertThat(scan("""
                The Royal London Hospital
                Dear Colleague
                Full Blood Count Results
                Please Note: Clinical Details
                Monday January Report Pathology Laboratory
                Yours Sincerely
                NHS Foundation Trust
                Potassium Sodium
                Department Of Clinical Biochemistry And Immunology Services
                """)).isEmpty();
    }

    // ---- tables ----

    @Test
    void aTablesRowsAreReadByTheirHeader() {
        List<Excerpt> rows = scan("""
                NHS Number,Surname,Forename,DOB,Postcode,Test,Result,Units
                4010238712,OKAFOR,Grace Adaeze,14/02/1980,SE5 9RS,Potassium,7.1,mmol/L
                ,Smith,John,1/1/70,,Sodium,140,mmol/L
                ,"Brown, Jr",Ann,"01-FEB-1980",,,,
                """);
        assertThat(rows).hasSize(3);
        Excerpt first = rows.get(0);
        assertThat(first.line()).isEqualTo(2);
        assertThat(first.nhsNumbers()).containsExactly(ENGLAND);
        assertThat(first.names()).containsExactly(name("OKAFOR", "GRACE"));
        assertThat(first.nameLabelled()).isTrue();
        assertThat(first.dates()).containsExactly(LocalDate.of(1980, 2, 14));
        assertThat(first.postcodes()).containsExactly("SE5 9RS");
        assertThat(first.categories()).containsExactlyInAnyOrder(DataCategory.NHS_NUMBER, DataCategory.NAME,
                DataCategory.DATE_OF_BIRTH, DataCategory.POSTCODE, DataCategory.TEST_NAMES, DataCategory.RESULT_VALUES);
        assertThat(rows.get(1).names()).containsExactly(name("SMITH", "JOHN"));
        assertThat(rows.get(1).dates()).containsExactly(LocalDate.of(1970, 1, 1));
        assertThat(rows.get(2).names()).containsExactly(name("BROWNJR", "ANN"));
    }

    @Test
    void aSpreadsheetReadAsTabSeparatedTextWithAFullNameColumn() {
        List<Excerpt> rows = scan("Sheet1\n\tPatient Name\tDate of Birth\tHosp No\n\tOKAFOR Grace\t2/14/80\tRX123456\n\n\tgrace okafor\t14-Feb-1980\t\n");
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).names()).containsExactly(name("OKAFOR", "GRACE"));
        assertThat(rows.get(0).hospitalNumbers()).containsExactly("RX123456");
        assertThat(rows.get(0).dates()).containsExactly(LocalDate.of(1980, 2, 14));
        assertThat(rows.get(1).names()).contains(name("OKAFOR", "GRACE"));
    }

    @Test
    void aTableWithoutNameColumnsStillGivesItsNumbers() {
        List<Excerpt> rows = scan("Sample,Result\nNHS 401 023 8712,7.1\nnothing,5\n");
        assertThat(rows).hasSize(1);
        assertThat(rows.getFirst().nhsNumbers()).containsExactly(ENGLAND);
    }

    // ---- excerpts and their window ----

    @Test
    void aLettersBlockIsOneExcerptAndTheNextPersonStartsAnother() {
        List<Excerpt> found = scan("""
                Re: Grace Okafor
                DOB 14/02/1980
                NHS No: 401 023 8712
                1 Acacia Avenue

                Patient: John Smith
                NHS No: 485 777 3457
                Name: Ann Brown
                """);
        assertThat(found).hasSize(3);
        assertThat(found.get(0).line()).isEqualTo(1);
        assertThat(found.get(0).names()).contains(name("OKAFOR", "GRACE"));
        assertThat(found.get(0).nhsNumbers()).containsExactly(ENGLAND);
        assertThat(found.get(0).dates()).containsExactly(LocalDate.of(1980, 2, 14));
        assertThat(found.get(1).line()).isEqualTo(6);
        assertThat(found.get(1).nhsNumbers()).containsExactly("4857773457");
        assertThat(found.get(2).line()).isEqualTo(8);
        assertThat(found.get(2).names()).contains(name("BROWN", "ANN"));
    }

    @Test
    void theWindowIsFourLines() {
        List<Excerpt> found = scan("Grace Okafor\nline two\nline three\nline four\nSE5 9RS\n");
        assertThat(found).hasSize(1);
        assertThat(found.getFirst().postcodes()).isEmpty();
        assertThat(scan("Grace Okafor\nline two\nline three\nSE5 9RS\n").getFirst().postcodes()).containsExactly("SE5 9RS");
    }

    @Test
    void linesEndedByCarriageReturnsAndLineFeedsAlike() {
        List<Excerpt> found = scan("Grace Okafor\r\n\r\nJohn Smith\rAnn Brown\n");
        assertThat(found).extracting(Excerpt::line).containsExactly(1L, 3L, 4L);
    }

    @Test
    void aVeryLongLineIsReadInBoundedPieces() {
        StringBuilder s = new StringBuilder();
        while (s.length() < 200_000) {
            s.append("lorem ipsum dolor sit amet ");
        }
        s.append("NHS 401 023 8712 ");
        List<Excerpt> found = scan(s.toString());
        assertThat(found).hasSize(1);
        assertThat(found.getFirst().nhsNumbers()).containsExactly(ENGLAND);
    }

    // ---- health data ----

    @Test
    void theHealthDataBesideAnIdentifier() {
        Set<DataCategory> c = only("NHS 401 023 8712 Potassium 7.1 ?AKI").categories();
        assertThat(c).contains(DataCategory.TEST_NAMES, DataCategory.RESULT_VALUES, DataCategory.CLINICAL_DETAILS);
        assertThat(only("NHS 401 023 8712 HbA1c 48 mmol/mol").categories()).contains(DataCategory.TEST_NAMES, DataCategory.RESULT_VALUES);
        assertThat(only("NHS 401 023 8712 Full Blood Count requested").categories()).contains(DataCategory.TEST_NAMES);
        assertThat(only("NHS 401 023 8712 C-reactive protein").categories()).contains(DataCategory.TEST_NAMES);
        assertThat(only("NHS 401 023 8712 K: 5.1").categories()).contains(DataCategory.TEST_NAMES, DataCategory.RESULT_VALUES);
        assertThat(only("NHS 401 023 8712\nClinical details: chest pain").categories()).contains(DataCategory.CLINICAL_DETAILS);
        assertThat(only("NHS 401 023 8712 diagnosis pending").categories()).contains(DataCategory.CLINICAL_DETAILS);
    }

    @Test
    void noHealthDataWhereThereIsNone() {
        Set<DataCategory> c = only("NHS 401 023 8712 k is a letter, 12 apples, how? what?a crp-like thing na").categories();
        assertThat(c).containsExactly(DataCategory.NHS_NUMBER);
        assertThat(scan("Potassium 7.1 mmol/L ?AKI")).as("health data alone identifies nobody").isEmpty();
    }

    // ---- export fingerprints ----

    @Test
    void exportFingerprintsVisibleAndInvisible() {
        String fp = "0123456789abcdef";
        StringBuilder mark = new StringBuilder("\u2060");
        long bits = Long.parseUnsignedLong("00ff00ff00ff00ff", 16);
        for (int i = 63; i >= 0; i--) {
            mark.append(((bits >>> i) & 1) == 1 ? '\u200C' : '\u200B');
        }
        mark.append('\u2060');
        DocumentScan scan = DETECTOR.start("d", e -> { });
        String text = "# PathGuard export x fingerprint " + fp + " for y\n4010238712,Smith" + mark + "\npage pgfp:fedcba9876543210\n";
        scan.text(text.toCharArray(), 0, text.length());
        scan.end();
        assertThat(scan.fingerprints()).containsExactly(fp, "00ff00ff00ff00ff", "fedcba9876543210");

        DocumentScan none = DETECTOR.start("d", e -> { });
        String decoys = "fingerprint 0123 and fingerprint 0123456789ABCDEF and pgfp:xyz\n";
        none.text(decoys.toCharArray(), 0, decoys.length());
        none.end();
        assertThat(none.fingerprints()).isEmpty();
    }
}
