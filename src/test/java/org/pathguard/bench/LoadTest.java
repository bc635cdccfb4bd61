package org.pathguard.bench;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The load's error accounting: every failure is counted with its reason, and a round with any failure has no speed. */
class LoadTest {

    @Test
    void failuresAreCountedByReasonAndTheRoundHasNoSpeed() throws Exception {
        Load.Figures figures = Load.run(2, 10, () -> i -> {
            if (i % 5 == 0) {
                throw new Load.Refused("HTTP 429");
            }
            if (i == 3) {
                throw new IllegalStateException("stored nothing");
            }
        });
        assertThat(figures.measured()).isFalse();
        assertThat(figures.errors().byReason()).containsEntry("HTTP 429", 2).containsEntry("IllegalStateException: stored nothing", 1);
        assertThat(figures.errors().count()).isEqualTo(3);

        String printed = print(figures);
        assertThat(printed).contains("round: 3 errors of 10", "2 x HTTP 429", "round: not measured: 3 errors").doesNotContain("/s");
    }

    @Test
    void aClosedPortIsConnectionRefusedForEveryOperation() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        Load.Figures figures = Load.run(1, 3, () -> {
            Socket socket = new Socket("127.0.0.1", closed);
            return i -> socket.close();
        });
        assertThat(figures.errors().byReason()).containsExactlyEntriesOf(java.util.Map.of("connection refused", 3));
    }

    @Test
    void anHl7AnswerOtherThanAaIsARefusalWithItsTextAndThisRunsIdentifiersBlanked() throws Exception {
        InterfaceBenchmark bench = new InterfaceBenchmark(new InterfaceBenchmark.Target("127.0.0.1", 1, 1, ""));
        bench.accepted("MSH|^~\\&|PATHGUARD|PGLAB\rMSA|AA|R1\r");
        assertThatThrownBy(() -> bench.accepted("MSH|^~\\&|PATHGUARD|PGLAB\rMSA|AE|R1|No order for this specimen\r"))
                .isInstanceOf(Load.Refused.class).hasMessage("HL7 AE \"No order for this specimen\"");
        assertThatThrownBy(() -> bench.accepted("MSH|^~\\&|PATHGUARD|PGLAB\r"))
                .isInstanceOf(Load.Refused.class).hasMessage("HL7 answer without an MSA segment");
    }

    @Test
    void aRoundWithoutFailuresPrintsItsSpeed() throws Exception {
        Load.Figures figures = Load.run(2, 4, () -> i -> { });
        assertThat(figures.measured()).isTrue();
        assertThat(print(figures)).containsPattern("round: 4 in [0-9.]+ s = [0-9,]+/s").doesNotContain("errors");
    }

    private static String print(Load.Figures figures) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        figures.printErrors(out, "round");
        figures.print(out, "round", 1, "ops");
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
