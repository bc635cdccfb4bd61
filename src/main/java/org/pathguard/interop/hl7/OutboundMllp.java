package org.pathguard.interop.hl7;

import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.app.Connection;
import ca.uhn.hl7v2.parser.CanonicalModelClassFactory;
import ca.uhn.hl7v2.util.StandardSocketFactory;
import ca.uhn.hl7v2.validation.impl.ValidationContextFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Executors;

/**
 * Connections this lab opens to other systems over MLLP: requesters' systems for reports, and partner laboratories.
 * Over TLS, the lab presents its own client certificate ({@code pathguard.outbound.tls.key-store}) and talks only to
 * a receiver whose certificate the trust store ({@code pathguard.outbound.tls.trust-store}) vouches for and whose name
 * is the host connected to: patient data goes to that receiver or nowhere.
 */
@Component
public class OutboundMllp implements AutoCloseable {

    private static final int MAX_ANSWER_BYTES = 1024 * 1024;

    private final HapiContext hapi = new DefaultHapiContext();
    private final SSLContext tls;

    OutboundMllp(@Value("${pathguard.outbound.tls.key-store:}") String keyStore,
                 @Value("${pathguard.outbound.tls.key-store-password:}") String keyStorePassword,
                 @Value("${pathguard.outbound.tls.trust-store:}") String trustStore,
                 @Value("${pathguard.outbound.tls.trust-store-password:}") String trustStorePassword,
                 @Value("${pathguard.outbound.source-address:}") String sourceAddress) {
        if (keyStore.isBlank() != trustStore.isBlank()) {
            throw new IllegalStateException("Outbound MLLP over TLS needs both pathguard.outbound.tls.key-store (this lab's client "
                    + "certificate) and pathguard.outbound.tls.trust-store (the receivers' certificates or their authority)");
        }
        tls = keyStore.isBlank() ? null : context(keyStore, keyStorePassword, trustStore, trustStorePassword);
        hapi.setModelClassFactory(new CanonicalModelClassFactory("2.5.1"));
        hapi.setValidationContext(ValidationContextFactory.noValidation());
        // HAPI's default executor is shared by every context in the JVM; closing another context would stop ours.
        hapi.setExecutorService(Executors.newCachedThreadPool(Thread.ofPlatform().name("outbound-mllp-", 0).daemon().factory()));
        // Receivers of plain MLLP know this lab by the address it connects from: on a host with several, the one they
        // registered (empty: the operating system's choice).
        InetSocketAddress from = sourceAddress.isBlank() ? null : new InetSocketAddress(sourceAddress.strip(), 0);
        hapi.setSocketFactory(new StandardSocketFactory() {
            @Override
            public Socket createSocket() throws IOException {
                return bound(super.createSocket(), from);
            }

            @Override
            public Socket createTlsSocket() throws IOException {
                if (tls == null) {
                    throw new IOException("Outbound TLS is not configured");
                }
                SSLSocket socket = (SSLSocket) bound(tls.getSocketFactory().createSocket(), from);
                SSLParameters parameters = socket.getSSLParameters();
                // The receiver's certificate must name the host connected to, as a browser checks a web server's.
                parameters.setEndpointIdentificationAlgorithm("HTTPS");
                parameters.setProtocols(new String[]{"TLSv1.3", "TLSv1.2"});
                socket.setSSLParameters(parameters);
                return socket;
            }
        });
    }

    private static Socket bound(Socket socket, InetSocketAddress from) throws IOException {
        if (from != null) {
            socket.bind(from);
        }
        return socket;
    }

    private static SSLContext context(String keyStore, String keyStorePassword, String trustStore, String trustStorePassword) {
        try {
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(MllpListener.pkcs12(keyStore, keyStorePassword), keyStorePassword.toCharArray());
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(MllpListener.pkcs12(trustStore, trustStorePassword));
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), trust.getTrustManagers(), null);
            return context;
        } catch (IOException | java.security.GeneralSecurityException e) {
            throw new IllegalStateException("Cannot load the outbound MLLP TLS key or trust store: " + e.getMessage(), e);
        }
    }

    /** Whether this lab has a client certificate to present: a route over TLS can be proposed only then. */
    public boolean tlsConfigured() {
        return tls != null;
    }

    /** A connection to {@code host:port}, over TLS with this lab's certificate when {@code overTls}; reused while it lasts. */
    Connection connect(String host, int port, boolean overTls) throws HL7Exception {
        return hapi.newClient(host, port, overTls);
    }

    /** A connection to {@code host:port} kept for several exchanges, one after another; over TLS as {@link #connect} is. */
    public Session open(String host, int port, boolean overTls, Duration timeout) throws IOException {
        Socket socket = overTls ? hapi.getSocketFactory().createTlsSocket() : hapi.getSocketFactory().createSocket();
        try {
            socket.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
            socket.setSoTimeout((int) timeout.toMillis());
            // A message and its answer go back and forth on a kept connection: Nagle's wait would hold each one.
            socket.setTcpNoDelay(true);
            return new Session(socket, host + ":" + port);
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /**
     * One connection and the answers read from it: the router passes a round's messages to one receiver on one
     * connection, rather than a connection (and a TLS handshake) each. A failed exchange leaves it unusable: close it.
     */
    public static final class Session implements AutoCloseable {

        private final Socket socket;
        private final BufferedInputStream in;
        private final BufferedOutputStream out;
        private final String receiver;

        private Session(Socket socket, String receiver) throws IOException {
            this.socket = socket;
            this.in = new BufferedInputStream(socket.getInputStream());
            // One write (one TLS record) per frame, not one per framing byte.
            this.out = new BufferedOutputStream(socket.getOutputStream());
            this.receiver = receiver;
        }

        /**
         * Sends {@code message} exactly as it is (the network router passes messages on unchanged, so a receiver's digest
         * of a resend matches) and returns the receiver's answer.
         */
        public String exchange(String message) throws IOException {
            MllpFrame.write(out, message, StandardCharsets.UTF_8);
            MllpFrame.Read answer = MllpFrame.read(in, MAX_ANSWER_BYTES, StandardCharsets.UTF_8);
            if (answer == null || answer.message() == null) {
                throw new IOException("No acknowledgement from " + receiver);
            }
            return answer.message();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    /** Closes a connection that failed, so the next attempt opens a new one. */
    void discard(Connection connection) {
        hapi.getConnectionHub().discard(connection);
    }

    @Override
    public void close() throws IOException {
        hapi.close();
    }
}
