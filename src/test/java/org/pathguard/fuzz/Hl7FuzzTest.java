package org.pathguard.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.api.SilentCloseable;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.pathguard.Api;
import org.pathguard.bench.SyntheticMessages;
import org.pathguard.bench.SyntheticMessages.Observation;
import org.pathguard.bench.SyntheticMessages.Person;
import org.pathguard.bench.SyntheticMessages.Request;
import org.pathguard.interop.hl7.MllpFrame;
import org.pathguard.interop.hl7.MllpListener;
import org.springframework.beans.factory.annotation.Autowired;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzes the HL7 v2 inbound path over MLLP: valid order and result messages with fuzzer-chosen edits,
 * or raw text and bytes, one message on a new connection per input. Every message must be answered
 * with an acknowledgement, AA, AE or AR, never an internal error or silence, and a refused message must
 * write nothing.
 */
class Hl7FuzzTest extends FuzzedServer {

    private static final int ANSWER_WITHIN_MILLIS = 10_000;
    private static final int FRAME_END = 0x1C;
    private static final int CARRIAGE_RETURN = 0x0D;

    /** Valid messages whose edits the fuzzer chooses: orders from two kinds of order comms, results from an analyser. */
    private static final List<String> TEMPLATES = List.of(
            SyntheticMessages.oml("{control}", Tubes.REQUESTER, "{placer}",
                    new Person("{new-nhs}", "{hospital}", "Okafor", "Grace", "19800214", "F", "SE5 9RS"), "R", "Tired all the time",
                    List.of(new Request("UE", "{new-serum}", "SER"), new Request("FBC", "{new-edta}", "EDTA"))),
            SyntheticMessages.oru("{control}", "{serum}", "{nhs}", List.of(new Observation("2951-2", "LN", "140", "mmol/L"),
                    new Observation("K", "L", "7.1", "mmol/L"), new Observation("UREA", "L", "5.2", "mmol/L"),
                    new Observation("CREA", "L", "80", "umol/L"))),
            SyntheticMessages.oru("{control}", "{edta}", null, List.of(new Observation("HB", "L", "140", "g/L"),
                    new Observation("WBC", "L", "6.1", "10*9/L"), new Observation("PLT", "L", "250", "10*9/L"))),
            String.join("\r",
                    SyntheticMessages.msh("TQUEST", Tubes.REQUESTER, "ORM^O01", "{control}").replace("|2.5.1", "|2.3"),
                    SyntheticMessages.pid(new Person("{new-nhs}", null, "Doe", "Jan", "19700101", "M", null)),
                    SyntheticMessages.segment("ORC", Map.of(1, "NW", 2, "{placer}", 7, "^^^^^S", 12, "G1234567^Patel^Ravi",
                            21, "Surgery^^^^^^^^^" + Tubes.REQUESTER)),
                    SyntheticMessages.segment("OBR", Map.of(1, "1", 2, "{placer}", 4, "TROP^Troponin T^L", 13, "Central chest pain"))));

    private enum Shape { TEMPLATE, TEXT, BYTES, UNFRAMED }

    @Autowired
    MllpListener listener;

    /** Received tubes the result templates name; used up once a result message is accepted. */
    private Tubes tubes;

    @FuzzTest
    void inboundMessage(FuzzedDataProvider data) throws IOException {
        try (SilentCloseable ignored = onlyLocalConnections()) {
            nextInput();
            loopbackHl7Sender(Tubes.REQUESTER);
            Placeholders values = placeholders();
            String template = null;
            String text = null;
            byte[] wire = switch (shape(data)) {
                case TEMPLATE -> {
                    template = TEMPLATES.get(data.consumeInt(0, TEMPLATES.size() - 1));
                    text = Hl7Edits.apply(template, data);
                    yield frame(values.fill(text).getBytes(UTF_8));
                }
                case TEXT -> frame(data.consumeRemainingAsString().getBytes(UTF_8));
                case BYTES -> frame(data.consumeRemainingAsBytes());
                case UNFRAMED -> concat(data.consumeRemainingAsBytes(), new byte[]{FRAME_END, CARRIAGE_RETURN});
            };
            byte[] message = firstFrame(wire);
            String sent = brief(printable(message));
            long before = lastEvent();
            String ack = exchange(message, sent);

            assertThat(ack).as("the answer to %s", sent).startsWith("MSH|");
            String code = field(ack, "MSA", 1);
            assertThat(code).as("the answer to %s: %s", sent, brief(ack)).isIn("AA", "AE", "AR");
            assertThat(ack).as("an internal error instead of a reason, for %s", sent).doesNotContain("incident");
            if (code.equals("AA")) {
                if (values.used("serum") || values.used("edta")) {
                    tubes = null;
                }
            } else {
                assertThat(clinicalEventsAfter(before)).as("events written although %s was refused: %s", sent, brief(ack)).isZero();
            }
            if (template != null && text.equals(template)) {
                assertThat(code).as("an unedited template must be accepted: %s", brief(ack)).isEqualTo("AA");
            }
        }
    }

    /** What goes on the wire: an edited template 13 times in 16 (it gets past the parser), otherwise anything at all. */
    private static Shape shape(FuzzedDataProvider data) {
        int n = data.consumeInt(0, 15);
        return n < 13 ? Shape.TEMPLATE : Shape.values()[n - 12];
    }

    private Tubes tubes() {
        if (tubes == null) {
            tubes = Tubes.place(scientist(), true);
        }
        return tubes;
    }

    private Placeholders placeholders() {
        return new Placeholders(Map.of(
                "control", () -> Api.unique("FZ"),
                "placer", () -> Api.unique("P"),
                "hospital", () -> Api.unique("H"),
                "new-nhs", Api::newNhsNumber,
                "new-serum", () -> Api.unique("S"),
                "new-edta", () -> Api.unique("E"),
                "nhs", () -> tubes().nhsNumber(),
                "serum", () -> tubes().serum(),
                "edta", () -> tubes().edta()));
    }

    /** Sends on a new connection and reads one answer: a message never leaves bytes behind for the next one. */
    private String exchange(byte[] wire, String sent) throws IOException {
        try (Socket socket = new Socket("localhost", listener.port())) {
            socket.setSoTimeout(ANSWER_WITHIN_MILLIS);
            socket.getOutputStream().write(wire);
            MllpFrame.Read answer = MllpFrame.read(new BufferedInputStream(socket.getInputStream()), 1 << 20, UTF_8);
            assertThat(answer).as("an answer to %s before the connection was closed", sent).isNotNull();
            assertThat(answer.message()).as("a framed answer to %s", sent).isNotNull();
            return answer.message();
        } catch (SocketTimeoutException e) {
            throw new AssertionError("No answer within " + ANSWER_WITHIN_MILLIS + " ms to " + sent, e);
        }
    }

    private static byte[] frame(byte[] message) {
        return concat(new byte[]{0x0B}, message, new byte[]{FRAME_END, CARRIAGE_RETURN});
    }

    /**
     * The bytes up to the first frame end: one answer is expected per connection, and a second message
     * in the same input would be recorded while the first one's writes are counted.
     */
    private static byte[] firstFrame(byte[] wire) {
        for (int i = 0; i + 1 < wire.length; i++) {
            if (wire[i] == FRAME_END && wire[i + 1] == CARRIAGE_RETURN) {
                return Arrays.copyOf(wire, i + 2);
            }
        }
        return wire;
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    /** The bytes sent, as text with control characters escaped, for the finding's message. */
    private static String printable(byte[] message) {
        StringBuilder text = new StringBuilder();
        new String(message, UTF_8).chars().forEach(c -> text.append(c == '\r' ? "\\r"
                : c < 0x20 || c == 0x7F ? String.format("\\x%02X", c) : Character.toString(c)));
        return text.toString();
    }

    private static String field(String message, String segment, int number) {
        for (String s : message.split("\r")) {
            if (s.startsWith(segment + "|")) {
                String[] fields = s.split("\\|", -1);
                return number < fields.length ? fields[number] : "";
            }
        }
        return "";
    }
}
