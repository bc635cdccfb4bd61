package org.pathguard.interop.hl7;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** A plain MLLP connection for tests: sends a frame, returns the acknowledgement text. */
public final class Mllp implements AutoCloseable {

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    public Mllp(int port) {
        this(null, port);
    }

    /** A connection from {@code localAddress} (any of 127.0.0.0/8 on Linux): another sender on the same machine. */
    public Mllp(String localAddress, int port) {
        try {
            socket = new Socket();
            if (localAddress != null) {
                socket.bind(new java.net.InetSocketAddress(localAddress, 0));
            }
            socket.connect(new java.net.InetSocketAddress("127.0.0.1", port));
            socket.setSoTimeout(30_000);
            in = new BufferedInputStream(socket.getInputStream());
            out = socket.getOutputStream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String send(String message) {
        try {
            MllpFrame.write(out, message, StandardCharsets.UTF_8);
            MllpFrame.Read answer = MllpFrame.read(in, 1 << 20, StandardCharsets.UTF_8);
            if (answer == null) {
                throw new EOFException("The connection closed before the acknowledgement came");
            }
            return answer.message();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    String receive() throws IOException {
        return MllpFrame.read(in, 1 << 20, StandardCharsets.UTF_8).message();
    }

    /** MSH-n / MSA-n / ERR-n field of an acknowledgement, unescaped. */
    public static String field(String message, String segment, int number) {
        for (String s : message.split("\r")) {
            if (s.startsWith(segment + "|")) {
                String[] fields = s.split("\\|", -1);
                int index = segment.equals("MSH") ? number - 1 : number;
                return index >= fields.length ? "" : fields[index].replace("\\S\\", "^").replace("\\F\\", "|")
                        .replace("\\T\\", "&").replace("\\R\\", "~").replace("\\E\\", "\\");
            }
        }
        return null;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
