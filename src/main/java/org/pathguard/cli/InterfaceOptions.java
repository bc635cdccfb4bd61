package org.pathguard.cli;

import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The HL7 interfaces of a running server: the MLLP listener and the outbound report queue. */
final class InterfaceOptions {

    @Option(names = "--mllp-port", defaultValue = "2575", description = "MLLP (HL7 v2) port (default: ${DEFAULT-VALUE})")
    int mllpPort;

    @Option(names = "--mllp-bind-address", defaultValue = "127.0.0.1",
            description = "Address MLLP listens on (default: ${DEFAULT-VALUE}, loopback only; 0.0.0.0 for every interface)")
    String mllpBindAddress;

    @Option(names = "--mllp-plain", description = "Take plain MLLP (no TLS) from the addresses registered as HL7 senders "
            + "(admin hl7-sender NAME --address IP); without it, serve needs --mllp-tls-key-store and --mllp-tls-trust-store")
    boolean mllpPlain;

    @Option(names = "--mllp-tls-key-store", description = "PKCS#12 key store with the server certificate; MLLP then takes TLS only")
    Path tlsKeyStore;

    @Option(names = "--mllp-tls-trust-store", description = "PKCS#12 store of the senders' certificates (or their CA); "
            + "every sender must then present one, and is known by its common name (admin hl7-sender NAME --certificate CN)")
    Path tlsTrustStore;

    @Option(names = "--mllp-tls-password", defaultValue = "${env:PATHGUARD_MLLP_TLS_PASSWORD}",
            description = "Password of the key and trust stores (or PATHGUARD_MLLP_TLS_PASSWORD)")
    String tlsPassword;

    /** The demo takes plain MLLP, from loopback only: its sender is registered at 127.0.0.1. */
    List<String> springArguments(boolean demo) {
        List<String> args = new ArrayList<>(List.of("--pathguard.mllp.enabled=true", "--pathguard.mllp.port=" + mllpPort,
                "--pathguard.mllp.bind-address=" + (demo ? "127.0.0.1" : mllpBindAddress),
                "--pathguard.mllp.plain=" + (demo || mllpPlain), "--pathguard.outbound.enabled=true"));
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
