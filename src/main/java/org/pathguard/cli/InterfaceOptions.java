package org.pathguard.cli;

import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The HL7 interfaces of a running server: the MLLP listener and the outbound report queue. */
final class InterfaceOptions {

    @Option(names = "--mllp-port", defaultValue = "2575", description = "MLLP (HL7 v2) port (default: ${DEFAULT-VALUE})")
    int mllpPort;

    @Option(names = "--mllp-tls-key-store", description = "PKCS#12 key store with the server certificate; MLLP then takes TLS only")
    Path tlsKeyStore;

    @Option(names = "--mllp-tls-trust-store", description = "PKCS#12 store of the senders' certificates (or their CA); "
            + "every sender must then present one, and its name is recorded with each message")
    Path tlsTrustStore;

    @Option(names = "--mllp-tls-password", defaultValue = "${env:PATHGUARD_MLLP_TLS_PASSWORD}",
            description = "Password of the key and trust stores (or PATHGUARD_MLLP_TLS_PASSWORD)")
    String tlsPassword;

    List<String> springArguments() {
        List<String> args = new ArrayList<>(List.of("--pathguard.mllp.enabled=true", "--pathguard.mllp.port=" + mllpPort,
                "--pathguard.outbound.enabled=true"));
        if (tlsTrustStore != null) {
            args.add("--pathguard.mllp.tls.trust-store=" + tlsTrustStore.toAbsolutePath());
            args.add("--pathguard.mllp.tls.trust-store-password=" + (tlsPassword == null ? "" : tlsPassword));
        }
        if (tlsKeyStore != null) {
            args.add("--pathguard.mllp.tls.key-store=" + tlsKeyStore.toAbsolutePath());
            args.add("--pathguard.mllp.tls.key-store-password=" + (tlsPassword == null ? "" : tlsPassword));
        }
        return args;
    }
}
