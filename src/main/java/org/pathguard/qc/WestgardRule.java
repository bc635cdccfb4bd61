package org.pathguard.qc;

/**
 * The Westgard multirules, as named in the lab. 1-2s only warns; each of the others rejects the run, because
 * it is unlikely by chance in an analyser that is working (1-3s, R-4s: random error; 2-2s, 4-1s, 10x: a shift).
 */
public enum WestgardRule {
    ONE_2S("1-2s", false, "one control beyond 2 SD"),
    ONE_3S("1-3s", true, "one control beyond 3 SD"),
    TWO_2S("2-2s", true, "two consecutive controls beyond 2 SD on the same side"),
    R_4S("R-4s", true, "two controls in one run more than 4 SD apart, one beyond +2 SD and one beyond -2 SD"),
    FOUR_1S("4-1s", true, "four consecutive controls beyond 1 SD on the same side"),
    TEN_X("10x", true, "ten consecutive controls on the same side of the mean");

    private final String label;
    private final boolean rejects;
    private final String meaning;

    WestgardRule(String label, boolean rejects, String meaning) {
        this.label = label;
        this.rejects = rejects;
        this.meaning = meaning;
    }

    /** How the lab writes it: "2-2s". */
    public String label() {
        return label;
    }

    public boolean rejects() {
        return rejects;
    }

    public String meaning() {
        return meaning;
    }
}
