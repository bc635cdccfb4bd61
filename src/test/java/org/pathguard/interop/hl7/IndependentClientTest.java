package org.pathguard.interop.hl7;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pathguard.Api;
import org.pathguard.LabServerTest;
import org.pathguard.bench.SyntheticMessages;
import org.pathguard.bench.SyntheticMessages.Observation;
import org.pathguard.bench.SyntheticMessages.Person;
import org.pathguard.bench.SyntheticMessages.Request;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The MLLP listener driven by someone else's HL7 stack: @medplum/hl7 from the npm registry, run by
 * Node (src/test/node/send-hl7.mjs), sends an order and then its results.
 */
class IndependentClientTest extends LabServerTest {

    private static final Path CLIENT = Path.of("src/test/node");

    @Autowired
    MllpListener listener;

    @BeforeAll
    static void installClient() throws Exception {
        if (!Files.isDirectory(CLIENT.resolve("node_modules/@medplum/hl7"))) {
            Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund", "--prefix", CLIENT.toString())
                    .redirectErrorStream(true).start();
            String output = new String(npm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(npm.waitFor(5, TimeUnit.MINUTES)).isTrue();
            assertThat(npm.exitValue()).as("npm ci: " + output).isZero();
        }
    }

    private List<JsonNode> send(String... messages) throws IOException, InterruptedException {
        loopbackHl7Sender("Y00123");
        Path file = Files.createTempFile(DATA_DIR, "messages", ".json");
        Files.writeString(file, Api.JSON.writeValueAsString(List.of(messages)));
        Process node = new ProcessBuilder("node", CLIENT.resolve("send-hl7.mjs").toString(), "127.0.0.1",
                String.valueOf(listener.port()), file.toString()).start();
        String out = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(node.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(node.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(node.exitValue()).as(err).isZero();
        return out.lines().map(Api.JSON::readTree).toList();
    }

    @Test
    void anOrderAndItsResultsFromAnIndependentHl7Client() throws Exception {
        Person person = new Person(Api.newNhsNumber(), Api.unique("H"), "Müller", "Zoë", "19920611", "F", "SE22 8DF");
        String serum = Api.unique("S");
        String orderControl = Api.unique("NODE-OML");
        List<JsonNode> orderAcks = send(SyntheticMessages.oml(orderControl, "Y00123", Api.unique("P"), person, "A", null,
                List.of(new Request("UE", serum, "SER"), new Request("CRP", null, null))));
        assertThat(orderAcks).hasSize(1);
        assertThat(orderAcks.getFirst().get("ackCode").asString()).isEqualTo("AA");
        assertThat(orderAcks.getFirst().get("ackControlId").asString()).isEqualTo(orderControl);
        String raw = orderAcks.getFirst().get("raw").asString();
        String accession = Mllp.field(raw, "ORC", 3).split("\\^")[0];
        JsonNode order = api("lab", "SCIENTIST").get("/api/orders/" + accession).json();
        assertThat(order.get("priority").asString()).isEqualTo("URGENT");
        assertThat(order.get("tests").toString()).contains("UE", "CRP");
        assertThat(api("ward.y", "REQUESTER", "Y00123").post("/api/patients/search", Map.of("nhsNumber", person.nhsNumber())).body())
                .contains("Müller", "Zoë");

        assertThat(api("lab", "SCIENTIST").post("/api/specimens/" + serum + "/receipt", Map.of()).status()).isEqualTo(200);
        String resultControl = Api.unique("NODE-ORU");
        String resultMessage = SyntheticMessages.oru(resultControl, serum, person.nhsNumber(), List.of(
                new Observation("NA", "L", "139", "mmol/L"), new Observation("2823-3", "LN", "4.4", "mmol/L"),
                new Observation("UREA", "L", "6.0", "mmol/L"), new Observation("CREA", "L", "71", "umol/L"),
                new Observation("CRP", "L", "3", "mg/L")));
        List<JsonNode> resultAcks = send(resultMessage, resultMessage,
                SyntheticMessages.oru(resultControl, serum, person.nhsNumber(), List.of(
                        new Observation("NA", "L", "139", "mmol/L"))),
                SyntheticMessages.oru(Api.unique("NODE-ORU"), serum, null, List.of(new Observation("NA", "L", "abc", "mmol/L"))));
        assertThat(resultAcks).extracting(a -> a.get("ackCode").asString()).containsExactly("AA", "AA", "AR", "AE");
        assertThat(resultAcks.get(1).get("raw").asString()).as("a resent message gets its first answer")
                .isEqualTo(resultAcks.get(0).get("raw").asString());
        assertThat(resultAcks.get(2).get("text").asString()).as("other content under a used control id")
                .contains("for a different message");
        assertThat(resultAcks.get(3).get("text").asString()).contains("numeric");

        JsonNode results = api("lab", "SCIENTIST").get("/api/orders/" + accession + "/results").json();
        assertThat(results).hasSize(5);
        assertThat(results.toString()).contains("\"analyteCode\":\"K\"", "\"value\":\"4.4\"", "\"analyteCode\":\"CRP\"");
        assertThat(api("ward.y", "REQUESTER", "Y00123").get("/api/orders/" + accession + "/reports").json()).hasSize(1);
    }
}
