package org.pathguard.lab;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Why a specimen was not accepted for testing. */
public enum RejectionReason {
    UNLABELLED, HAEMOLYSED, WRONG_CONTAINER, INSUFFICIENT, CLOTTED;

    /** The reasons as people say them: "unlabelled, haemolysed, wrong container, insufficient or clotted". */
    public static String inWords() {
        String all = Arrays.stream(values()).map(r -> r.name().toLowerCase(Locale.ROOT).replace('_', ' '))
                .collect(Collectors.joining(", "));
        int last = all.lastIndexOf(", ");
        return all.substring(0, last) + " or " + all.substring(last + 2);
    }
}
