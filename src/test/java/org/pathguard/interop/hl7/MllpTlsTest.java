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

/** MLLP over TLS: a listener with a key store takes TLS 1.3 and nothing in clear; with a trust store, only known senders. */
class MllpTlsTest extends LabServerTest {

    @Autowired
    InboundMessages inbound;

    private static final String PASSWORD = "changeit-test";

    /** Runs the JDK's keytool, as an administrator would to make certificates. */
    private static void keytool(String... args) throws Exception {
        String keytool = Path.of(ProcessHandle.current().info().command().orElseThrow()).resolveSibling("keytool").toString();
        java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of(keytool));
        command.addAll(java.util.List.of(args));
        command.addAll(java.util.List.of("-storetype", "PKCS12", "-storepass", PASSWORD));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(new String(p.getInputStream().readAllBytes())).isZero();
    }

    private static Path keyPair(String commonName) throws Exception {
        Path store = DATA_DIR.resolve("mllp-" + Api.unique("k") + ".p12");
        keytool("-genkeypair", "-alias", "key", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=" + commonName,
                "-validity", "2", "-keystore", store.toString());
        return store;
    }

    private static KeyStore load(Path store) throws Exception {
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

    @Test
    void withATrustStoreOnlySendersWithATrustedCertificateAreHeardAndTheirNameIsRecorded() throws Exception {
        Path server = keyPair("localhost");
        Path analyser = keyPair("analyser.cobas-9");
        Path certificate = DATA_DIR.resolve(Api.unique("analyser") + ".cer");
        keytool("-exportcert", "-alias", "key", "-keystore", analyser.toString(), "-file", certificate.toString());
        Path trusted = DATA_DIR.resolve(Api.unique("trusted") + ".p12");
        keytool("-importcert", "-noprompt", "-alias", "analyser", "-file", certificate.toString(), "-keystore", trusted.toString());

        MllpListener listener = new MllpListener(inbound, 0, 1 << 20, 4, server.toString(), PASSWORD, trusted.toString(), PASSWORD);
        listener.start();
        try {
            String control = Api.unique("MTLS");
            try (SSLSocket socket = (SSLSocket) client(server, analyser).getSocketFactory().createSocket("localhost", listener.port())) {
                socket.setSoTimeout(10_000);
                MllpFrame.write(socket.getOutputStream(), SyntheticMessages.oml(control, "RJ122", Api.unique("P"), Hl7InterfaceTest.newPerson(),
                        "R", null, java.util.List.of(new SyntheticMessages.Request("CRP", Api.unique("S"), "SER"))), StandardCharsets.UTF_8);
                String ack = MllpFrame.read(new BufferedInputStream(socket.getInputStream()), 1 << 20, StandardCharsets.UTF_8).message();
                assertThat(Mllp.field(ack, "MSA", 1)).as(ack).isEqualTo("AA");
            }
            assertThat(db.sql("select actor from event_log where event_type = 'MessageAccepted' order by seq desc limit 1")
                    .query(String.class).single()).startsWith("analyser.cobas-9/hl7:");

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

    @Test
    void aListenerWithAKeyStoreSpeaksTlsOnly() throws Exception {
        Path keyStore = keyPair("localhost");
        MllpListener listener = new MllpListener(inbound, 0, 1 << 20, 4, keyStore.toString(), PASSWORD, "", "");
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
