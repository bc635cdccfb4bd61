package org.pathguard.demo;

import org.pathguard.interop.hl7.MllpFrame;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;

/**
 * The requesters' order communications as the router sees them: one MLLP connection over TLS, presenting the order
 * communications' client certificate and checking the receiver's, sending one message at a time and waiting for its
 * acknowledgement, as an order comms system's interface engine does. Not thread-safe: one per sending thread.
 */
public final class OrderComms implements AutoCloseable {

    private static final int MAX_ANSWER_BYTES = 1024 * 1024;
    private static final int TIMEOUT_MILLIS = 60_000;

    private final SSLSocket socket;
    private final InputStream in;
    private final OutputStream out;

    private OrderComms(SSLSocket socket) throws IOException {
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream());
        this.out = new BufferedOutputStream(socket.getOutputStream());
    }

    /** The TLS setup of one party, made once and shared by its connections. */
    public static SSLContext tls(NetworkCertificates.Party party, String password) {
        try {
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(load(party.keyStore(), password), password.toCharArray());
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(load(party.trustStore(), password));
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), trust.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("Cannot load the order communications' key or trust store: " + e.getMessage(), e);
        }
    }

    /** Connects to an MLLP listener on loopback, checking its certificate names the address connected to. */
    public static OrderComms connect(SSLContext tls, int port) throws IOException {
        SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket();
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        socket.setSSLParameters(parameters);
        socket.connect(new InetSocketAddress(DemoNetwork.LOOPBACK, port), TIMEOUT_MILLIS);
        socket.setSoTimeout(TIMEOUT_MILLIS);
        socket.setTcpNoDelay(true);
        socket.startHandshake();
        return new OrderComms(socket);
    }

    /** Sends one message and returns the acknowledgement. */
    public String send(String message) throws IOException {
        MllpFrame.write(out, message, StandardCharsets.UTF_8);
        out.flush();
        MllpFrame.Read answer = MllpFrame.read(in, MAX_ANSWER_BYTES, StandardCharsets.UTF_8);
        if (answer == null || answer.message() == null) {
            throw new IOException("No acknowledgement: the connection closed");
        }
        return answer.message();
    }

    private static KeyStore load(Path file, String password) throws IOException, GeneralSecurityException {
        try (InputStream stream = Files.newInputStream(file)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(stream, password.toCharArray());
            return store;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
