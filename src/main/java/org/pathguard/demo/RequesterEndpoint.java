package org.pathguard.demo;

import org.pathguard.interop.hl7.Acknowledgement;
import org.pathguard.interop.hl7.MessageHeader;
import org.pathguard.interop.hl7.MllpFrame;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The demo requesters' systems' inbox: where the network directory and the labs' routes send results and order status
 * for every requester of the demo. It listens for plain MLLP on loopback, counts what arrives (results by the lab that
 * sent them, order status by the status), remembers which orders (requester and placer number) have results, and
 * acknowledges each message with AA, as a requester's system that filed it would.
 */
public final class RequesterEndpoint implements AutoCloseable {

    private static final int MAX_BYTES = 4 * 1024 * 1024;

    private final ServerSocket server;
    private final Map<String, AtomicLong> resultsByLab = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> statusByCode = new ConcurrentHashMap<>();
    private final Set<String> ordersWithResults = ConcurrentHashMap.newKeySet();
    private final AtomicLong other = new AtomicLong();

    private RequesterEndpoint(ServerSocket server) {
        this.server = server;
    }

    /** Listens on loopback at {@code port} (0: any free port). */
    public static RequesterEndpoint listen(int port) {
        try {
            ServerSocket socket = new ServerSocket();
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByName(DemoNetwork.LOOPBACK), port), 64);
            RequesterEndpoint endpoint = new RequesterEndpoint(socket);
            Thread.ofPlatform().name("demo-requester-endpoint").daemon().start(endpoint::accept);
            return endpoint;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot listen for the demo requesters' results on port " + port + ": " + e.getMessage(), e);
        }
    }

    public int port() {
        return server.getLocalPort();
    }

    /** ORU^R01 messages received, by sending facility (MSH-4: the lab that did the work). */
    public Map<String, Long> resultsByLab() {
        Map<String, Long> counts = new TreeMap<>();
        resultsByLab.forEach((lab, n) -> counts.put(lab, n.get()));
        return counts;
    }

    /** Order status messages received, by order status (ORC-5: IP in process, HD held, CA not done...). */
    public Map<String, Long> statusByCode() {
        Map<String, Long> counts = new TreeMap<>();
        statusByCode.forEach((code, n) -> counts.put(code, n.get()));
        return counts;
    }

    /** Whether a result arrived for the order the requester placed under this placer number. */
    public boolean hasResult(String requesterOds, String placerNumber) {
        return ordersWithResults.contains(requesterOds + "|" + placerNumber);
    }

    public int ordersWithResults() {
        return ordersWithResults.size();
    }

    /** Messages that were neither results nor order status (none expected). */
    public long other() {
        return other.get();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                Thread.ofVirtual().name("demo-requester-" + socket.getPort()).start(() -> serve(socket));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            InputStream in = new BufferedInputStream(socket.getInputStream());
            OutputStream out = new BufferedOutputStream(socket.getOutputStream());
            while (true) {
                MllpFrame.Read frame = MllpFrame.read(in, MAX_BYTES, StandardCharsets.UTF_8);
                if (frame == null) {
                    return;
                }
                String message = frame.message() == null ? frame.head() : frame.message();
                MessageHeader header = MessageHeader.of(message);
                file(header, message);
                MllpFrame.write(out, Acknowledgement.accept(header, "ORDERCOMMS"), StandardCharsets.UTF_8);
                out.flush();
            }
        } catch (IOException dropped) {
            // The sender closed the connection or gave up on it: it sends again, and the count shows only what was filed.
        }
    }

    private void file(MessageHeader header, String message) {
        String[] segments = message.split("\r");
        if ("ORU".equals(header.messageType())) {
            resultsByLab.computeIfAbsent(header.sendingFacility(), k -> new AtomicLong()).incrementAndGet();
            for (String segment : segments) {
                String[] f = segment.split("\\|", -1);
                if (f[0].equals("ORC") && f.length > 21) {
                    ordersWithResults.add(organisation(f[21]) + "|" + f[2].split("\\^", -1)[0]);
                }
            }
        } else if (message.contains("\rORC|SC|")) {
            for (String segment : segments) {
                String[] f = segment.split("\\|", -1);
                if (f[0].equals("ORC")) {
                    statusByCode.computeIfAbsent(f.length > 5 ? f[5] : "", k -> new AtomicLong()).incrementAndGet();
                }
            }
        } else {
            other.incrementAndGet();
        }
    }

    /** ORC-21's organisation: its identifier (XON-10) when written in full, as the labs write it, else its name. */
    private static String organisation(String field) {
        String[] parts = field.split("\\^", -1);
        return parts.length > 9 && !parts[9].isEmpty() ? parts[9] : parts[0];
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException ignored) {
            // Closing a listener that failed is nothing to report.
        }
    }
}
