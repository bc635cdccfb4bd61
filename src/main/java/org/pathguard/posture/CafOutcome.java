package org.pathguard.posture;

/**
 * The Cyber Assessment Framework's contributing outcomes that PathGuard's own state bears on, as the DSPT
 * (aligned with the CAF since September 2024) names them. Outcomes PathGuard cannot see (board direction,
 * staff training, supply chain) are not listed: the lab answers those in the toolkit itself.
 */
public enum CafOutcome {
    A3_A("A3.a", "Asset management"),
    B2_A("B2.a", "Identity verification, authentication and authorisation"),
    B2_C("B2.c", "Privileged user management"),
    B2_D("B2.d", "Identity and access management"),
    B3_B("B3.b", "Data in transit"),
    B3_C("B3.c", "Stored data"),
    B4_B("B4.b", "Secure configuration"),
    B4_D("B4.d", "Vulnerability management"),
    B5_A("B5.a", "Resilience preparation"),
    B5_C("B5.c", "Backups"),
    C1_A("C1.a", "Monitoring coverage"),
    C1_B("C1.b", "Securing logs"),
    C1_C("C1.c", "Generating alerts"),
    D1_C("D1.c", "Testing and exercising");

    private final String code;
    private final String title;

    CafOutcome(String code, String title) {
        this.code = code;
        this.title = title;
    }

    /** The code the toolkit uses, e.g. "B2.a". */
    public String code() {
        return code;
    }

    public String title() {
        return title;
    }
}
