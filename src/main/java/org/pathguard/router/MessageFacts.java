package org.pathguard.router;

import org.pathguard.interop.hl7.Hl7Rejection;
import org.pathguard.interop.hl7.MessageHeader;
import org.pathguard.interop.hl7.PriorityCode;
import org.pathguard.lab.Priority;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What the router reads of a message it passes on: never the patient, only what routing needs. Read from the text with
 * the message's own separators, as the lab reads the same fields (ORC-21, else ORC-17, else MSH-4 for the requester;
 * TQ1-9, OBR-27.6 or ORC-7.6 for the priority), so the router and the lab agree on who asked and how urgently.
 */
final class MessageFacts {

    /** One order message: one routed order, under the placer number the lab will file it by ({@link #key}). */
    record Order(String orderControl, String placerNumber, String placerGroup, Priority priority, List<String> tests,
                 String requesterOds) {

        /** What the lab files the order under, and names in its results: the placer group (ORC-4) if sent, else ORC-2. */
        String key() {
            return placerGroup != null ? placerGroup : placerNumber;
        }
    }

    /** A result message: the placer number it answers (ORC-2, else OBR-2) and the requester it is for. */
    record Result(String placerNumber, String requesterOds) {
    }

    private MessageFacts() {
    }

    static Order order(MessageHeader header, String message) {
        Separators s = Separators.of(header);
        String control = null;
        String placer = null;
        String group = null;
        String requester = null;
        Priority priority = null;
        Set<String> keys = new LinkedHashSet<>();
        Set<String> requesters = new LinkedHashSet<>();
        List<String> tests = new ArrayList<>();
        for (String segment : message.split("\r")) {
            String[] f = s.fields(segment);
            switch (f[0]) {
                case "ORC" -> {
                    String thisControl = s.component(field(f, 1), 1);
                    control = control == null ? thisControl : control;
                    String thisPlacer = s.component(field(f, 2), 1);
                    String thisGroup = s.component(field(f, 4), 1);
                    placer = placer == null ? blankToNull(thisPlacer) : placer;
                    group = group == null ? blankToNull(thisGroup) : group;
                    keys.add(!thisGroup.isEmpty() ? thisGroup : thisPlacer);
                    String facility = s.component(field(f, 21), 10);
                    facility = facility.isEmpty() ? s.component(field(f, 21), 1) : facility;
                    facility = facility.isEmpty() ? s.component(field(f, 17), 1) : facility;
                    requesters.add(facility.isEmpty() ? header.sendingFacility() : facility);
                    priority = highest(priority, s.component(field(f, 7), 6));
                }
                case "TQ1" -> priority = highest(priority, s.component(field(f, 9), 1));
                case "OBR" -> {
                    String code = s.component(field(f, 4), 1);
                    if (code.isEmpty()) {
                        throw Hl7Rejection.error(Hl7Rejection.REQUIRED_FIELD_MISSING, "OBR-4 (test code) is empty; nothing was recorded");
                    }
                    if (!tests.contains(code)) {
                        tests.add(code);
                    }
                    if (placer == null) {
                        placer = blankToNull(s.component(field(f, 2), 1));
                    }
                    priority = highest(priority, s.component(field(f, 27), 6));
                }
                default -> {
                }
            }
        }
        if (control == null) {
            throw Hl7Rejection.error(Hl7Rejection.SEGMENT_SEQUENCE_ERROR, "The message has no ORC/OBR order group; nothing was recorded");
        }
        if (tests.isEmpty()) {
            throw Hl7Rejection.error(Hl7Rejection.REQUIRED_FIELD_MISSING, "The message requests no test (OBR-4); nothing was recorded");
        }
        if (placer == null) {
            throw Hl7Rejection.error(Hl7Rejection.REQUIRED_FIELD_MISSING, "ORC-2 (placer order number) is empty: the router keeps "
                    + "each order by its placer number, so a practice knows which one to re-bleed; nothing was recorded");
        }
        if (keys.size() > 1) {
            throw Hl7Rejection.reject(Hl7Rejection.SEGMENT_SEQUENCE_ERROR, "The network router takes one order per message: these "
                    + "order groups have different placer numbers " + keys + " and no common placer group (ORC-4); send each "
                    + "order in a message of its own; nothing was recorded");
        }
        if (requesters.size() > 1) {
            throw Hl7Rejection.reject(Hl7Rejection.TABLE_VALUE_NOT_FOUND, "One message orders for one requester; these order "
                    + "groups name " + requesters + " (ORC-21, ORC-17 or MSH-4); nothing was recorded");
        }
        requester = requesters.iterator().next();
        if (placer.length() > 100 || (group != null && group.length() > 100)) {
            throw Hl7Rejection.reject(Hl7Rejection.DATA_TYPE_ERROR, "ORC-2 or ORC-4 is longer than 100 characters; nothing was recorded");
        }
        return new Order(control, placer, group, priority == null ? Priority.ROUTINE : priority, List.copyOf(tests), requester);
    }

    static Result result(MessageHeader header, String message) {
        Separators s = Separators.of(header);
        String placer = null;
        String requester = null;
        for (String segment : message.split("\r")) {
            String[] f = s.fields(segment);
            if (f[0].equals("ORC") && placer == null) {
                placer = blankToNull(s.component(field(f, 2), 1));
                String facility = s.component(field(f, 21), 10);
                requester = blankToNull(facility.isEmpty() ? s.component(field(f, 21), 1) : facility);
            } else if (f[0].equals("OBR") && placer == null) {
                placer = blankToNull(s.component(field(f, 2), 1));
            }
        }
        if (placer == null) {
            throw Hl7Rejection.error(Hl7Rejection.REQUIRED_FIELD_MISSING, "The result names no placer order number (ORC-2 or OBR-2): "
                    + "the router cannot tell which order it answers; nothing was recorded");
        }
        return new Result(placer, requester != null ? requester : blankToNull(header.receivingFacility()));
    }


    /** The message's priority is the highest any of its order groups asks for. */
    private static Priority highest(Priority so, String code) {
        Priority next = PriorityCode.read(code);
        if (so == null) {
            return next;
        }
        return next == null || so.ordinal() <= next.ordinal() ? so : next;
    }

    private static String field(String[] fields, int n) {
        return n < fields.length ? fields[n] : "";
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    /** The message's own field and component separators (MSH-1, MSH-2). */
    private record Separators(String field, String component, String repetition) {

        static Separators of(MessageHeader header) {
            String encoding = header.encodingCharacters().length() >= 2 ? header.encodingCharacters() : "^~";
            return new Separators(String.valueOf(header.fieldSeparator()), encoding.substring(0, 1), encoding.substring(1, 2));
        }

        String[] fields(String segment) {
            return segment.strip().split(java.util.regex.Pattern.quote(field), -1);
        }

        String component(String value, int n) {
            String first = value.split(java.util.regex.Pattern.quote(repetition), -1)[0];
            String[] parts = first.split(java.util.regex.Pattern.quote(component), -1);
            return n - 1 < parts.length ? parts[n - 1].strip() : "";
        }
    }
}
