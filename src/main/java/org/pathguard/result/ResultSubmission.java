package org.pathguard.result;

import java.util.List;

/**
 * Results for one specimen, from an analyser or typed in. Analyser flags (e.g. "HAEMOLYSIS",
 * "CLOT") apply to the whole run; per-result flags to one value. {@code performedBy} names the partner
 * laboratory that did the tests when they were referred, and is null for this lab's own work. {@code analyser} is
 * the code of the registered analyser that measured them (HL7 OBX-18 or the sending application); null when not named.
 */
public record ResultSubmission(String barcode, List<String> analyserFlags, List<Item> results, PerformingLab performedBy,
                               String analyser) {

    public ResultSubmission(String barcode, List<String> analyserFlags, List<Item> results) {
        this(barcode, analyserFlags, results, null, null);
    }

    public ResultSubmission(String barcode, List<String> analyserFlags, List<Item> results, PerformingLab performedBy) {
        this(barcode, analyserFlags, results, performedBy, null);
    }

    public record Item(String analyte, String value, String unit, List<String> analyserFlags) {
    }
}
