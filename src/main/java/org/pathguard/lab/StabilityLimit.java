package org.pathguard.lab;

import java.time.Duration;

/**
 * How long after collection an analyte can still be measured in a tube of one specimen type, kept as {@code condition}
 * says (unspun clotted blood at room temperature, say), and the published guidance the figure comes from. Past it the
 * value no longer reads the patient's blood (potassium leaks out of cells, glucose is used up by them): the tube needs a
 * re-bleed, not a late test.
 */
public record StabilityLimit(String analyte, String specimenType, Duration within, String condition, String source) {

    public StabilityLimit {
        if (within == null || within.isNegative() || within.isZero()) {
            throw new IllegalArgumentException("The stability of " + analyte + " in " + specimenType + " must be a positive time");
        }
        if (condition == null || condition.isBlank() || source == null || source.isBlank()) {
            throw new IllegalArgumentException("The stability of " + analyte + " in " + specimenType
                    + " must say how the tube is kept and where the figure comes from");
        }
    }

    /** "4 h", "30 min", "3 days": as the limit is said at reception and in the validation queue. */
    public String withinWords() {
        long minutes = within.toMinutes();
        if (minutes % (24 * 60) == 0 && minutes >= 48 * 60) {
            return minutes / (24 * 60) + " days";
        }
        if (minutes % 60 == 0) {
            return minutes / 60 + " h";
        }
        return minutes >= 60 ? minutes / 60 + " h " + minutes % 60 + " min" : minutes + " min";
    }
}
