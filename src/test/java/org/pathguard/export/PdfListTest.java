package org.pathguard.export;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A list prints every name as written, in a font that travels inside the PDF. */
class PdfListTest {

    private static final String NAMES = "Łukasz Żółć, Antonín Dvořák, Erdős Pál, Σοφία Παπαδοπούλου";

    private static byte[] list(String headline, List<List<String>> rows) {
        return PdfList.render(new Exports.Table(headline, "0123456789abcdef", List.of("nhs_number", "family_name", "value"), rows));
    }

    @Test
    void namesOutsideWindows1252PrintExactly() throws Exception {
        byte[] pdf = list("Results for " + NAMES, List.of(
                List.of("9990000018", "Żółć", "3 µmol/L"), List.of("9990000026", "Dvořák", "4"), List.of("9990000034", "Erdős", "5"),
                List.of("9990000042", "Παπαδοπούλου", "6")));
        String text = PdfList.text(pdf);
        assertThat(text).contains("Łukasz Żółć", "Antonín Dvořák", "Erdős Pál", "Σοφία Παπαδοπούλου", "µmol/L", "Żółć", "Dvořák",
                "Παπαδοπούλου", "pgfp:0123456789abcdef");
        assertThat(text).doesNotContain("?");
    }

    @Test
    void aNameTypedWithCombiningMarksPrintsAsTheSameLetters() {
        // "r" + combining caron, "a" + combining acute: how some keyboards and systems send "Dvořák".
        assertThat(PdfList.text(list("Decomposed", List.of(List.of("1", "Dvor\u030Ca\u0301k", "1"))))).contains("Dvořák");
    }

    @Test
    void aCharacterTheFontLacksPrintsAsAQuestionMarkAndTheRestStands() {
        String text = PdfList.text(list("Lacking", List.of(List.of("1", "Nguyễn 山田 \u0007", "1"))));
        assertThat(text).contains("Nguyễn ?? ?");
    }

    @Test
    void theFontIsEmbeddedAsASubsetNotTakenFromTheReader() throws Exception {
        try (PDDocument pdf = Loader.loadPDF(list("Embedded", List.of(List.of("1", "Łukasz", "1"))))) {
            for (var name : pdf.getPage(0).getResources().getFontNames()) {
                PDFont font = pdf.getPage(0).getResources().getFont(name);
                assertThat(font.getName()).as("a subset's name starts with its six-letter tag").matches("[A-Z]{6}\\+DejaVuSans.*");
                assertThat(font.isEmbedded()).isTrue();
            }
        }
    }
}
