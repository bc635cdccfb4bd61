package org.pathguard.ui;

import org.pathguard.lab.HoldReason;
import org.pathguard.lab.Units;
import org.pathguard.patient.Patient;
import org.springframework.stereotype.Component;

import java.util.Locale;
import java.util.Map;

/** The words the screens show for the lab's codes and for a patient (templates call it as {@code @wording}). */
@Component("wording")
class Wording {

    /** A refusal's heading and page title in words, never the HTTP reason phrase ("Unprocessable Content"). */
    public static String refusal(int status) {
        return switch (status) {
            case 400 -> "The address or form could not be read";
            case 401 -> "Sign in first";
            case 403 -> "Not allowed";
            case 404 -> "Not found";
            case 409 -> "Already done, or changed meanwhile";
            case 413 -> "Too large to take";
            case 429 -> "Too many attempts for now";
            default -> status >= 500 ? "Something went wrong" : "This could not be done";
        };
    }

    /** Codes whose words are not their name read aloud: a result held for QC is held because the analyser's QC failed. */
    private static final Map<Enum<?>, String> WORDS = Map.of(HoldReason.QC, "QC failed",
            HoldReason.PAST_STABILITY, "Tube past its stability (re-bleed)");

    /** LAB_MANAGER as "Lab manager", HAEMOLYSED as "Haemolysed", QC (a hold reason) as "QC failed". */
    public static String of(Enum<?> code) {
        if (WORDS.containsKey(code)) {
            return WORDS.get(code);
        }
        String words = code.name().toLowerCase(Locale.ROOT).replace('_', ' ');
        return Character.toUpperCase(words.charAt(0)) + words.substring(1);
    }

    /** The NHS way of writing a patient's name on a record or label: "OKONKWO, Ada". */
    public static String name(Patient patient) {
        return patient.familyName().toUpperCase(Locale.ROOT) + ", " + patient.givenName();
    }

    /** A UCUM unit as people write it (×10⁹/L); screens and printed reports show this, the interfaces keep UCUM. */
    public static String unit(String ucum) {
        return Units.written(ucum);
    }
}
