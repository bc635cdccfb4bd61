package org.pathguard.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Fuzzer-chosen edits of an HL7 v2 message (segments separated by CR): fields, components and
 * repetitions replaced, segments renamed, dropped, copied or run together, a delimiter changed
 * throughout, text inserted, the message cut short.
 */
final class Hl7Edits {

    private static final int MAX_EDITS = 6;
    private static final String[] SEGMENT_NAMES = {"MSH", "PID", "PV1", "ORC", "TQ1", "OBR", "OBX", "SPM", "NTE", "EVN", "MSA",
            "ZPG", "msh", ""};
    /** Values the lab's checks look for, so that edits get past the first check more often than random text does. */
    private static final String[] WORDS = {"", "\"\"", " ", "OML^O21^OML_O21", "ORM^O01^ORM_O01", "ORU^R01^ORU_R01", "ADT^A01",
            "OML", "O21", "ORU", "R01", "2.3", "2.4", "2.5.1", "2.8", "P", "T", "D", "NW", "CA", "XO", "NH", "MR", "NHS", "LN", "L",
            "S", "A", "R", "SER", "EDTA", "CIT", "UE", "FBC", "CRP", "TROP", "NA", "K", "HB", "2951-2", "2823-3", "mmol/L", "g/L",
            "mg/dL", "NM", "ST", "TX", "SN", "F", "C", "H", "HH", "LL", "N", "<", ">5", "-1", "0", "1e999999999", "NaN",
            "19800214", "19800230", "20991231", "202401011200+0000", "M", "U", "9434765918", "0000000000",
            "\\F\\", "\\S\\", "\\E\\", "\\X0D\\", "\\.br\\", "^^^^", "~~", "&&"};
    private static final char[] DELIMITERS = {'|', '^', '~', '\\', '&'};

    private enum Edit { FIELD, COMPONENT, REPETITION, RENAME, DROP, COPY, JOIN, DELIMITER, INSERT, TRUNCATE }

    private Hl7Edits() {
    }

    static String apply(String message, FuzzedDataProvider data) {
        List<String> segments = new ArrayList<>(Arrays.asList(message.split("\r", -1)));
        for (int n = data.consumeInt(0, MAX_EDITS); n > 0 && !segments.isEmpty(); n--) {
            int s = data.consumeInt(0, segments.size() - 1);
            String segment = segments.get(s);
            switch (data.pickValue(Edit.values())) {
                case FIELD -> segments.set(s, replace(segment, '|', data.consumeInt(1, 30), value(data)));
                case COMPONENT -> {
                    int f = data.consumeInt(1, Math.max(1, parts(segment, '|').size() - 1));
                    segments.set(s, replace(segment, '|', f, replace(part(segment, '|', f), '^', data.consumeInt(0, 6), value(data))));
                }
                case REPETITION -> {
                    int f = data.consumeInt(1, 30);
                    segments.set(s, replace(segment, '|', f, part(segment, '|', f) + "~" + value(data)));
                }
                case RENAME -> segments.set(s, replace(segment, '|', 0,
                        data.consumeBoolean() ? data.pickValue(SEGMENT_NAMES) : data.consumeString(4)));
                case DROP -> segments.remove(s);
                case COPY -> segments.add(data.consumeInt(0, segments.size()), segment);
                case JOIN -> {
                    if (s + 1 < segments.size()) {
                        segments.set(s, segment + data.pickValue(new String[]{"", "\n", "\r\n", "|"}) + segments.remove(s + 1));
                    }
                }
                case DELIMITER -> {
                    // Changed throughout, MSH-1/MSH-2 included: the message stays well-formed in its own delimiters.
                    char from = data.pickValue(DELIMITERS);
                    char to = data.consumeChar();
                    segments.replaceAll(each -> each.replace(from, to));
                }
                case INSERT -> {
                    int at = data.consumeInt(0, segment.length());
                    segments.set(s, segment.substring(0, at) + value(data) + segment.substring(at));
                }
                case TRUNCATE -> {
                    segments.set(s, segment.substring(0, data.consumeInt(0, segment.length())));
                    segments.subList(s + 1, segments.size()).clear();
                }
            }
        }
        return String.join("\r", segments);
    }

    private static String value(FuzzedDataProvider data) {
        return data.consumeBoolean() ? data.pickValue(WORDS) : data.consumeString(40);
    }

    private static List<String> parts(String text, char separator) {
        return new ArrayList<>(Arrays.asList(text.split(Pattern.quote(String.valueOf(separator)), -1)));
    }

    private static String part(String text, char separator, int index) {
        List<String> parts = parts(text, separator);
        return index < parts.size() ? parts.get(index) : "";
    }

    /** The text with part {@code index} (split at {@code separator}) replaced, empty parts added up to it if needed. */
    private static String replace(String text, char separator, int index, String value) {
        List<String> parts = parts(text, separator);
        while (parts.size() <= index) {
            parts.add("");
        }
        parts.set(index, value);
        return String.join(String.valueOf(separator), parts);
    }
}
