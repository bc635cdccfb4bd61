package org.pathguard.interop.hl7;

import org.junit.jupiter.api.Test;
import org.pathguard.Api;
import org.pathguard.LabServerTest;
import org.pathguard.bench.SyntheticMessages;
import org.springframework.beans.factory.annotation.Autowired;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import java.io.BufferedInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * MLLP over TLS: a listener with a key store takes TLS 1.3 and nothing in clear; with a trust store, only senders with
 * a trusted certificate, each known by its name. And the listener's address and the refusal to start without TLS.
 */
class MllpTlsTest extends LabServerTest {

    @Autowired
    InboundMessages inbound;

    static final String PASSWORD = "changeit-test";

    /** Runs the JDK's keytool, as an administrator would to make certificates. */
    static void keytool(String... args) throws Exception {
        String keytool = Path.of(ProcessHandle.current().info().command().orElseThrow()).resolveSibling("keytool").toString();
        java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of(keytool));
        command.addAll(java.util.List.of(args));
        command.addAll(java.util.List.of("-storetype", "PKCS12", "-storepass", PASSWORD));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(new String(p.getInputStream().readAllBytes())).isZero();
    }

    static Path keyPair(String commonName) throws Exception {
        Path store = DATA_DIR.resolve("mllp-" + Api.unique("k") + ".p12");
        keytool("-genkeypair", "-alias", "key", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=" + commonName,
                "-validity", "2", "-keystore", store.toString());
        return store;
    }

    static KeyStore load(Path store) throws Exception {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keys.load(in, PASSWORD.toCharArray());
        }
        return keys;
    }

    /** A TLS 1.3 client trusting the server's certificate, presenting {@code clientKeys} if given. */
    private static SSLContext client(Path serverKeys, Path clientKeys) throws Exception {
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(load(serverKeys));
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        if (clientKeys != null) {
            keys.init(load(clientKeys), PASSWORD.toCharArray());
        }
        SSLContext tls = SSLContext.getInstance("TLSv1.3");
        tls.init(clientKeys == null ? null : keys.getKeyManagers(), trust.getTrustManagers(), null);
        return tls;
    }

    /** Sends one message over a TLS connection presenting {@code clientKeys} and returns the acknowledgement. */
    private static String sendOverTls(Path serverKeys, Path clientKeys, int port, String message) throws Exception {
        try (SSLSocket socket = (SSLSocket) client(serverKeys, clientKeys).getSocketFactory().createSocket("localhost", port)) {
            socket.setSoTimeout(10_000);
            MllpFrame.write(socket.getOutputStream(), message, StandardCharsets.UTF_8);
            return MllpFrame.read(new BufferedInputStream(socket.getInputStream()), 1 << 20, StandardCharsets.UTF_8).message();
        }
    }

    private static String order(String requester) {
        return SyntheticMessages.oml(Api.unique("MTLS"), requester, Api.unique("P"), Hl7InterfaceTest.newPerson(), "R", null,
                java.util.List.of(new SyntheticMessages.Request("CRP", Api.unique("S"), "SER")));
    }

    /**
     * Under TLS a sender is its certificate's common name, and the directory says what that name may send: order
     * communications orders for their requesters, an analyser results only. A certificate the trust store knows but the
     * directory does not is refused; one the trust store does not know gets no answer at all.
     */
    @Test
    void aClientCertificatesNameIsTheSendersIdentityAndTheDirectoryDecidesWhatItMaySend() throws Exception {
        Path server = keyPair("localhost");
        Path trusted = DATA_DIR.resolve(Api.unique("trusted") + ".p12");
        java.util.Map<String, Path> senders = new java.util.LinkedHashMap<>();
        for (String name : new String[]{"ordercomms.ice-" + Api.unique("c").toLowerCase(), "analyser.cobas-" + Api.unique("c").toLowerCase(),
                "lims.unregistered"}) {
            Path keys = keyPair(name);
            Path certificate = DATA_DIR.resolve(Api.unique("cert") + ".cer");
            keytool("-exportcert", "-alias", "key", "-keystore", keys.toString(), "-file", certificate.toString());
            keytool("-importcert", "-noprompt", "-alias", name, "-file", certificate.toString(), "-keystore", trusted.toString());
            senders.put(name, keys);
        }
        var names = java.util.List.copyOf(senders.keySet());
        hl7Senders().configure(org.pathguard.access.Actor.SYSTEM, new Hl7Sender(names.get(0), names.get(0), null,
                java.util.List.of("RJ122"), java.util.List.of()));
        hl7Senders().configure(org.pathguard.access.Actor.SYSTEM, new Hl7Sender(names.get(1), names.get(1), null,
                java.util.List.of(), java.util.List.of("Clinical biochemistry")));

        MllpListener listener = new MllpListener(inbound, "127.0.0.1", 0, false, 1 << 20, 4, server.toString(), PASSWORD,
                trusted.toString(), PASSWORD);
        listener.start();
        try {
            String ack = sendOverTls(server, senders.get(names.get(0)), listener.port(), order("RJ122"));
            assertThat(Mllp.field(ack, "MSA", 1)).as(ack).isEqualTo("AA");
            assertThat(db.sql("select actor from event_log where event_type = 'MessageAccepted' order by seq desc limit 1")
                    .query(String.class).single()).isEqualTo("hl7:" + names.get(0) + "/INTERFACE");

            long events = eventCount();
            Hl7InterfaceTest.assertRefused(sendOverTls(server, senders.get(names.get(0)), listener.port(), order("G85001")),
                    "AR", "103", "registered to order for [RJ122], not for G85001");
            Hl7InterfaceTest.assertRefused(sendOverTls(server, senders.get(names.get(1)), listener.port(), order("RJ122")),
                    "AR", "200", "not registered to send orders");
            Hl7InterfaceTest.assertRefused(sendOverTls(server, senders.get(names.get(2)), listener.port(), order("RJ122")),
                    "AR", "204", "certificate CN=lims.unregistered) is not registered");
            assertThat(eventCount()).as("nothing recorded from refused senders").isEqualTo(events);

            Path stranger = keyPair("not-trusted");
            for (Path keys : new Path[]{null, stranger}) {
                try (SSLSocket socket = (SSLSocket) client(server, keys).getSocketFactory().createSocket("localhost", listener.port())) {
                    socket.setSoTimeout(10_000);
                    assertThatThrownBy(() -> {
                        MllpFrame.write(socket.getOutputStream(), SyntheticMessages.msh("LIMS", "X", "ADT^A01^ADT_A01", "NOCERT"), StandardCharsets.UTF_8);
                        if (MllpFrame.read(socket.getInputStream(), 1 << 20, StandardCharsets.UTF_8) == null) {
                            throw new java.io.EOFException("no answer");
                        }
                    }).as("a sender without a trusted certificate gets no answer").isInstanceOf(java.io.IOException.class);
                }
            }
        } finally {
            listener.stop();
        }
    }

    /** Issue 13, item 3: without TLS material, and without the operator taking plain MLLP, the listener does not start. */
    @Test
    void withoutTlsMaterialOrPlainMllpTakenTheListenerRefusesToStartAndSaysWhatToGive() {
        MllpListener listener = new MllpListener(inbound, "0.0.0.0", 0, false, 1 << 20, 4, "", "", "", "");
        assertThatThrownBy(listener::start).hasMessageContaining("--mllp-tls-key-store").hasMessageContaining("--mllp-plain");
        assertThat(listener.isRunning()).isFalse();
    }

    @Test
    void theListenerListensOnlyOnTheAddressItIsGiven() throws Exception {
        MllpListener listener = new MllpListener(inbound, "127.0.0.1", 0, true, 1 << 20, 4, "", "", "", "");
        listener.start();
        try (Socket other = new Socket()) {
            java.net.InetAddress external = java.util.Collections.list(java.net.NetworkInterface.getNetworkInterfaces()).stream()
                    .flatMap(i -> java.util.Collections.list(i.getInetAddresses()).stream())
                    .filter(a -> a instanceof java.net.Inet4Address && !a.isLoopbackAddress()).findFirst().orElse(null);
            org.junit.jupiter.api.Assumptions.assumeTrue(external != null, "this machine has no address but loopback");
            assertThatThrownBy(() -> other.connect(new java.net.InetSocketAddress(external, listener.port()), 5_000))
                    .as("bound to loopback, MLLP is not reachable on " + external).isInstanceOf(java.io.IOException.class);
        } finally {
            listener.stop();
        }
    }

    @Test
    void aListenerWithAKeyStoreSpeaksTlsOnly() throws Exception {
        Path keyStore = keyPair("localhost");
        loopbackHl7Sender("RJ122");
        MllpListener listener = new MllpListener(inbound, "127.0.0.1", 0, false, 1 << 20, 4, keyStore.toString(), PASSWORD, "", "");
        listener.start();
        try {
            try (SSLSocket socket = (SSLSocket) client(keyStore, null).getSocketFactory().createSocket("localhost", listener.port())) {
                socket.setSoTimeout(10_000);
                MllpFrame.write(socket.getOutputStream(), SyntheticMessages.msh("LIMS", "TLS", "ADT^A01^ADT_A01", "TLS1") + "\rPID|1",
                        StandardCharsets.UTF_8);
                String ack = MllpFrame.read(new BufferedInputStream(socket.getInputStream()), 1 << 20, StandardCharsets.UTF_8).message();
                assertThat(socket.getSession().getProtocol()).isEqualTo("TLSv1.3");
                assertThat(Mllp.field(ack, "MSA", 2)).isEqualTo("TLS1");
            }
            try (Socket plain = new Socket("localhost", listener.port())) {
                plain.setSoTimeout(10_000);
                OutputStream out = plain.getOutputStream();
                assertThatThrownBy(() -> {
                    MllpFrame.write(out, SyntheticMessages.msh("LIMS", "CLEAR", "ADT^A01^ADT_A01", "CLEAR1"), StandardCharsets.UTF_8);
                    MllpFrame.Read answer = MllpFrame.read(plain.getInputStream(), 1 << 20, StandardCharsets.UTF_8);
                    if (answer == null || answer.message() == null) {
                        throw new java.io.EOFException("no answer in clear");
                    }
                }).as("a message in clear gets no answer").isInstanceOf(java.io.IOException.class);
            }
        } finally {
            listener.stop();
        }
    }

}
