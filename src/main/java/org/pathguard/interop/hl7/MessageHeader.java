package org.pathguard.interop.hl7;

import java.util.Arrays;

/**
 * The MSH fields needed to route and answer a message, read straight from the text so that even a
 * message HAPI cannot parse (or one too large to read) gets an acknowledgement that names it.
 */
public record MessageHeader(char fieldSeparator, String encodingCharacters, String sendingApplication,
                     String sendingFacility, String receivingApplication, String receivingFacility,
                     String messageType, String triggerEvent, String controlId, String processingId,
                     String version) {

    public static final MessageHeader UNKNOWN = new MessageHeader('|', "^~\\&", "", "", "", "", "", "", "", "", "");

    /** The header of {@code text}, or empty values where it has none. */
    public static MessageHeader of(String text) {
        if (text == null || !text.startsWith("MSH") || text.length() < 8) {
            return UNKNOWN;
        }
        char separator = text.charAt(3);
        int end = firstSegmentEnd(text);
        String[] fields = text.substring(0, end).split(java.util.regex.Pattern.quote(String.valueOf(separator)), -1);
        // fields[1] is MSH-2; MSH-n is fields[n-1] because MSH-1 is the separator itself.
        String encoding = field(fields, 2);
        char component = encoding.isEmpty() ? '^' : encoding.charAt(0);
        String[] type = field(fields, 9).split(java.util.regex.Pattern.quote(String.valueOf(component)), -1);
        return new MessageHeader(separator, encoding.isEmpty() ? "^~\\&" : encoding,
                first(field(fields, 3), component), first(field(fields, 4), component),
                first(field(fields, 5), component), first(field(fields, 6), component),
                type[0], type.length > 1 ? type[1] : "", field(fields, 10), first(field(fields, 11), component),
                first(field(fields, 12), component));
    }

    /** Who sent it, as idempotency sees them: sending application and facility. */
    public String sender() {
        return sendingApplication + "^" + sendingFacility;
    }

    private static int firstSegmentEnd(String text) {
        int cr = text.indexOf('\r');
        int lf = text.indexOf('\n');
        int end = cr < 0 ? lf : (lf < 0 ? cr : Math.min(cr, lf));
        return end < 0 ? text.length() : end;
    }

    private static String field(String[] fields, int number) {
        return number - 1 < fields.length ? fields[number - 1].trim() : "";
    }

    private static String first(String field, char component) {
        int at = field.indexOf(component);
        return at < 0 ? field : field.substring(0, at);
    }

    @Override
    public String toString() {
        return Arrays.toString(new String[]{sender(), messageType + "^" + triggerEvent, controlId});
    }
}
