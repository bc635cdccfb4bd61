package org.pathguard.bench;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The yardstick's HAPI side on its own: HAPI's JPA server (built from bench-hapi/ on first use, downloads allowed)
 * in a process of its own on its embedded PostgreSQL answers the bench's own transaction Bundles, every one with a 2xx.
 * A handful of Bundles: the test proves the set-up, not a speed.
 */
class HapiYardstickTest {

    @Test
    void hapiAnswersTheBenchsBundlesWithoutAnError() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

        InterfaceRounds.Side hapi = HapiYardstick.side(Path.of("."), out);
        int exit = new InterfaceRounds(InterfaceRounds.Kind.FHIR, out).run(List.of(hapi), new int[]{2}, 6, 1);

        String report = bytes.toString(StandardCharsets.UTF_8);
        assertThat(exit).as(report).isZero();
        assertThat(report).contains("2 connections, HAPI FHIR JPA 8.8.0", "6 Bundles sent, no errors", "errors: 0");
    }
}
