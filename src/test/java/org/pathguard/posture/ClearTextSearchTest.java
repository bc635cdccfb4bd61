package org.pathguard.posture;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClearTextSearchTest {

    private final ClearTextSearch search = new ClearTextSearch(Map.of(
            "family name", List.of("Morkelvorzel"),
            "NHS number", List.of("9991234560", "999 123 4560")));

    private static byte[] noise(int n) {
        byte[] b = new byte[n];
        new SecureRandom().nextBytes(b);
        return b;
    }

    private static byte[] around(byte[] value) {
        byte[] before = noise(1000);
        byte[] after = noise(1000);
        byte[] all = new byte[before.length + value.length + after.length];
        System.arraycopy(before, 0, all, 0, before.length);
        System.arraycopy(value, 0, all, before.length, value.length);
        System.arraycopy(after, 0, all, before.length + value.length, after.length);
        return all;
    }

    @Test
    void findsAValueInEachEncodingClearTextTakesAtRest() throws IOException {
        assertThat(search.search(new ByteArrayInputStream(around("MORKELVORZEL".getBytes(StandardCharsets.UTF_8)))))
                .containsExactly("family name (UTF-8)");
        assertThat(search.search(new ByteArrayInputStream(around("Morkelvorzel".getBytes(StandardCharsets.UTF_16LE)))))
                .containsExactly("family name (UTF-16LE)");
        assertThat(search.search(new ByteArrayInputStream(around("Morkelvorzel".getBytes(StandardCharsets.UTF_16BE)))))
                .containsExactly("family name (UTF-16BE)");
        String bytea = "\\x" + HexFormat.of().formatHex("Morkelvorzel".getBytes(StandardCharsets.UTF_8));
        assertThat(search.search(new ByteArrayInputStream(around(bytea.getBytes(StandardCharsets.US_ASCII)))))
                .containsExactly("family name (hex)");
        String smallBytea = "\\x" + HexFormat.of().formatHex("morkelvorzel".getBytes(StandardCharsets.UTF_8));
        assertThat(search.search(new ByteArrayInputStream(around(smallBytea.getBytes(StandardCharsets.US_ASCII)))))
                .containsExactly("family name (hex)");
        assertThat(search.search(new ByteArrayInputStream(around("999 123 4560".getBytes(StandardCharsets.UTF_8)))))
                .containsExactly("NHS number (UTF-8)");
    }

    @Test
    void findsAValueSplitBetweenTwoPiecesOfTheStream() {
        ClearTextSearch.Reader reader = search.reader();
        byte[] first = "....Morkel".getBytes(StandardCharsets.UTF_8);
        byte[] second = "vorzel....".getBytes(StandardCharsets.UTF_8);
        reader.feed(first, first.length);
        assertThat(reader.found()).isEmpty();
        reader.feed(second, second.length);
        assertThat(reader.found()).containsExactly("family name (UTF-8)");
    }

    @Test
    void findsNothingInCiphertextOrInANearMiss() throws IOException {
        assertThat(search.search(new ByteArrayInputStream(noise(1 << 20)))).isEmpty();
        assertThat(search.search(new ByteArrayInputStream(around("Morkelvorzek 9991234561".getBytes(StandardCharsets.UTF_8))))).isEmpty();
    }

    @Test
    void refusesAValueTooShortToSearchForWithoutFalseAlarms() {
        assertThatThrownBy(() -> new ClearTextSearch(Map.of("postcode", List.of("N19GU")))).hasMessageContaining("too short");
    }
}
