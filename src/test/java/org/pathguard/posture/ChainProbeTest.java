package org.pathguard.posture;

import org.junit.jupiter.api.Test;
import org.pathguard.LabServerTest;
import org.pathguard.audit.Checkpoints;
import org.pathguard.eventlog.EventLog;
import org.pathguard.eventlog.HistoryRewrite;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The C1.b chain probe on the real log: intact it is achieved and a later view walks only what was added; an event
 * edited in place, or rewritten with every hash recomputed as a superuser could, turns it not achieved. Each alteration
 * is undone before the test ends (the server is shared).
 */
class ChainProbeTest extends LabServerTest {

    @Autowired
    EventLog log;

    @Autowired
    Checkpoints checkpoints;

    @Autowired
    Posture posture;

    @Autowired
    JdbcTemplate jdbc;

    private ChainProbe probe() {
        return new ChainProbe(log, checkpoints, Duration.ofHours(1));
    }

    private void attestSomething() {
        posture.attest(PostureTest.MANAGER, "b5a-outage-recovery-plan", "Business continuity plan v4, shared drive",
                "Plan agreed with both partner labs at the network meeting");
    }

    @Test
    void anIntactChainIsAchievedAndALaterViewWalksOnlyTheNewEvents() {
        attestSomething();
        checkpoints.makeCheckpoints();
        ChainProbe probe = probe();
        Instant now = Instant.now();
        Reading first = probe.take(now);
        assertThat(first.rating()).as(first.finding()).isEqualTo(Rating.ACHIEVED);
        long head = log.lastSequence();
        assertThat(first.evidence()).contains(new Evidence("events walked on this view", Long.toString(head)));

        attestSomething();
        Reading second = probe.take(now.plusSeconds(60));
        assertThat(second.rating()).isEqualTo(Rating.ACHIEVED);
        assertThat(second.evidence()).contains(new Evidence("events walked on this view", Long.toString(log.lastSequence() - head)));
    }

    @Test
    void anEventEditedInPlaceIsFound() {
        attestSomething();
        long head = log.lastSequence();
        String actor = jdbc.queryForObject("select actor from event_log where seq = ?", String.class, head);
        jdbc.execute("alter table event_log disable trigger event_log_no_update_or_delete");
        try {
            jdbc.update("update event_log set actor = 'someone.else/LAB_MANAGER' where seq = ?", head);
            Reading reading = probe().take(Instant.now());
            assertThat(reading.rating()).isEqualTo(Rating.NOT_ACHIEVED);
            assertThat(reading.finding()).isEqualTo("The event log has been altered: sequence " + head + "'s stored fields do not match its hash");
        } finally {
            jdbc.update("update event_log set actor = ? where seq = ?", actor, head);
            jdbc.execute("alter table event_log enable trigger event_log_no_update_or_delete");
        }
        assertThat(probe().take(Instant.now()).rating()).isEqualTo(Rating.ACHIEVED);
    }

    @Test
    void aRewriteWithEveryHashRecomputedNoLongerMatchesTheSignedCheckpoint() {
        attestSomething();
        checkpoints.makeCheckpoints();
        long signed = checkpoints.latest().orElseThrow().treeSize();
        String actor = jdbc.queryForObject("select actor from event_log where seq = ?", String.class, signed);
        try {
            HistoryRewrite.changeActor(jdbc, signed, "someone.else/LAB_MANAGER");
            Reading reading = probe().take(Instant.now());
            assertThat(reading.rating()).isEqualTo(Rating.NOT_ACHIEVED);
            assertThat(reading.finding()).contains("no longer have the root the latest checkpoint signed");
        } finally {
            HistoryRewrite.changeActor(jdbc, signed, actor);
        }
        assertThat(probe().take(Instant.now()).rating()).isEqualTo(Rating.ACHIEVED);
    }

    /** Deleting the last rows leaves an intact, shorter chain: the probe remembers what it saw and the checkpoint what it signed. */
    @Test
    void aLogShorterThanItWasIsNotAchieved() {
        attestSomething();
        checkpoints.makeCheckpoints();
        attestSomething();
        ChainProbe probe = probe();
        Instant now = Instant.now();
        assertThat(probe.take(now).rating()).isEqualTo(Rating.ACHIEVED);
        long head = log.lastSequence();
        jdbc.execute("create table chain_probe_deleted as select * from event_log where seq = " + head);
        jdbc.execute("alter table event_log disable trigger event_log_no_update_or_delete");
        try {
            jdbc.update("delete from event_log where seq = ?", head);
            Reading seen = probe.take(now.plusSeconds(60));
            assertThat(seen.rating()).isEqualTo(Rating.NOT_ACHIEVED);
            assertThat(seen.finding()).startsWith("The event log has been altered: the log is shorter than it was: 1 event missing");
            assertThat(probe.take(now.plus(Duration.ofHours(2))).rating()).as("a whole walk does not forget it").isEqualTo(Rating.NOT_ACHIEVED);
        } finally {
            jdbc.execute("insert into event_log select * from chain_probe_deleted");
            jdbc.execute("drop table chain_probe_deleted");
            jdbc.execute("alter table event_log enable trigger event_log_no_update_or_delete");
        }
        assertThat(probe().take(Instant.now()).rating()).isEqualTo(Rating.ACHIEVED);
    }

    /** Without a checkpoint nothing outside the rows vouches for them: an unbroken chain is all a recomputed rewrite needs. */
    @Test
    void anUnbrokenChainWithNoCheckpointIsOnlyPartiallyAchieved() {
        attestSomething();
        jdbc.execute("create table chain_probe_checkpoints as select * from checkpoint");
        jdbc.execute("alter table checkpoint disable trigger checkpoint_no_update_or_delete");
        try {
            jdbc.update("delete from checkpoint");
            Reading reading = probe().take(Instant.now());
            assertThat(reading.rating()).isEqualTo(Rating.PARTIALLY_ACHIEVED);
            assertThat(reading.finding()).contains("no checkpoint has been signed", "cannot be told from it");
        } finally {
            jdbc.execute("insert into checkpoint select * from chain_probe_checkpoints on conflict do nothing");
            jdbc.execute("drop table chain_probe_checkpoints");
            jdbc.execute("alter table checkpoint enable trigger checkpoint_no_update_or_delete");
        }
        checkpoints.makeCheckpoints();
        assertThat(probe().take(Instant.now()).rating()).isEqualTo(Rating.ACHIEVED);
    }

    @Test
    void theReportCarriesBothChainIndicatorsUnderC1b() {
        OutcomeStatus c1b = posture.report(PostureTest.PRIVACY_OFFICER).outcomes().stream()
                .filter(o -> o.outcome() == CafOutcome.C1_B).findFirst().orElseThrow();
        assertThat(c1b.readings()).extracting(r -> r.indicator().id()).containsExactly("c1b-chain-verifies", "c1b-checkpoint-recent");
    }
}
