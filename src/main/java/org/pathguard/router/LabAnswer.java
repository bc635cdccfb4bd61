package org.pathguard.router;

import ca.uhn.hl7v2.parser.EncodingCharacters;
import ca.uhn.hl7v2.parser.Escape;
import org.pathguard.interop.hl7.Acknowledgement;

/**
 * What a receiver answered a message the router passed on: MSA-1, the reason (ERR-8, else MSA-3), the HL7 error code
 * (ERR-3), and for an order response the first ORC's order control (ORC-1) and accession (ORC-3).
 */
record LabAnswer(String code, String reason, String error, String orderControl, String accession) {

    /** AA (or CA), and no ORC saying the order itself was not taken (ORC-1 UA). */
    boolean taken() {
        return ("AA".equals(code) || "CA".equals(code)) && !"UA".equals(orderControl);
    }

    /** AE or CE with 206 or 207: the receiver asks for the same message again later. */
    boolean tryAgain() {
        return Acknowledgement.asksForResend(code, error);
    }

    /** What the requester and the network manager are told when it was not taken. */
    String refusal() {
        return "UA".equals(orderControl) && ("AA".equals(code) || "CA".equals(code)) ? "unable to accept the order (ORC-1 UA)" : reason;
    }

    static LabAnswer read(String answer) {
        String code = "";
        String reason = "";
        String error = "";
        String control = null;
        String accession = null;
        for (String segment : answer.split("[\r\n]+")) {
            String[] f = segment.split("\\|", -1);
            switch (f[0]) {
                case "MSA" -> {
                    code = field(f, 1);
                    reason = field(f, 3);
                }
                case "ERR" -> {
                    reason = field(f, 8).isEmpty() ? reason : field(f, 8);
                    error = field(f, 3).split("\\^", -1)[0];
                }
                case "ORC" -> {
                    if (control == null) {
                        control = field(f, 1);
                        String filler = field(f, 3).split("\\^", -1)[0];
                        accession = filler.isEmpty() ? null : filler;
                    }
                }
                default -> {
                }
            }
        }
        return new LabAnswer(code, reason.isEmpty() ? "no reason given" : Escape.unescape(reason, EncodingCharacters.defaultInstance()),
                error, control, accession);
    }

    private static String field(String[] fields, int n) {
        return fields.length > n ? fields[n] : "";
    }
}
