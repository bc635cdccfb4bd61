package org.pathguard.interop;

import org.junit.jupiter.api.Test;
import org.pathguard.Api;
import org.pathguard.LabServerTest;
import org.pathguard.bench.SyntheticMessages;
import org.pathguard.bench.SyntheticMessages.Observation;
import org.pathguard.bench.SyntheticMessages.Person;
import org.pathguard.bench.SyntheticMessages.Request;
import org.pathguard.cli.DemoAtRestTest;
import org.pathguard.database.DatabaseServer;
import org.pathguard.interop.hl7.Hl7Sender;
import org.pathguard.interop.hl7.InboundMessages;
import org.springframework.beans.factory.annotation.Autowired;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Raw HL7 messages and their acknowledgements are kept, but only encrypted: after an order and its
 * results arrive by HL7, neither a real pg_dump nor any raw file of the data directory (WAL included)
 * holds the patient's name, NHS or hospital number, birth date or postcode, or a result's value text.
 */
class InterfacesAtRestTest extends LabServerTest {

    @Autowired
    InboundMessages inbound;

    @Autowired
    DatabaseServer database;

    @Test
    void rawMessagesAreKeptOnlyEncrypted() throws Exception {
        Random random = new Random();
        String family = Api.randomName(12);
        String given = Api.randomName(10);
        String hospital = "HX" + (10_000_000 + random.nextInt(89_999_999));
        Person person = new Person(Api.newNhsNumber(), hospital, family, given, "19230817", "F", "TR19 7AA");
        String serum = Api.unique("S");
        loopbackHl7Sender("RJ122");
        Hl7Sender.Peer loopback = new Hl7Sender.Peer(null, "127.0.0.1");
        String orderAck = inbound.answer(SyntheticMessages.oml(Api.unique("OML"), "RJ122", Api.unique("P"), person, "R",
                "Clinical note " + Api.randomName(14), List.of(new Request("CRP", serum, "SER"))), loopback);
        assertThat(orderAck).contains("MSA|AA|");
        assertThat(api("lab", "SCIENTIST").post("/api/specimens/" + serum + "/receipt", Map.of()).status()).isEqualTo(200);
        assertThat(inbound.answer(SyntheticMessages.oru(Api.unique("ORU"), serum, person.nhsNumber(),
                List.of(new Observation("CRP", "L", "187", "mg/L"))), loopback)).contains("MSA|AA|");
        db.sql("checkpoint").update();

        Set<String> secrets = new HashSet<>(Set.of(family, given, hospital, person.nhsNumber(), "1923-08-17", "19230817", "TR197AA"));
        String dump = DemoAtRestTest.dump(database);
        assertThat(dump).contains("COPY public.inbound_message");
        assertThat(DemoAtRestTest.found(DemoAtRestTest.tokens(DemoAtRestTest.decodeHex(dump)), secrets))
                .as("patient values in clear in pg_dump").isEmpty();
        for (Path file : DemoAtRestTest.regularFiles(DATA_DIR.resolve("postgres"))) {
            Set<String> tokens = DemoAtRestTest.tokens(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1));
            assertThat(DemoAtRestTest.found(tokens, secrets)).as("patient values in clear in " + file).isEmpty();
        }
    }
}
