package org.pathguard.incident;

/**
 * Figures the NHS's incident update needs that no lab system can know, entered by the incident cell for each
 * organisation and day: counts are whole numbers, days of stock may be fractional.
 */
public enum FigureKind {
    ELECTIVE_PROCEDURES_POSTPONED("elective procedures postponed", true),
    OUTPATIENT_APPOINTMENTS_POSTPONED("outpatient appointments postponed", true),
    O_NEGATIVE_STOCK_DAYS("days of O-negative red cells in stock", false);

    private final String words;
    private final boolean whole;

    FigureKind(String words, boolean whole) {
        this.words = words;
        this.whole = whole;
    }

    public String words() {
        return words;
    }

    /** A count of things (no fractions), as opposed to days of stock. */
    public boolean whole() {
        return whole;
    }
}
