package org.pathguard.interop.hl7;

import ca.uhn.hl7v2.parser.EncodingCharacters;
import ca.uhn.hl7v2.parser.Escape;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.UUID;

/**
 * Builds acknowledgements as text: a general ACK, or the order response (ORL^O22, ORR^O02) that
 * returns the accession number. Text from us only, escaped; never a copy of the inbound content.
 */
public final class Acknowledgement {

    public static final String APPLICATION = "PATHGUARD";
    private static final EncodingCharacters ENCODING = EncodingCharacters.defaultInstance();
    private static final DateTimeFormatter HL7_TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmssZ");

    /**
     * An order group the lab accepted ({@code control} OK) or cancelled as asked (CR): its placer number (ORC-2), the
     * placer group it was filed under (ORC-4, when sent) and the accession of the lab's order (ORC-3).
     */
    record AcceptedOrder(String control, String placerOrderNumber, String placerGroupNumber, String accession) {
    }

    private Acknowledgement() {
    }

    /**
     * Whether an answer asks for the same message again later rather than refusing it: AE (or CE) with HL7 error 206
     * (the record it names is not ready: a referral not yet recorded as accepted) or 207 (the receiver could not
     * tell whether it recorded it). Senders retry those with backoff; any other AE or AR is final.
     */
    public static boolean asksForResend(String ackCode, String errorCode) {
        return ("AE".equals(ackCode) || "CE".equals(ackCode))
                && (Hl7Rejection.APPLICATION_RECORD_LOCKED.equals(errorCode) || Hl7Rejection.APPLICATION_INTERNAL_ERROR.equals(errorCode));
    }

    public static String accept(MessageHeader to, String labFacility) {
        return header(to, labFacility, "ACK^" + to.triggerEvent() + "^ACK") + "\rMSA|AA|" + escape(to.controlId());
    }

    public static String refuse(MessageHeader to, String labFacility, Hl7Rejection why) {
        String trigger = to.triggerEvent().isEmpty() ? "" : to.triggerEvent();
        String text = escape(why.getMessage());
        return header(to, labFacility, "ACK^" + trigger + "^ACK")
                + "\rMSA|" + why.ackCode() + "|" + escape(to.controlId()) + "|" + text
                + "\rERR|||" + why.errorCode() + "^" + errorName(why.errorCode()) + "^HL70357|E||||" + text;
    }

    /** ORL^O22 for an OML^O21, ORR^O02 for an ORM^O01: one ORC per order group with its accession (ORC-3). */
    static String acceptOrders(MessageHeader to, String labFacility, String nhsNumber, List<AcceptedOrder> orders) {
        boolean oml = "OML".equals(to.messageType());
        StringBuilder out = new StringBuilder(header(to, labFacility, oml ? "ORL^O22^ORL_O22" : "ORR^O02^ORR_O02"))
                .append("\rMSA|AA|").append(escape(to.controlId()));
        if (oml) {
            out.append("\rPID|||").append(nhsNumber).append("^^^NHS^NH");
        }
        for (AcceptedOrder order : orders) {
            out.append("\rORC|").append(order.control()).append('|').append(escape(order.placerOrderNumber()))
                    .append('|').append(order.accession()).append("^").append(APPLICATION);
            if (order.placerGroupNumber() != null) {
                out.append('|').append(escape(order.placerGroupNumber()));
            }
        }
        return out.toString();
    }

    /**
     * The network router's answer to an order it took: ORL^O22 (ORR^O02 for an ORM^O01) with a note (NTE) in the words the
     * requester is told and one ORC saying what became of the order: ORC-1 OK (taken) or UA (not taken), ORC-5 its status
     * (IP in process, HD held, CA not done). It names no patient: the placer number is the requester's own key.
     */
    public static String orderFate(MessageHeader to, String facility, String orderControl, String placerNumber, String placerGroup,
                                   String orderStatus, String note) {
        boolean oml = "OML".equals(to.messageType());
        return header(to, facility, oml ? "ORL^O22^ORL_O22" : "ORR^O02^ORR_O02") + "\rMSA|AA|" + escape(to.controlId())
                + "\rNTE|1|L|" + escape(note)
                + "\rORC|" + orderControl + "|" + escape(placerNumber) + "||" + escape(placerGroup) + "|" + orderStatus;
    }

    private static String header(MessageHeader to, String labFacility, String type) {
        String processing = to.processingId().isEmpty() ? "P" : to.processingId();
        return "MSH|^~\\&|" + APPLICATION + "|" + escape(labFacility) + "|" + escape(to.sendingApplication()) + "|"
                + escape(to.sendingFacility()) + "|" + ZonedDateTime.now(ZoneOffset.UTC).format(HL7_TIME) + "||" + type
                + "|" + UUID.randomUUID().toString().replace("-", "").substring(0, 20) + "|" + escape(processing) + "|2.5.1";
    }

    public static String escape(String text) {
        return text == null ? "" : Escape.escape(text, ENCODING);
    }

    private static String errorName(String code) {
        return switch (code) {
            case Hl7Rejection.SEGMENT_SEQUENCE_ERROR -> "Segment sequence error";
            case Hl7Rejection.REQUIRED_FIELD_MISSING -> "Required field missing";
            case Hl7Rejection.DATA_TYPE_ERROR -> "Data type error";
            case Hl7Rejection.TABLE_VALUE_NOT_FOUND -> "Table value not found";
            case Hl7Rejection.UNSUPPORTED_MESSAGE_TYPE -> "Unsupported message type";
            case Hl7Rejection.UNSUPPORTED_PROCESSING_ID -> "Unsupported processing id";
            case Hl7Rejection.UNSUPPORTED_VERSION_ID -> "Unsupported version id";
            case Hl7Rejection.UNKNOWN_KEY_IDENTIFIER -> "Unknown key identifier";
            case Hl7Rejection.DUPLICATE_KEY_IDENTIFIER -> "Duplicate key identifier";
            default -> "Application internal error";
        };
    }
}
