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
        lab = StandaloneLab.startTemporary("pathguard-canary-");
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

    /**
     * The posture command and serve could each register a canary: the second registration's mark is not a second row
     * (which would make every later look at the canary throw), the first stays the canary, and the table takes no other.
     */
    @Test
    @Order(4)
    void aSecondCanaryRegistrationLeavesTheFirstAsTheOnlyCanary() {
        JdbcClient db = lab.bean(JdbcClient.class);
        UUID first = lab.bean(Canary.class).registeredOnce().id();
        lab.bean(org.pathguard.eventlog.EventLog.class).append(org.pathguard.access.Actor.SYSTEM.logName(),
                org.pathguard.eventlog.NewEvent.of("another-process-canary", new CanaryRegistered(UUID.randomUUID())));

        assertThat(db.sql("select patient_id from posture_canary").query(UUID.class).list()).containsExactly(first);
        assertThat(lab.bean(Canary.class).registeredOnce().id()).isEqualTo(first);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> db.sql(
                        "insert into posture_canary (patient_id, registered_at) values (?, now())").param(UUID.randomUUID()).update())
                .hasMessageContaining("posture_canary_pkey");
    }

    /** An external database's password never reaches pg_dump's arguments, which any user of the machine reads in ps. */
    @Test
    void pgDumpIsGivenTheCredentialsOnlyThroughItsEnvironment() {
        StoredDataCanary.DumpCall inParameters = StoredDataCanary.dumpCall(
                "jdbc:postgresql://db.lab.nhs.uk:5432/pathguard?user=pathguard&password=s%3Dcret&sslmode=verify-full", null, null);
        assertThat(inParameters.dbname()).isEqualTo("postgresql://db.lab.nhs.uk:5432/pathguard?sslmode=verify-full");
        assertThat(inParameters.environment()).containsExactly(java.util.Map.entry("PGUSER", "pathguard"), java.util.Map.entry("PGPASSWORD", "s=cret"));

        StoredDataCanary.DumpCall inUserInfo = StoredDataCanary.dumpCall("jdbc:postgresql://pathguard:hunter22@db:5432/pathguard", null, null);
        assertThat(inUserInfo.dbname()).isEqualTo("postgresql://db:5432/pathguard");
        assertThat(inUserInfo.environment()).containsEntry("PGPASSWORD", "hunter22");

        StoredDataCanary.DumpCall configured = StoredDataCanary.dumpCall("jdbc:postgresql://localhost:5432/pathguard?password=old",
                "pathguard", "from-the-setting");
        assertThat(configured.dbname()).isEqualTo("postgresql://localhost:5432/pathguard").doesNotContain("old");
        assertThat(configured.environment()).containsEntry("PGPASSWORD", "from-the-setting").containsEntry("PGUSER", "pathguard");
        assertThat(StoredDataCanary.dumpCall("jdbc:postgresql://localhost:5432/postgres", null, null).environment()).isEmpty();
    }
}
