package org.pathguard.eventlog;

import org.junit.jupiter.api.Test;
import org.pathguard.Api;
import org.pathguard.LabServerTest;
import org.pathguard.access.Actor;
import org.pathguard.lab.Conflict;
import org.pathguard.lab.Sex;
import org.pathguard.patient.PatientRegistry;
import org.pathguard.patient.Registration;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventLogTest extends LabServerTest {

    @Autowired
    EventLog log;

    @Autowired
    PatientRegistry patients;

    record Probe(int writer, int n) {
    }

    @Test
    void concurrentWritersLeaveOneCompleteValidChain() throws Exception {
        long before = eventCount();
        int writers = 64;
        int perWriter = 20;
        List<Future<List<RecordedEvent>>> futures = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(writers)) {
            for (int w = 0; w < writers; w++) {
                int writer = w;
                futures.add(pool.submit(() -> {
                    List<RecordedEvent> mine = new ArrayList<>();
                    for (int n = 0; n < perWriter; n++) {
                        if (n % 5 == 0) {
                            // Some appends update projections too, so group commits mix both kinds.
                            patients.register(new Actor("writer" + writer, Actor.Role.REQUESTER), new Registration(
                                    Api.newNhsNumber(), null, "Concurrent", "Writer", LocalDate.of(1980, 1, 1), Sex.FEMALE, null));
                        }
                        mine.addAll(log.append("writer" + writer, NewEvent.of(UUID.randomUUID(), new Probe(writer, n))));
                    }
                    return mine;
                }));
            }
            List<Long> sequences = new ArrayList<>();
            for (Future<List<RecordedEvent>> f : futures) {
                f.get().forEach(e -> sequences.add(e.sequence()));
            }
            assertThat(sequences).doesNotHaveDuplicates().hasSize(writers * perWriter);
        }
        var stats = db.sql("select count(*), count(distinct seq), min(seq), max(seq) from event_log")
                .query((rs, n) -> new long[]{rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4)}).single();
        assertThat(stats[0]).isEqualTo(stats[1]).isEqualTo(stats[3]);
        assertThat(stats[2]).isEqualTo(1);
        assertThat(stats[0] - before).isEqualTo(writers * perWriter + writers * perWriter / 5);
        ChainVerification v = log.verify();
        assertThat(v.intact()).as(v.problem()).isTrue();
        assertThat(v.eventCount()).isEqualTo(stats[0]);
    }

    @Test
    void aUniquenessRaceFailsOnlyTheLosersNotTheirNeighboursInTheGroup() throws Exception {
        String nhs = Api.newNhsNumber();
        CountDownLatch start = new CountDownLatch(1);
        List<Future<String>> outcomes = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(32)) {
            for (int i = 0; i < 32; i++) {
                boolean duplicate = i % 2 == 0;
                outcomes.add(pool.submit(() -> {
                    start.await();
                    if (!duplicate) {
                        log.append("neighbour", NewEvent.of(UUID.randomUUID(), new Probe(0, 0)));
                        return "neighbour";
                    }
                    try {
                        patients.register(new Actor("racer", Actor.Role.REQUESTER), new Registration(nhs, null,
                                "Race", "Same", LocalDate.of(1990, 1, 1), Sex.MALE, null));
                        return "registered";
                    } catch (Conflict lost) {
                        return "conflict";
                    }
                }));
            }
            start.countDown();
            List<String> results = new ArrayList<>();
            for (Future<String> f : outcomes) {
                results.add(f.get());
            }
            assertThat(results).filteredOn("registered"::equals).hasSize(1);
            assertThat(results).filteredOn("conflict"::equals).hasSize(15);
            assertThat(results).filteredOn("neighbour"::equals).hasSize(16);
        }
        assertThat(log.verify().intact()).isTrue();
    }

    @Test
    void aWriterWhoseLockSessionDiedTakesTheLockAgainAndKeepsAppending() {
        log.append("before", NewEvent.of("lock", new Probe(0, 1)));
        List<Integer> holders = db.sql("select pid from pg_locks where locktype = 'advisory' and granted")
                .query(Integer.class).list();
        assertThat(holders).hasSize(1);
        db.sql("select pg_terminate_backend(?)").param(holders.getFirst()).query(Boolean.class).single();

        var after = log.append("after", NewEvent.of("lock", new Probe(0, 2)));

        assertThat(after).hasSize(1);
        assertThat(db.sql("select pid from pg_locks where locktype = 'advisory' and granted").query(Integer.class).list())
                .hasSize(1).doesNotContain(holders.getFirst());
        assertThat(log.verify().intact()).isTrue();
    }

    @Test
    void changingOneByteOfOneStoredEventIsFoundAtThatSequence() {
        log.append("tamper-test", NewEvent.of("s1", new Probe(1, 1)), NewEvent.of("s2", new Probe(2, 2)),
                NewEvent.of("s3", new Probe(3, 3)));
        long target = db.sql("select max(seq) - 1 from event_log").query(Long.class).single();
        assertThat(log.verify().intact()).isTrue();

        flipPayloadByte(target);
        try {
            ChainVerification v = log.verify();
            assertThat(v.intact()).isFalse();
            assertThat(v.firstBadSequence()).isEqualTo(target);
            assertThat(v.eventCount()).isEqualTo(target - 1);
        } finally {
            flipPayloadByte(target);
        }
        assertThat(log.verify().intact()).isTrue();
    }

    @Test
    void theLogRefusesUpdateAndDelete() {
        assertThatThrownBy(() -> db.sql("update event_log set actor = 'mallory' where seq = 1").update())
                .hasMessageContaining("append-only");
        assertThatThrownBy(() -> db.sql("delete from event_log where seq = 1").update())
                .hasMessageContaining("append-only");
    }

    /** What an attacker with database superuser rights can do: switch the guard off and edit a row. */
    private void flipPayloadByte(long seq) {
        db.sql("alter table event_log disable trigger event_log_no_update_or_delete").update();
        try {
            db.sql("update event_log set payload = set_byte(payload, 20, get_byte(payload, 20) # 1) where seq = ?")
                    .param(seq).update();
        } finally {
            db.sql("alter table event_log enable trigger event_log_no_update_or_delete").update();
        }
    }
}
