package org.pathguard.lab;

/**
 * What the lab takes as a scanned or typed tube barcode. Labels carry at most 32 characters, so anything
 * longer is a scanner that ran on (or something pasted), refused before it reaches a screen, a label or a log.
 * Barcodes are found whatever their case: Caps Lock on a keyboard-wedge scanner turns ABC123 into abc123.
 */
public final class Barcode {

    public static final int LONGEST = 32;

    private Barcode() {
    }

    /** The barcode as scanned, trimmed; refused when empty or longer than a label can carry. */
    public static String scanned(String typed) {
        String barcode = typed == null ? "" : typed.strip();
        if (barcode.isEmpty()) {
            throw new LabRuleViolation("missing-field", "Scan a specimen's barcode (or type it and press Enter)");
        }
        if (barcode.length() > LONGEST) {
            throw new LabRuleViolation("invalid-barcode", "A barcode has at most " + LONGEST + " characters; this scan had "
                    + barcode.length() + ". Scan the tube again, or type the barcode printed under the bars");
        }
        return barcode;
    }
}
