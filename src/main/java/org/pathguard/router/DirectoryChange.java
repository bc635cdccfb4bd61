package org.pathguard.router;

/** One change to the network directory, as proposed: exactly one of a lab, a requester or a mutual-aid agreement. */
public record DirectoryChange(NetworkLab lab, NetworkRequester requester, MutualAid mutualAid) {

    public enum Kind { LAB, REQUESTER, MUTUAL_AID }

    public Kind kind() {
        return lab != null ? Kind.LAB : requester != null ? Kind.REQUESTER : Kind.MUTUAL_AID;
    }

    /** What the change is about, for the list of proposals: an ODS code, or home lab and partner. */
    public String subject() {
        return switch (kind()) {
            case LAB -> lab.ods();
            case REQUESTER -> requester.ods();
            case MUTUAL_AID -> mutualAid.homeLab() + "->" + mutualAid.partner();
        };
    }
}
