package org.pathguard.posture;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Looks for known values in clear in any bytes (a heap file, a WAL segment, a dump), in the encodings clear text
 * takes at rest: UTF-8, UTF-16 either way round, and hex (how pg_dump writes a bytea holding the UTF-8), ASCII letters in
 * any case. One pass over the bytes for every value at once (an Aho-Corasick automaton), so a database of gigabytes
 * is read once, not once per value.
 */
final class ClearTextSearch {

    /** Where each pattern came from: the value's label (e.g. "family name") and the encoding. */
    record Pattern(String label, String encoding, byte[] bytes) {
    }

    private final List<Pattern> patterns = new ArrayList<>();
    private final int[][] next;
    private final List<List<Integer>> matches = new ArrayList<>();

    /** @param values label to value, each at least six characters (shorter ones could occur by chance in ciphertext) */
    ClearTextSearch(Map<String, List<String>> values) {
        for (Map.Entry<String, List<String>> v : values.entrySet()) {
            for (String written : v.getValue()) {
                if (written.length() < 6) {
                    throw new IllegalArgumentException(v.getKey() + " is too short to search for without false alarms");
                }
                String folded = fold(written);
                patterns.add(new Pattern(v.getKey(), "UTF-8", folded.getBytes(StandardCharsets.UTF_8)));
                patterns.add(new Pattern(v.getKey(), "UTF-16LE", folded.getBytes(StandardCharsets.UTF_16LE)));
                patterns.add(new Pattern(v.getKey(), "UTF-16BE", folded.getBytes(StandardCharsets.UTF_16BE)));
                // Hex keeps the letters' case (pg_dump writes a bytea's hex in small letters; capitals are folded as read):
                // the value as registered, in capitals and in small letters.
                for (String cased : new LinkedHashSet<>(List.of(written, written.toUpperCase(), written.toLowerCase()))) {
                    String hex = HexFormat.of().formatHex(cased.getBytes(StandardCharsets.UTF_8));
                    patterns.add(new Pattern(v.getKey(), "hex", hex.getBytes(StandardCharsets.US_ASCII)));
                }
            }
        }
        next = build();
    }

    /** A reading of one stream of bytes: feed it in pieces, then ask what was found. */
    final class Reader {
        private int state;
        private final Set<String> found = new LinkedHashSet<>();

        void feed(byte[] buffer, int length) {
            int s = state;
            for (int i = 0; i < length; i++) {
                s = next[s][foldByte(buffer[i])];
                if (!matches.get(s).isEmpty()) {
                    for (int p : matches.get(s)) {
                        Pattern pattern = patterns.get(p);
                        found.add(pattern.label() + " (" + pattern.encoding() + ")");
                    }
                }
            }
            state = s;
        }

        /** What was found, as "family name (UTF-8)"; empty when nothing was. Never the values themselves. */
        Set<String> found() {
            return Set.copyOf(found);
        }
    }

    Reader reader() {
        return new Reader();
    }

    /** Reads the whole stream; the caller closes it. */
    Set<String> search(InputStream in) throws IOException {
        Reader reader = reader();
        byte[] buffer = new byte[1 << 16];
        int n;
        while ((n = in.read(buffer)) > 0) {
            reader.feed(buffer, n);
        }
        return reader.found();
    }

    private static String fold(String value) {
        StringBuilder b = new StringBuilder(value.length());
        value.chars().forEach(c -> b.append(c >= 'A' && c <= 'Z' ? (char) (c + 32) : (char) c));
        return b.toString();
    }

    /** ASCII capitals to small letters; every other byte (ciphertext, UTF-16's zero bytes, hex digits) as it is. */
    private static int foldByte(byte b) {
        int u = b & 0xff;
        return u >= 'A' && u <= 'Z' ? u + 32 : u;
    }

    /** The automaton as a full transition table: every state has a next state for every byte. */
    private int[][] build() {
        List<int[]> go = new ArrayList<>();
        go.add(filled());
        matches.add(new ArrayList<>());
        for (int p = 0; p < patterns.size(); p++) {
            int s = 0;
            for (byte raw : patterns.get(p).bytes()) {
                int b = raw & 0xff;
                if (go.get(s)[b] < 0) {
                    go.add(filled());
                    matches.add(new ArrayList<>());
                    go.get(s)[b] = go.size() - 1;
                }
                s = go.get(s)[b];
            }
            matches.get(s).add(p);
        }
        int[] fail = new int[go.size()];
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        for (int b = 0; b < 256; b++) {
            if (go.get(0)[b] < 0) {
                go.get(0)[b] = 0;
            } else {
                fail[go.get(0)[b]] = 0;
                queue.add(go.get(0)[b]);
            }
        }
        while (!queue.isEmpty()) {
            int s = queue.poll();
            matches.get(s).addAll(matches.get(fail[s]));
            for (int b = 0; b < 256; b++) {
                int t = go.get(s)[b];
                if (t < 0) {
                    go.get(s)[b] = go.get(fail[s])[b];
                } else {
                    fail[t] = go.get(fail[s])[b];
                    queue.add(t);
                }
            }
        }
        return go.toArray(int[][]::new);
    }

    private static int[] filled() {
        int[] row = new int[256];
        java.util.Arrays.fill(row, -1);
        return row;
    }
}
