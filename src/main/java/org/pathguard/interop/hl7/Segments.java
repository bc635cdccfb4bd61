package org.pathguard.interop.hl7;

import org.pathguard.lab.LabTime;
import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.model.v251.datatype.CX;
import ca.uhn.hl7v2.model.v251.datatype.TS;
import ca.uhn.hl7v2.model.v251.datatype.XPN;
import ca.uhn.hl7v2.model.v251.segment.PID;
import org.pathguard.lab.Sex;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** Reading the fields PathGuard takes from inbound segments, with HL7's conventions for each. */
final class Segments {

    private static final ZoneId LAB_ZONE = LabTime.ZONE;

    /** What PID says about the patient. The NHS number is PID-3 with identifier type NH (or authority NHS). */
    record PatientIdentity(String nhsNumber, String hospitalNumber, String familyName, String givenName,
                           LocalDate dateOfBirth, Sex sex, String postcode) {
    }

    private Segments() {
    }

    static PatientIdentity patient(PID pid) throws HL7Exception {
        String nhs = null;
        String hospital = null;
        for (CX cx : pid.getPatientIdentifierList()) {
            String id = blankToNull(cx.getIDNumber().getValue());
            String type = cx.getIdentifierTypeCode().getValue();
            String authority = cx.getAssigningAuthority().getNamespaceID().getValue();
            if ("NH".equals(type) || "NHS".equalsIgnoreCase(authority)) {
                nhs = id;
            } else if ("MR".equals(type) || "PI".equals(type)) {
                hospital = id;
            }
        }
        XPN name = pid.getPatientNameReps() > 0 ? pid.getPatientName(0) : null;
        String dob = pid.getDateTimeOfBirth().getTime().getValue();
        String postcode = pid.getPatientAddressReps() > 0 ? pid.getPatientAddress(0).getZipOrPostalCode().getValue() : null;
        return new PatientIdentity(nhs == null ? null : nhs.replace(" ", ""), hospital,
                name == null ? null : blankToNull(name.getFamilyName().getSurname().getValue()),
                name == null ? null : blankToNull(name.getGivenName().getValue()),
                dob == null || dob.isBlank() ? null : date(dob, "PID-7"), sex(pid.getAdministrativeSex().getValue()),
                blankToNull(postcode));
    }

    static Sex sex(String code) {
        return switch (code == null ? "" : code) {
            case "M" -> Sex.MALE;
            case "F" -> Sex.FEMALE;
            default -> Sex.UNKNOWN;
        };
    }

    static LocalDate date(String value, String field) {
        if (value.length() < 8) {
            throw Hl7Rejection.error(Hl7Rejection.DATA_TYPE_ERROR, field + " must be a date YYYYMMDD");
        }
        try {
            return LocalDate.parse(value.substring(0, 8), DateTimeFormatter.BASIC_ISO_DATE);
        } catch (DateTimeParseException e) {
            throw Hl7Rejection.error(Hl7Rejection.DATA_TYPE_ERROR, field + " is not a valid date YYYYMMDD");
        }
    }

    /** A TS field as an instant; no zone offset means UK local time. Null when empty. */
    static Instant time(TS ts, String field) {
        String value = ts.getTime().getValue();
        if (value == null || value.isBlank()) {
            return null;
        }
        String digits = value.trim();
        String offset = "";
        int sign = Math.max(digits.indexOf('+'), digits.indexOf('-'));
        if (sign > 0) {
            offset = digits.substring(sign);
            digits = digits.substring(0, sign);
        }
        int dot = digits.indexOf('.');
        if (dot > 0) {
            digits = digits.substring(0, dot);
        }
        if (digits.length() < 12 || !digits.chars().allMatch(Character::isDigit)) {
            throw Hl7Rejection.error(Hl7Rejection.DATA_TYPE_ERROR, field + " must be a time YYYYMMDDHHMM[SS][+ZZZZ]");
        }
        try {
            LocalDateTime local = LocalDateTime.parse((digits + "00").substring(0, 14), DateTimeFormatter.ofPattern("yyyyMMddHHmmss"));
            return offset.isEmpty() ? local.atZone(LAB_ZONE).toInstant()
                    : local.atOffset(java.time.ZoneOffset.of(offset.substring(0, 3) + ":" + offset.substring(3))).toInstant();
        } catch (java.time.DateTimeException | StringIndexOutOfBoundsException e) {
            throw Hl7Rejection.error(Hl7Rejection.DATA_TYPE_ERROR, field + " is not a valid time YYYYMMDDHHMM[SS][+ZZZZ]");
        }
    }

    static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
