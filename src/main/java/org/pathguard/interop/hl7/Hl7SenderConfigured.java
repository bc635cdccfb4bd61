package org.pathguard.interop.hl7;

import java.util.List;

/**
 * Event: the administrator registered an HL7 sender, or changed what it may send. {@code partnerLab} and
 * {@code referableTests} came with referrals between labs: events recorded before them replay as "not a lab".
 */
record Hl7SenderConfigured(String name, String certificate, String address, List<String> requesters, List<String> departments,
                           String partnerLab, List<String> referableTests) {

    Hl7SenderConfigured {
        referableTests = referableTests == null ? List.of() : referableTests;
    }
}
