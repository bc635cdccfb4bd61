package org.pathguard.interop.hl7;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import javax.net.ssl.KeyManagerFactory;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

/**
 * The MLLP listener for analysers and order communications. One virtual thread per connection;
 * each frame is answered in order on its own connection, and only after what it asked for is
 * durably committed (or refused). It listens on one configured address (loopback unless told
 * otherwise), takes TLS with client certificates when given a key and a trust store, and takes
 * plain MLLP only when the operator says so ({@code pathguard.mllp.plain}); a sender is then known
 * by its address. Either way only senders in the directory ({@link Hl7Senders}) are heard. What a frame asks for is
 * the lab's {@link InboundMessages}' to decide, or in router mode the network router's ({@link Hl7Intake}).
 */
@Component
@ConditionalOnProperty(name = "pathguard.mllp.enabled", havingValue = "true")
public class MllpListener implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(MllpListener.class);
    private static final int IDLE_TIMEOUT_MILLIS = 10 * 60 * 1000;

    private final Hl7Intake inbound;
    private final String bindAddress;
    private final int requestedPort;
    private final boolean plain;
    private final int maxMessageBytes;
    private final Semaphore connectionSlots;
    private final String keyStore;
    private final String keyStorePassword;
    private final String trustStore;
    private final String trustStorePassword;
    private final Set<Socket> connections = ConcurrentHashMap.newKeySet();
    private volatile ServerSocket server;

    MllpListener(Hl7Intake inbound,
                 @Value("${pathguard.mllp.bind-address:127.0.0.1}") String bindAddress,
                 @Value("${pathguard.mllp.port:2575}") int port,
                 @Value("${pathguard.mllp.plain:false}") boolean plain,
                 @Value("${pathguard.mllp.max-message-bytes:1048576}") int maxMessageBytes,
                 @Value("${pathguard.mllp.max-connections:256}") int maxConnections,
                 @Value("${pathguard.mllp.tls.key-store:}") String keyStore,
                 @Value("${pathguard.mllp.tls.key-store-password:}") String keyStorePassword,
                 @Value("${pathguard.mllp.tls.trust-store:}") String trustStore,
                 @Value("${pathguard.mllp.tls.trust-store-password:}") String trustStorePassword) {
        this.inbound = inbound;
        this.bindAddress = bindAddress;
        this.requestedPort = port;
        this.plain = plain;
        this.maxMessageBytes = maxMessageBytes;
        this.connectionSlots = new Semaphore(maxConnections);
        this.keyStore = keyStore;
        this.keyStorePassword = keyStorePassword;
        this.trustStore = trustStore;
        this.trustStorePassword = trustStorePassword;
    }

    /** The port listened on (useful when 0 asked for any free port). */
    public int port() {
        return server.getLocalPort();
    }

    public boolean tls() {
        return !keyStore.isBlank();
    }

    /** The address listened on ({@code pathguard.mllp.bind-address}): loopback unless the operator opened it wider. */
    public String bindAddress() {
        return bindAddress;
    }

    /** With a trust store, every sender must present a certificate it trusts: a machine credential for HL7. */
    public boolean clientCertificates() {
        return tls() && !trustStore.isBlank();
    }

    @Override
    public void start() {
        if (!tls() && !plain) {
            throw new IllegalStateException("MLLP needs TLS: give the server's key store and the senders' trust store "
                    + "(--mllp-tls-key-store, --mllp-tls-trust-store; HL7 senders are then known by their certificates), or "
                    + "take plain MLLP with --mllp-plain from the addresses registered as HL7 senders "
                    + "(./pathguard admin hl7-sender NAME --address IP ...)");
        }
        try {
            ServerSocket socket = tls()
                    ? tlsContext().getServerSocketFactory().createServerSocket()
                    : new ServerSocket();
            if (socket instanceof SSLServerSocket secure && clientCertificates()) {
                secure.setNeedClientAuth(true);
            }
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByName(bindAddress), requestedPort), 128);
            server = socket;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot listen for MLLP on " + bindAddress + " port " + requestedPort + ": " + e.getMessage(), e);
        }
        Thread.ofPlatform().name("mllp-acceptor").daemon().start(this::acceptLoop);
        log.info("MLLP listener on {} port {}{}", bindAddress, port(), clientCertificates()
                ? " (TLS, senders known by their client certificates)" : tls() ? " (TLS, senders known by their addresses)"
                : " (plain MLLP, senders known by their addresses)");
    }

    private SSLContext tlsContext() {
        try {
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(pkcs12(keyStore, keyStorePassword), keyStorePassword.toCharArray());
            TrustManager[] trusted = null;
            if (clientCertificates()) {
                TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                trust.init(pkcs12(trustStore, trustStorePassword));
                trusted = trust.getTrustManagers();
            }
            SSLContext context = SSLContext.getInstance("TLSv1.3");
            context.init(keys.getKeyManagers(), trusted, null);
            return context;
        } catch (IOException | java.security.GeneralSecurityException e) {
            throw new IllegalStateException("Cannot load the MLLP TLS key or trust store: " + e.getMessage(), e);
        }
    }

    static KeyStore pkcs12(String file, String password) throws IOException, java.security.GeneralSecurityException {
        try (InputStream in = Files.newInputStream(Path.of(file))) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password.toCharArray());
            return store;
        }
    }

    /** Who is sending: the common name of their certificate when client certificates are required, else their address. */
    private Hl7Sender.Peer peer(Socket socket) throws IOException {
        if (!(socket instanceof SSLSocket secure) || !clientCertificates()) {
            return new Hl7Sender.Peer(null, socket.getInetAddress().getHostAddress());
        }
        secure.startHandshake();
        try {
            String subject = secure.getSession().getPeerPrincipal().getName();
            return new Hl7Sender.Peer(new LdapName(subject).getRdns().stream().filter(r -> r.getType().equalsIgnoreCase("CN"))
                    .map(r -> r.getValue().toString()).findFirst().orElse(subject), null);
        } catch (InvalidNameException e) {
            throw new SSLPeerUnverifiedException("Unreadable client certificate subject");
        }
    }

    private void acceptLoop() {
        ServerSocket listening = server;
        while (!listening.isClosed()) {
            try {
                Socket socket = listening.accept();
                if (!connectionSlots.tryAcquire()) {
                    log.warn("MLLP connection from {} refused: too many open connections", socket.getInetAddress());
                    socket.close();
                    continue;
                }
                connections.add(socket);
                Thread.ofVirtual().name("mllp-" + socket.getPort()).start(() -> serve(socket));
            } catch (IOException e) {
                if (!listening.isClosed()) {
                    log.warn("MLLP accept failed: {}", e.getMessage());
                }
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            socket.setSoTimeout(IDLE_TIMEOUT_MILLIS);
            socket.setTcpNoDelay(true);
            InputStream in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
            OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 8 * 1024);
            Hl7Sender.Peer peer = peer(socket);
            while (true) {
                MllpFrame.Read frame = MllpFrame.read(in, maxMessageBytes, StandardCharsets.UTF_8);
                if (frame == null) {
                    return;
                }
                MllpFrame.write(out, inbound.answer(frame, maxMessageBytes, peer), StandardCharsets.UTF_8);
            }
        } catch (EOFException | SocketTimeoutException e) {
            log.info("MLLP connection from {} ended: {}", socket.getInetAddress(), e.getMessage());
        } catch (SocketException e) {
            log.debug("MLLP connection from {} closed: {}", socket.getInetAddress(), e.getMessage());
        } catch (IOException e) {
            log.warn("MLLP connection from {} failed: {}", socket.getInetAddress(), e.getClass().getSimpleName());
        } finally {
            connections.remove(socket);
            connectionSlots.release();
        }
    }

    @Override
    public void stop() {
        ServerSocket listening = server;
        if (listening != null) {
            try {
                listening.close();
            } catch (IOException e) {
                log.debug("Closing the MLLP listener: {}", e.getMessage());
            }
        }
        for (Socket socket : connections) {
            try {
                socket.close();
            } catch (IOException e) {
                log.debug("Closing an MLLP connection: {}", e.getMessage());
            }
        }
    }

    @Override
    public boolean isRunning() {
        ServerSocket listening = server;
        return listening != null && !listening.isClosed();
    }

    /** Stops before the event log closes, so no message is taken that cannot be committed. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 100;
    }
}
