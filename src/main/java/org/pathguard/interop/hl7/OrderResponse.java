package org.pathguard.interop.hl7;

import ca.uhn.hl7v2.parser.EncodingCharacters;
import ca.uhn.hl7v2.parser.Escape;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a receiver answered an order (its ORL^O22, ORR^O02 or ACK), read from the text: MSA-1, the reason (ERR-8, else
 * MSA-3), the HL7 error code (ERR-3), the first ORC's order control (ORC-1), accession (ORC-3) and status (ORC-5), ORC-1
 * and ORC-3 per placer number (ORC-2), and the note (the first NTE-3). A partner lab's answer to a referral, a lab's answer
 * to the router, and the router's answer to an order that came by FHIR are all read here.
 */
public record OrderResponse(String code, String reason, String error, String firstControl, String firstAccession,
                            String firstStatus, String note, Map<String, String> accessions, Map<String, String> controls) {

    public static OrderResponse read(String answer) {
        String code = "";
        String reason = "";
        String error = "";
        String firstControl = null;
        String firstAccession = null;
        String firstStatus = "";
        String note = "";
        Map<String, String> accessions = new LinkedHashMap<>();
        Map<String, String> controls = new LinkedHashMap<>();
        for (String segment : answer.split("[\r\n]+")) {
            String[] f = segment.split("\\|", -1);
            switch (f[0]) {
                case "MSA" -> {
                    code = field(f, 1);
                    reason = field(f, 3);
                }
                case "ERR" -> {
                    reason = field(f, 8).isEmpty() ? reason : field(f, 8);
                    error = component(field(f, 3));
                }
                case "NTE" -> note = note.isEmpty() ? unescape(field(f, 3)) : note;
                case "ORC" -> {
                    String placer = component(field(f, 2));
                    String filler = component(field(f, 3));
                    controls.put(placer, field(f, 1));
                    if (!filler.isEmpty()) {
                        accessions.put(placer, filler);
                    }
                    if (firstControl == null) {
                        firstControl = field(f, 1);
                        firstAccession = filler.isEmpty() ? null : filler;
                        firstStatus = field(f, 5);
                    }
                }
                default -> {
                }
            }
        }
        return new OrderResponse(code, reason.isEmpty() ? "no reason given" : unescape(reason), error, firstControl, firstAccession,
                firstStatus, note, accessions, controls);
    }

    /** AA, or CA (an accepted enhanced-mode commit). */
    public boolean accepted() {
        return "AA".equals(code) || "CA".equals(code);
    }

    /** AE or CE with 206 or 207: the receiver asks for the same message again later. */
    public boolean tryAgain() {
        return Acknowledgement.asksForResend(code, error);
    }

    /** The receiver's answer for one order: UA (unable to accept) or UC (unable to cancel). */
    public boolean unableToAccept(String placerNumber) {
        String control = controls.get(placerNumber);
        return "UA".equals(control) || "UC".equals(control);
    }

    /** The receiver's accession for an order: by its placer number, or the only one it gave. */
    public String accession(String placerNumber) {
        String exact = accessions.get(placerNumber);
        return exact != null ? exact : accessions.size() == 1 ? accessions.values().iterator().next() : null;
    }

    private static String field(String[] fields, int n) {
        return fields.length > n ? fields[n] : "";
    }

    private static String component(String field) {
        return field.split("\\^", -1)[0];
    }

    private static String unescape(String text) {
        return Escape.unescape(text, EncodingCharacters.defaultInstance());
    }
}
