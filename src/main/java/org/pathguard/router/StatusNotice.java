package org.pathguard.router;

import org.pathguard.interop.hl7.Acknowledgement;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.UUID;

/**
 * The unsolicited order status the router sends a requester when an order it had already acknowledged changes fate
 * (its home lab was declared down before the order reached it, or a partner refused it): an OML^O21 (ORM^O01 for a
 * requester that ordered with ORM) with ORC-1 SC (status changed), ORC-5 the order status and an NTE with the note.
 * It names no patient: the placer number is the requester's own key for the order.
 */
final class StatusNotice {

    private static final DateTimeFormatter HL7_TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmssZ");

    private StatusNotice() {
    }

    static String of(String routerFacility, String requesterOds, String messageType, String placerNumber, String placerGroup,
                     String orderStatus, String note) {
        boolean oml = messageType.startsWith("OML");
        return "MSH|^~\\&|" + Acknowledgement.APPLICATION + "|" + Acknowledgement.escape(routerFacility) + "||"
                + Acknowledgement.escape(requesterOds) + "|" + ZonedDateTime.now(ZoneOffset.UTC).format(HL7_TIME) + "||"
                + (oml ? "OML^O21^OML_O21" : "ORM^O01^ORM_O01") + "|" + UUID.randomUUID().toString().replace("-", "").substring(0, 20)
                + "|P|2.5.1\rNTE|1|L|" + Acknowledgement.escape(note)
                + "\rORC|SC|" + Acknowledgement.escape(placerNumber) + "||" + Acknowledgement.escape(placerGroup) + "|" + orderStatus
                + "||||||||||||||||" + Acknowledgement.escape(requesterOds);
    }

    /** ORC-5 for a fate: IP in process (with a lab), HD held at the router, CA not done. */
    static String orderStatus(OrderTriaged.Outcome outcome) {
        return switch (outcome) {
            case ROUTED -> "IP";
            case DEFERRED -> "HD";
            case REFUSED -> "CA";
        };
    }
}
