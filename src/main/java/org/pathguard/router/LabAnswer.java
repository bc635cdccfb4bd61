package org.pathguard.router;

import org.pathguard.interop.hl7.Acknowledgement;
import org.pathguard.interop.hl7.OrderResponse;

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
        OrderResponse response = OrderResponse.read(answer);
        return new LabAnswer(response.code(), response.reason(), response.error(), response.firstControl(), response.firstAccession());
    }
}
