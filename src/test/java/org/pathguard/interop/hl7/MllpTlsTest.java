package org.pathguard.interop.hl7;

import org.junit.jupiter.api.Test;
import org.pathguard.Api;
import org.pathguard.LabServerTest;
import org.pathguard.bench.SyntheticMessages;
import org.springframework.beans.factory.annotation.Autowired;

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

/** MLLP over TLS: a listener with a key store takes TLS 1.3 and nothing in clear. */
class MllpTlsTest extends LabServerTest {

    @Autowired
    InboundMessages inbound;

    @Test
    void aListenerWithAKeyStoreSpeaksTlsOnly() throws Exception {
        Path keyStore = DATA_DIR.resolve("mllp-" + Api.unique("k") + ".p12");
        String keytool = Path.of(ProcessHandle.current().info().command().orElseThrow()).resolveSibling("keytool").toString();
        Process generate = new ProcessBuilder(keytool, "-genkeypair", "-alias", "mllp", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=localhost", "-validity", "2", "-storetype", "PKCS12", "-keystore", keyStore.toString(),
                "-storepass", "changeit-test").redirectErrorStream(true).start();
        assertThat(generate.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(generate.exitValue()).as(new String(generate.getInputStream().readAllBytes())).isZero();

        MllpListener listener = new MllpListener(inbound, 0, 1 << 20, 4, keyStore.toString(), "changeit-test");
        listener.start();
        try {
            KeyStore trusted = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(keyStore)) {
                trusted.load(in, "changeit-test".toCharArray());
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trusted);
            SSLContext tls = SSLContext.getInstance("TLSv1.3");
            tls.init(null, trust.getTrustManagers(), null);
            try (SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket("localhost", listener.port())) {
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
