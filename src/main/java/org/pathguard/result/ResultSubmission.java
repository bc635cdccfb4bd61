package org.pathguard.result;

import java.util.List;

/**
 * Results for one specimen, from an analyser or typed in. Analyser flags (e.g. "HAEMOLYSIS",
 * "CLOT") apply to the whole run; per-result flags to one value.
 */
public record ResultSubmission(String barcode, List<String> analyserFlags, List<Item> results) {

    public record Item(String analyte, String value, String unit, List<String> analyserFlags) {
    }
}
