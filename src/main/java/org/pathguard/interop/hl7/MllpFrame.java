package org.pathguard.interop.hl7;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.Charset;

/**
 * MLLP framing (HL7 v2 Transport Specification: MLLP release 2): {@code VT message FS CR}. Our own
 * because the listener must cap a frame's size and answer an oversized or broken frame with an
 * ACK, which HAPI's LLP readers cannot.
 */
public final class MllpFrame {

    static final int START = 0x0B;
    static final int END = 0x1C;
    static final int CARRIAGE_RETURN = 0x0D;

    /** What was read: a message, or why there is none (the stream is still in step afterwards). */
    public record Read(String message, Problem problem, String head) {
    }

    public enum Problem { TOO_LARGE, MISSING_START }

    private MllpFrame() {
    }

    public static void write(OutputStream out, String message, Charset charset) throws IOException {
        out.write(START);
        out.write(message.getBytes(charset));
        out.write(END);
        out.write(CARRIAGE_RETURN);
        out.flush();
    }

    /**
     * Reads the next frame; null at the end of the stream. Bytes before a start byte are skipped
     * (the standard's rule), but bytes that end like a frame without having started like one are
     * reported as {@link Problem#MISSING_START}, so a misconfigured sender gets an answer instead of
     * silence. A frame longer than {@code maxBytes} is read to its end and discarded, keeping its
     * head so the reply can name the message's control id.
     */
    public static Read read(InputStream in, int maxBytes, Charset charset) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream(2048);
        int b = in.read();
        int previous = -1;
        while (b != START) {
            if (b == -1) {
                return null;
            }
            if (previous == END && b == CARRIAGE_RETURN) {
                return new Read(null, Problem.MISSING_START, body.toString(charset));
            }
            if (body.size() < maxBytes) {
                body.write(b);
            }
            previous = b;
            b = in.read();
        }
        body.reset();
        long length = 0;
        frame:
        while (true) {
            b = in.read();
            // A loop, not a test: in FS FS CR the second FS starts the frame's end.
            while (b == END) {
                int next = in.read();
                if (next == CARRIAGE_RETURN) {
                    break frame;
                }
                length = keep(body, b, length, maxBytes);
                b = next;
            }
            if (b == -1) {
                throw new EOFException("The connection closed in the middle of a message");
            }
            length = keep(body, b, length, maxBytes);
        }
        String text = body.toString(charset);
        return length > maxBytes ? new Read(null, Problem.TOO_LARGE, text) : new Read(text, null, text);
    }

    private static long keep(ByteArrayOutputStream body, int b, long length, int maxBytes) {
        if (length < maxBytes) {
            body.write(b);
        }
        return length + 1;
    }
}
