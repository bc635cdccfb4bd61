package org.pathguard.bench;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * HL7 v2.5.1 messages as order communications and analysers send them, for the load generator and
 * the interface tests. Fields are placed by number so a message reads like its specification.
 */
public final class SyntheticMessages {

    private static final DateTimeFormatter HL7_TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");

    /** A patient as PID carries them. */
    public record Person(String nhsNumber, String hospitalNumber, String familyName, String givenName,
                         String dateOfBirth, String sex, String postcode) {
    }

    /** One test requested, with the tube taken for it. */
    public record Request(String testCode, String barcode, String specimenType) {
    }

    /** One analyser result: analyte code (or LOINC with system LN), value and unit. */
    public record Observation(String code, String codingSystem, String value, String unit) {
    }

    private SyntheticMessages() {
    }

    public static String oml(String controlId, String requesterOds, String placerOrderNumber, Person person,
                             String priority, String clinicalDetails, List<Request> requests) {
        StringBuilder m = new StringBuilder(msh("ICE", requesterOds, "OML^O21^OML_O21", controlId));
        m.append('\r').append(pid(person));
        int n = 0;
        for (Request r : requests) {
            m.append('\r').append(segment("ORC", Map.of(1, "NW", 2, placerOrderNumber, 12, "C3456789^Jones^Alice",
                    21, "Ward 5^^^^^^^^^" + requesterOds)));
            m.append('\r').append(segment("TQ1", Map.of(1, "1", 9, priority)));
            m.append('\r').append(segment("OBR", Map.of(1, String.valueOf(++n), 2, placerOrderNumber,
                    4, r.testCode() + "^^L", 13, clinicalDetails == null ? "" : clinicalDetails)));
            if (r.barcode() != null) {
                m.append('\r').append(segment("SPM", Map.of(1, "1", 2, r.barcode(), 4, r.specimenType() + "^^L",
                        17, now())));
            }
        }
        return m.toString();
    }

    /** An analyser's ORU^R01 for one tube: OBR-3 and SPM-2 name the specimen by its barcode. */
    public static String oru(String controlId, String specimenId, String nhsNumber, List<Observation> observations) {
        StringBuilder m = new StringBuilder(msh("COBAS", "PGLAB", "ORU^R01^ORU_R01", controlId));
        if (nhsNumber != null) {
            m.append('\r').append(segment("PID", Map.of(1, "1", 3, nhsNumber + "^^^NHS^NH")));
        }
        m.append('\r').append(segment("OBR", Map.of(1, "1", 3, specimenId, 4, "RUN^Analyser run^L")));
        int n = 0;
        for (Observation o : observations) {
            m.append('\r').append(segment("OBX", Map.of(1, String.valueOf(++n), 2, "NM",
                    3, o.code() + "^^" + o.codingSystem(), 5, o.value(), 6, o.unit() == null ? "" : o.unit(), 11, "F")));
        }
        m.append('\r').append(segment("SPM", Map.of(1, "1", 2, specimenId)));
        return m.toString();
    }

    public static String pid(Person p) {
        Map<Integer, String> fields = new TreeMap<>(Map.of(1, "1", 3, p.nhsNumber() + "^^^NHS^NH"
                + (p.hospitalNumber() == null ? "" : "~" + p.hospitalNumber() + "^^^RJ122^MR")));
        if (p.familyName() != null) {
            fields.put(5, p.familyName() + "^" + (p.givenName() == null ? "" : p.givenName()));
        }
        if (p.dateOfBirth() != null) {
            fields.put(7, p.dateOfBirth());
        }
        fields.put(8, p.sex() == null ? "U" : p.sex());
        if (p.postcode() != null) {
            fields.put(11, "^^^^" + p.postcode());
        }
        return segment("PID", fields);
    }

    public static String msh(String application, String facility, String type, String controlId) {
        return "MSH|^~\\&|" + application + "|" + facility + "|PATHGUARD|PGLAB|" + now() + "||" + type + "|" + controlId + "|P|2.5.1";
    }

    /** A segment with the given fields (by HL7 field number) and empty ones between. */
    public static String segment(String name, Map<Integer, String> fields) {
        TreeMap<Integer, String> sorted = new TreeMap<>(fields);
        StringBuilder s = new StringBuilder(name);
        int last = sorted.isEmpty() ? 0 : sorted.lastKey();
        for (int i = 1; i <= last; i++) {
            s.append('|').append(sorted.getOrDefault(i, ""));
        }
        return s.toString();
    }

    private static String now() {
        return ZonedDateTime.now(ZoneOffset.UTC).format(HL7_TIME) + "+0000";
    }
}
