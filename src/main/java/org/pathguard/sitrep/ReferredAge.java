package org.pathguard.sitrep;

/** Referred work awaiting its result at the end of the period, by how long ago it was referred. */
public record ReferredAge(AgeBand band, int tests) {

    public enum AgeBand {
        UNDER_A_DAY("under 24 hours"), ONE_TO_TWO_DAYS("24 to 48 hours"), TWO_TO_THREE_DAYS("48 to 72 hours"),
        OVER_THREE_DAYS("over 72 hours");

        private final String words;

        AgeBand(String words) {
            this.words = words;
        }

        public String words() {
            return words;
        }
    }
}
