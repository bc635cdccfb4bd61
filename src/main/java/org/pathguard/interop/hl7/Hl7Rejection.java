package org.pathguard.interop.hl7;

/**
 * Why a message is refused, in HL7's terms: the acknowledgement code (AR when the message itself is
 * unacceptable, AE when its content cannot be applied) and the HL7 table 0357 error code.
 */
public class Hl7Rejection extends RuntimeException {

    public static final String REQUIRED_FIELD_MISSING = "101";
    public static final String DATA_TYPE_ERROR = "102";
    public static final String TABLE_VALUE_NOT_FOUND = "103";
    public static final String UNSUPPORTED_MESSAGE_TYPE = "200";
    public static final String UNSUPPORTED_PROCESSING_ID = "202";
    public static final String UNSUPPORTED_VERSION_ID = "203";
    public static final String UNKNOWN_KEY_IDENTIFIER = "204";
    public static final String DUPLICATE_KEY_IDENTIFIER = "205";
    public static final String APPLICATION_RECORD_LOCKED = "206";
    public static final String APPLICATION_INTERNAL_ERROR = "207";
    public static final String SEGMENT_SEQUENCE_ERROR = "100";

    private final String ackCode;
    private final String errorCode;

    Hl7Rejection(String ackCode, String errorCode, String text) {
        super(text, null, false, false);
        this.ackCode = ackCode;
        this.errorCode = errorCode;
    }

    public static Hl7Rejection reject(String errorCode, String text) {
        return new Hl7Rejection("AR", errorCode, text);
    }

    public static Hl7Rejection error(String errorCode, String text) {
        return new Hl7Rejection("AE", errorCode, text);
    }

    public String ackCode() {
        return ackCode;
    }

    public String errorCode() {
        return errorCode;
    }
}
