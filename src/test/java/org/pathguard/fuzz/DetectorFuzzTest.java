package org.pathguard.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.pathguard.breach.detect.Detector;
import org.pathguard.breach.detect.DocumentScan;
import org.pathguard.breach.detect.Excerpt;
import org.pathguard.breach.detect.Vocabulary;
import org.pathguard.lab.NhsNumber;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzes the breach detector with whatever text a leaked file may hold, fed in pieces of fuzzer-chosen sizes, under
 * a fuzzer-chosen vocabulary: it must never throw, and what it reports must hold (every excerpt names someone or
 * carries an identifier, every NHS number passes the modulus-11 check, no date of birth is in the future, every
 * character is counted).
 */
class DetectorFuzzTest {

    /** Text the fuzzer starts from and edits: each rule's material, so that edits reach deep into the rules. */
    private static final List<String> SEEDS = List.of(
            "Re: Grace Okafor\nDOB: 14/02/1980\nNHS No: 401 023 8712\n1 High St\nLondon SE5 9RS\n",
            "NHS Number,Surname,Forename,DOB\n4.010238712E+09,OKAFOR,Grace,1st February 1980\n",
            "\tPatient Name\tDate of Birth\n\tOKAFOR, Grace\t2/14/80\tRX123456\tPotassium 7.1 mmol/L ?AKI\n",
            "Dear Mrs O'Brien-Kelly, fingerprint 0123456789abcdef pgfp:fedcba9876543210 \u2060"
                    + "\u200B".repeat(32) + "\u200C".repeat(32) + "\u2060\n");

    @FuzzTest
    void detector(FuzzedDataProvider data) {
        Vocabulary vocabulary = new Vocabulary(
                Set.of(data.consumeString(12), "Potassium", "K", "Full blood count"),
                Set.of(data.consumeString(8), "mmol/L"),
                Set.of(data.consumeString(10), "LLDDDDDD"),
                Set.of(data.consumeString(8), "RX1"));
        Detector detector = new Detector(vocabulary);
        String text = data.consumeBoolean()
                ? SEEDS.get(data.consumeInt(0, SEEDS.size() - 1)) + data.consumeString(2000)
                : data.consumeString(4000);
        int piece = data.consumeInt(1, 64);
        char[] chars = text.toCharArray();
        List<Excerpt> found = new ArrayList<>();
        DocumentScan scan = detector.start("fuzzed.txt", found::add);
        for (int i = 0; i < chars.length; i += piece) {
            scan.text(chars, i, Math.min(piece, chars.length - i));
        }
        scan.end();

        assertThat(scan.characters()).isEqualTo(chars.length);
        LocalDate tomorrow = LocalDate.now().plusDays(1);
        for (Excerpt e : found) {
            assertThat(e.nhsNumbers().isEmpty() && e.hospitalNumbers().isEmpty() && e.names().isEmpty()).isFalse();
            e.nhsNumbers().forEach(NhsNumber::new);
            assertThat(e.dates()).allMatch(d -> d.isBefore(tomorrow) && d.getYear() >= 1900);
            assertThat(e.line()).isBetween(1L, chars.length + 1L);
            assertThat(e.names()).allMatch(n -> !n.family().isEmpty());
        }
        assertThat(scan.fingerprints()).allMatch(f -> f.matches("[0-9a-f]{16}"));
    }
}
