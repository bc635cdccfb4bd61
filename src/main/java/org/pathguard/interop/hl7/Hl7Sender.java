package org.pathguard.interop.hl7;

import java.util.List;

/**
 * A system allowed to send HL7 to the lab, as the administrator registered it: known by its TLS client
 * certificate's common name, or by its source address for plain MLLP; it may send orders for the
 * {@code requesters} (ODS codes) and results for the {@code departments} named, and nothing else.
 * A partner laboratory ({@code partnerLab}, its ODS code) sends referrals (orders for the tests in
 * {@code referableTests} only) and the results of the tests this lab referred to it.
 */
public record Hl7Sender(String name, String certificate, String address, List<String> requesters, List<String> departments,
                        String partnerLab, List<String> referableTests) {

    public Hl7Sender {
        requesters = requesters == null ? List.of() : List.copyOf(requesters);
        departments = departments == null ? List.of() : List.copyOf(departments);
        referableTests = referableTests == null ? List.of() : List.copyOf(referableTests);
    }

    /** An order communications system or an analyser: not another laboratory. */
    public Hl7Sender(String name, String certificate, String address, List<String> requesters, List<String> departments) {
        this(name, certificate, address, requesters, departments, null, List.of());
    }

    /** Who is at the other end of a connection: the certificate's name under TLS with client certificates, else the address. */
    public record Peer(String certificate, String address) {

        @Override
        public String toString() {
            return certificate != null ? "certificate CN=" + certificate : "address " + address;
        }
    }
}
