package org.pathguard.posture;

/**
 * One thing the lab can show about a CAF outcome. AUTOMATED ones are probed on the live system; MANUAL ones are
 * attested by a named person with a link to the evidence, and lapse a year after.
 *
 * @param id stable, lower-case with hyphens (e.g. "b2-second-factor"); the API, the screen and the pack use it
 */
public record Indicator(String id, CafOutcome outcome, String title, Kind kind) {

    public enum Kind {
        AUTOMATED, MANUAL
    }
}
