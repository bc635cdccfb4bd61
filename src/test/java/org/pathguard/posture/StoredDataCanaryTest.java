package org.pathguard.posture;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.pathguard.StandaloneLab;
import org.pathguard.database.DatabaseServer;
import org.pathguard.patient.Patient;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The canary on a lab of its own (a plant leaves the name in the WAL for good, which a shared server must not carry):
 * registered once and sealed like any patient, found nowhere in clear; then planted in clear through SQL and found.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StoredDataCanaryTest {

    static StandaloneLab lab;

    @BeforeAll
    static void start() throws Exception {
        lab = StandaloneLab.start(Files.createTempDirectory("pathguard-canary-"));
    }

    @AfterAll
    static void stop() {
        lab.close();
    }

    @Test
    @Order(1)
    void theCanaryIsRegisteredOnceAsATestPatientAndIsInClearNowhere() {
        StoredDataCanary probe = lab.bean(StoredDataCanary.class);
        Reading reading = probe.take(Instant.now());
        assertThat(reading.rating()).as(reading.finding() + " " + reading.evidence()).isEqualTo(Rating.ACHIEVED);
        assertThat(reading.indicator().id()).isEqualTo("b3c-canary-not-in-clear");
        assertThat(reading.evidence()).anyMatch(e -> e.name().equals("pg_dump searched") && e.value().endsWith("MB"));

        JdbcClient db = lab.bean(JdbcClient.class);
        UUID canary = db.sql("select patient_id from posture_canary").query(UUID.class).single();
        assertThat(db.sql("select test_patient from patient where id = ?").param(canary).query(Boolean.class).single()).isTrue();
        probe.search(Instant.now());
        assertThat(db.sql("select count(*) from posture_canary").query(Long.class).single()).isOne();
        assertThat(db.sql("select count(*) from event_log where event_type = 'CanaryRegistered'").query(Long.class).single()).isOne();
    }

    @Test
    @Order(2)
    void withoutPgDumpTheSearchCannotSayAndIsNotAchieved() {
        StoredDataCanary noDump = new StoredDataCanary(lab.bean(Canary.class), lab.bean(DatabaseServer.class), Duration.ofHours(1),
                "/nowhere/pg_dump");
        Reading reading = noDump.take(Instant.now());
        assertThat(reading.rating()).isEqualTo(Rating.NOT_ACHIEVED);
        assertThat(reading.finding()).startsWith("Cannot dump: no pg_dump at /nowhere/pg_dump");
    }

    @Test
    @Order(3)
    void theCanarysNamePlantedInClearThroughSqlIsFoundInTheDumpAndTheFiles() {
        Patient canary = lab.bean(Canary.class).registeredOnce();
        JdbcClient db = lab.bean(JdbcClient.class);
        db.sql("create table careless_copy (note text)").update();
        db.sql("insert into careless_copy values (?)").param("called about " + canary.familyName().toUpperCase()).update();
        db.sql("checkpoint").update();

        StoredDataCanary probe = lab.bean(StoredDataCanary.class);
        CanarySearch search = probe.search(Instant.now());
        assertThat(search.rating()).isEqualTo(Rating.NOT_ACHIEVED);
        assertThat(search.foundInDump()).containsExactly("family name (UTF-8)");
        assertThat(search.foundInFiles()).anyMatch(f -> f.startsWith("base/") && f.endsWith("family name (UTF-8)"))
                .anyMatch(f -> f.startsWith("pg_wal/"));
        Reading reading = probe.take(Instant.now());
        assertThat(reading.rating()).isEqualTo(Rating.NOT_ACHIEVED);
        assertThat(reading.finding()).contains("in clear in").doesNotContain(canary.familyName());
        assertThat(reading.evidence()).noneMatch(e -> e.value().toLowerCase().contains(canary.familyName().toLowerCase()));
    }
}
