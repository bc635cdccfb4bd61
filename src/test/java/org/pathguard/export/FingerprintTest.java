package org.pathguard.export;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FingerprintTest {

    @Test
    void theInvisibleMarkCarriesTheWholeFingerprintAndSurvivesOnItsOwn() {
        String fp = Fingerprint.next();
        assertThat(fp).matches("[0-9a-f]{16}");
        String row = "9991234567,Smith,CRP,3,mg/L,2026-11-21T10:00:00Z" + Fingerprint.invisible(fp);
        assertThat(row.codePoints().filter(c -> c == 0x200B || c == 0x200C).count()).isEqualTo(64);
        assertThat(Fingerprint.in(row).orElseThrow().fingerprint()).isEqualTo(fp);
        assertThat(Fingerprint.in("# PathGuard export x fingerprint " + fp + " for y").orElseThrow().where()).isEqualTo("visible header");
        assertThat(Fingerprint.in("9991234567,Smith,CRP,3")).isEmpty();
        assertThat(Fingerprint.in("page text ... pgfp:" + fp).orElseThrow().where()).contains("PDF");
    }

    @Test
    void aDamagedRowIsOutvotedByTheOthers() {
        String fp = "00ff00ff00ff00ff";
        String good = "a" + Fingerprint.invisible(fp) + "\n";
        String damaged = "b" + Fingerprint.invisible("ffffffffffffffff") + "\n";
        assertThat(Fingerprint.in(good + damaged + good).orElseThrow().fingerprint()).isEqualTo(fp);
    }

    @Test
    void aForgedHeaderIsOutvotedByTheRowsAndSaidToBeAltered() {
        String real = "0123456789abcdef";
        String found = "# PathGuard export x fingerprint fedcba9876543210 for someone.else\n" + "a" + Fingerprint.invisible(real) + "\n";
        Fingerprint.Found f = Fingerprint.in(found).orElseThrow();
        assertThat(f.fingerprint()).isEqualTo(real);
        assertThat(f.where()).contains("altered");
    }
}
