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

    @Test
    void theReportCarriesBothChainIndicatorsUnderC1b() {
        OutcomeStatus c1b = posture.report(PostureTest.PRIVACY_OFFICER).outcomes().stream()
                .filter(o -> o.outcome() == CafOutcome.C1_B).findFirst().orElseThrow();
        assertThat(c1b.readings()).extracting(r -> r.indicator().id()).containsExactly("c1b-chain-verifies", "c1b-checkpoint-recent");
    }
}
