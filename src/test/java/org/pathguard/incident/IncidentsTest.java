package org.pathguard.incident;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pathguard.LabServerTest;
import org.pathguard.access.Actor;
import org.pathguard.access.ForbiddenAction;
import org.pathguard.lab.Conflict;
import org.pathguard.lab.LabRuleViolation;
import org.pathguard.lab.LabTime;
import org.pathguard.lab.NotFound;
import org.springframework.beans.factory.annotation.Autowired;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A lab's incident through the real service, event log and PostgreSQL: declared and confirmed, closed and confirmed, each
 * by a second person; every refusal leaves the log as it was; the incident cell's later figure replaces the earlier.
 */
class IncidentsTest extends LabServerTest {

    static final Actor MANAGER = new Actor("incident.manager", Actor.Role.LAB_MANAGER, LAB, null);
    static final Actor OTHER_MANAGER = new Actor("incident.deputy", Actor.Role.LAB_MANAGER, LAB, null);
    static final Actor AUTHORISER = new Actor("incident.authoriser", Actor.Role.AUTHORISER, LAB, null);
    static final Actor SCIENTIST = new Actor("incident.bms", Actor.Role.SCIENTIST, LAB, null);

    @Autowired
    Incidents incidents;

    @Autowired
    org.pathguard.eventlog.EventLog log;

    /** The lab has one incident state shared by every test on this server: each test starts and ends with none in force. */
    @BeforeEach
    @AfterEach
    void noIncidentInForce() {
        endAnyIncident(incidents);
    }

    static void endAnyIncident(Incidents incidents) {
        incidents.inForce().ifPresent(i -> {
            Actor proposer = incidents.closing(i.id()).map(c -> c.proposedBy().equals(MANAGER.name()) ? MANAGER : OTHER_MANAGER)
                    .orElseGet(() -> {
                        incidents.proposeClose(MANAGER, i.id(), "Test finished; the lab works normally again");
                        return MANAGER;
                    });
            incidents.confirmClose(proposer == MANAGER ? OTHER_MANAGER : MANAGER, i.id());
        });
    }

    @Test
    void anIncidentIsInForceFromItsDeclarationUntilASecondPersonConfirmsItsClose() {
        Instant before = Instant.now().minusSeconds(1);
        Incident declared = incidents.declare(MANAGER, "Ransomware on the LIS: analysers offline since 07:10");
        assertThat(declared.scope()).isEqualTo(Incident.Scope.LAB);
        assertThat(declared.labOds()).isEqualTo(LAB);
        assertThat(declared.declaredBy()).isEqualTo(MANAGER.name());
        assertThat(declared.confirmed()).isFalse();
        assertThat(incidents.inForce()).contains(declared);

        Incident confirmed = incidents.confirm(AUTHORISER, declared.id());
        assertThat(confirmed.confirmedBy()).isEqualTo(AUTHORISER.name());
        assertThat(confirmed.confirmed()).isTrue();

        Incident proposed = incidents.proposeClose(MANAGER, declared.id(), "LIS restored and checked; backlog cleared");
        assertThat(proposed.inForce()).as("in force until the close is confirmed").isTrue();
        assertThat(incidents.closing(declared.id())).hasValueSatisfying(c -> {
            assertThat(c.proposedBy()).isEqualTo(MANAGER.name());
            assertThat(c.confirmed()).isFalse();
        });

        Incident closed = incidents.confirmClose(OTHER_MANAGER, declared.id());
        assertThat(closed.inForce()).isFalse();
        assertThat(closed.closedBy()).isEqualTo(MANAGER.name());
        assertThat(closed.closingSummary()).isEqualTo("LIS restored and checked; backlog cleared");
        assertThat(incidents.closing(declared.id()).orElseThrow().confirmedBy()).isEqualTo(OTHER_MANAGER.name());
        assertThat(incidents.inForce()).isEmpty();
        assertThat(incidents.history().getFirst()).isEqualTo(closed);

        Instant after = Instant.now().plusSeconds(1);
        assertThat(incidents.overlapping(before, after)).contains(closed);
        assertThat(incidents.overlapping(after, after.plusSeconds(3600))).isEmpty();
        // Other tests on this server may have had incidents before this one; none of them is this one.
        assertThat(incidents.overlapping(before.minusSeconds(3600), before)).map(Incident::id).isNotEqualTo(java.util.Optional.of(closed.id()));
    }

    @Test
    void overlappingIsTheLatestDeclaredIncidentThatOverlapped() {
        Instant start = Instant.now().minusSeconds(1);
        Incident first = incidents.declare(MANAGER, "Power failure in the core lab building");
        endAnyIncident(incidents);
        Incident second = incidents.declare(MANAGER, "Network outage between the hospital sites");
        assertThat(incidents.overlapping(start, Instant.now().plusSeconds(1))).map(Incident::id).contains(second.id());
        assertThat(incidents.overlapping(start, second.declaredAt())).map(Incident::id).contains(first.id());
    }

    @Test
    void anIncidentDeclaredWhileOneIsInForceIsRefusedSayingWhichOne() {
        Incident declared = incidents.declare(MANAGER, "Ransomware on the LIS: analysers offline");
        long events = eventCount();
        assertThatThrownBy(() -> incidents.declare(OTHER_MANAGER, "Another incident declared by mistake"))
                .isInstanceOf(Conflict.class)
                .hasMessageStartingWith("An incident is already in force since ")
                .hasMessageContaining("declared by incident.manager: Ransomware on the LIS: analysers offline");
        assertThat(eventCount()).isEqualTo(events);
        assertThat(incidents.inForce()).map(Incident::id).contains(declared.id());
    }

    @Test
    void noOnePersonConfirmsTheirOwnDeclarationOrClose() {
        Incident declared = incidents.declare(MANAGER, "Water leak over the analysers");
        long events = eventCount();
        assertThatThrownBy(() -> incidents.confirm(MANAGER, declared.id())).isInstanceOf(ForbiddenAction.class)
                .hasMessageContaining("you declared this one");
        assertThatThrownBy(() -> incidents.confirm(SCIENTIST, declared.id())).isInstanceOf(ForbiddenAction.class);
        assertThat(eventCount()).isEqualTo(events);

        incidents.confirm(OTHER_MANAGER, declared.id());
        assertThatThrownBy(() -> incidents.confirm(AUTHORISER, declared.id())).isInstanceOf(Conflict.class)
                .hasMessageContaining("already confirmed by incident.deputy");

        incidents.proposeClose(OTHER_MANAGER, declared.id(), "Leak fixed and analysers back in use");
        events = eventCount();
        assertThatThrownBy(() -> incidents.confirmClose(OTHER_MANAGER, declared.id())).isInstanceOf(ForbiddenAction.class)
                .hasMessageContaining("you proposed this one");
        assertThatThrownBy(() -> incidents.proposeClose(MANAGER, declared.id(), "A second proposal to close it"))
                .isInstanceOf(Conflict.class).hasMessageContaining("already proposed by incident.deputy");
        assertThat(eventCount()).isEqualTo(events);
        assertThat(incidents.inForce()).isPresent();

        // The declarer may confirm a close someone else proposed: it is a second person for that step.
        assertThat(incidents.confirmClose(MANAGER, declared.id()).inForce()).isFalse();
    }

    @Test
    void closingWhatIsNotInForceOrWasNotProposedIsRefused() {
        Incident declared = incidents.declare(MANAGER, "Cooling failure in the analyser room");
        long events = eventCount();
        assertThatThrownBy(() -> incidents.confirmClose(OTHER_MANAGER, declared.id())).isInstanceOf(Conflict.class)
                .hasMessageContaining("No one has proposed closing this incident");
        assertThat(eventCount()).isEqualTo(events);
        endAnyIncident(incidents);

        events = eventCount();
        assertThatThrownBy(() -> incidents.proposeClose(MANAGER, declared.id(), "Closing it a second time"))
                .isInstanceOf(Conflict.class).hasMessageContaining("is not in force");
        assertThatThrownBy(() -> incidents.confirmClose(OTHER_MANAGER, declared.id())).isInstanceOf(Conflict.class);
        assertThatThrownBy(() -> incidents.confirm(OTHER_MANAGER, declared.id())).isInstanceOf(Conflict.class);
        assertThatThrownBy(() -> incidents.proposeClose(MANAGER, UUID.randomUUID(), "No such incident at all"))
                .isInstanceOf(NotFound.class);
        assertThat(eventCount()).isEqualTo(events);
    }

    @Test
    void aSummaryMustSayWhatHappensInWordsOnOneLineOfSaneLength() {
        long events = eventCount();
        assertThatThrownBy(() -> incidents.declare(MANAGER, "")).isInstanceOf(LabRuleViolation.class).hasMessageContaining("summary");
        assertThatThrownBy(() -> incidents.declare(MANAGER, null)).isInstanceOf(LabRuleViolation.class);
        assertThatThrownBy(() -> incidents.declare(MANAGER, "Outage of the " + "analyser ".repeat(300))).isInstanceOf(LabRuleViolation.class)
                .hasMessageContaining("longer than");
        assertThatThrownBy(() -> incidents.declare(MANAGER, "Two lines\nof summary here")).isInstanceOf(LabRuleViolation.class);
        assertThatThrownBy(() -> incidents.declare(SCIENTIST, "A scientist may not declare")).isInstanceOf(ForbiddenAction.class);
        assertThat(eventCount()).isEqualTo(events);
        assertThat(incidents.inForce()).isEmpty();

        Incident declared = incidents.declare(MANAGER, "Fire alarm: the lab evacuated");
        events = eventCount();
        assertThatThrownBy(() -> incidents.proposeClose(MANAGER, declared.id(), "  ")).isInstanceOf(LabRuleViolation.class)
                .hasMessageContaining("closingSummary");
        assertThat(eventCount()).isEqualTo(events);
    }

    @Test
    void peoplesWordsAreSealedAtRest() {
        Incident declared = incidents.declare(MANAGER, "Zebraword outage of the blood bank system");
        incidents.enterFigure(MANAGER, declared.id(), new FigureEntry("RJ1", "Guy's and St Thomas'", declaredOn(declared),
                FigureKind.O_NEGATIVE_STOCK_DAYS, new BigDecimal("3.5"), "Quagmireword stock count"));
        byte[] summary = db.sql("select summary from incident where id = ?").param(declared.id()).query(byte[].class).single();
        byte[] source = db.sql("select source from incident_figure where incident_id = ?").param(declared.id()).query(byte[].class).single();
        assertThat(new String(summary, StandardCharsets.ISO_8859_1)).doesNotContain("Zebraword");
        assertThat(new String(source, StandardCharsets.ISO_8859_1)).doesNotContain("Quagmireword");
        assertThat(incidents.figures(declared.id(), declaredOn(declared), declaredOn(declared)).getFirst().source())
                .isEqualTo("Quagmireword stock count");
    }

    @Test
    void aLaterFigureForTheSameOrganisationDayAndKindReplacesTheEarlierAndBothStay() {
        Incident declared = incidents.declare(MANAGER, "Ransomware on the LIS: figures for the update");
        LocalDate day = declaredOn(declared);
        incidents.enterFigure(MANAGER, declared.id(), figure("RJ1", day, FigureKind.ELECTIVE_PROCEDURES_POSTPONED, "120", "bed meeting 08:00"));
        incidents.enterFigure(MANAGER, declared.id(), figure("RJ2", day, FigureKind.ELECTIVE_PROCEDURES_POSTPONED, "40", "bed meeting 08:00"));
        incidents.enterFigure(MANAGER, declared.id(), figure("RJ1", day, FigureKind.O_NEGATIVE_STOCK_DAYS, "2.5", "blood bank count"));
        IncidentFigure replacement = incidents.enterFigure(OTHER_MANAGER, declared.id(),
                figure("rj1", day, FigureKind.ELECTIVE_PROCEDURES_POSTPONED, "135", "bed meeting 16:00"));
        assertThat(replacement.organisationOds()).isEqualTo("RJ1");
        assertThat(replacement.enteredBy()).isEqualTo(OTHER_MANAGER.name());

        var figures = incidents.figures(declared.id(), day, day);
        assertThat(figures).extracting(f -> f.organisationOds() + " " + f.kind() + " " + f.value().toPlainString() + " " + f.source())
                .containsExactly("RJ1 ELECTIVE_PROCEDURES_POSTPONED 135 bed meeting 16:00",
                        "RJ1 O_NEGATIVE_STOCK_DAYS 2.5 blood bank count",
                        "RJ2 ELECTIVE_PROCEDURES_POSTPONED 40 bed meeting 08:00");
        assertThat(incidents.entries(declared.id())).hasSize(4);
        assertThat(incidents.figures(declared.id(), day.minusDays(7), day.minusDays(1))).isEmpty();
        assertThat(db.sql("select count(*) from event_log where event_type = 'IncidentFigureEntered'").query(Long.class).single())
                .isGreaterThanOrEqualTo(4);
    }

    @Test
    void figuresThatCannotBeRightAreRefusedAndNothingIsWritten() {
        Incident declared = incidents.declare(MANAGER, "Ransomware on the LIS: bad figures");
        LocalDate day = declaredOn(declared);
        long events = eventCount();
        assertRefused(declared, figure("RJ1", day.plusDays(2), FigureKind.ELECTIVE_PROCEDURES_POSTPONED, "1", "bed meeting"), "day-in-future");
        assertRefused(declared, figure("RJ1", day.minusDays(1), FigureKind.ELECTIVE_PROCEDURES_POSTPONED, "1", "bed meeting"),
                "day-before-incident");
        assertRefused(declared, figure("RJ1", day, FigureKind.ELECTIVE_PROCEDURES_POSTPONED, "-3", "bed meeting"), "value-negative");
        assertRefused(declared, figure("RJ1", day, FigureKind.OUTPATIENT_APPOINTMENTS_POSTPONED, "2.5", "bed meeting"), "value-not-whole");
        assertRefused(declared, figure("RJ1", day, FigureKind.O_NEGATIVE_STOCK_DAYS, "2", null), "missing-field");
        assertRefused(declared, figure("not an ods", day, FigureKind.O_NEGATIVE_STOCK_DAYS, "2", "count"), "invalid-ods-code");
        assertThatThrownBy(() -> incidents.enterFigure(SCIENTIST, declared.id(),
                figure("RJ1", day, FigureKind.O_NEGATIVE_STOCK_DAYS, "2", "count"))).isInstanceOf(ForbiddenAction.class);
        assertThat(eventCount()).isEqualTo(events);

        endAnyIncident(incidents);
        events = eventCount();
        assertThatThrownBy(() -> incidents.enterFigure(MANAGER, declared.id(),
                figure("RJ1", day, FigureKind.O_NEGATIVE_STOCK_DAYS, "2", "count"))).isInstanceOf(Conflict.class)
                .hasMessageContaining("its figures are final");
        assertThat(eventCount()).isEqualTo(events);
        assertThat(incidents.entries(declared.id())).isEmpty();
    }

    @Test
    void incidentsAndFiguresAreTheSameAfterTheLogIsReplayed() {
        Incident first = incidents.declare(MANAGER, "Ransomware on the LIS: to be replayed");
        incidents.confirm(AUTHORISER, first.id());
        incidents.enterFigure(MANAGER, first.id(), figure("RJ1", declaredOn(first), FigureKind.O_NEGATIVE_STOCK_DAYS, "2.5", "count one"));
        incidents.enterFigure(MANAGER, first.id(), figure("RJ1", declaredOn(first), FigureKind.O_NEGATIVE_STOCK_DAYS, "3", "count two"));
        endAnyIncident(incidents);
        Incident second = incidents.declare(OTHER_MANAGER, "Power failure: still in force while replayed");
        incidents.proposeClose(MANAGER, second.id(), "Power back on; analysers checked");
        var history = incidents.history();
        var entries = incidents.entries(first.id());
        var figures = incidents.figures(first.id(), declaredOn(first), declaredOn(first));
        var closing = incidents.closing(second.id());

        log.rebuild();

        assertThat(incidents.history()).isEqualTo(history);
        assertThat(incidents.entries(first.id())).isEqualTo(entries);
        assertThat(incidents.figures(first.id(), declaredOn(first), declaredOn(first))).isEqualTo(figures)
                .extracting(IncidentFigure::source).containsExactly("count two");
        assertThat(incidents.closing(second.id())).isEqualTo(closing);
        assertThat(incidents.inForce()).map(Incident::id).contains(second.id());
    }

    private void assertRefused(Incident incident, FigureEntry entry, String code) {
        assertThatThrownBy(() -> incidents.enterFigure(MANAGER, incident.id(), entry)).isInstanceOf(LabRuleViolation.class)
                .extracting(e -> ((LabRuleViolation) e).code()).isEqualTo(code);
    }

    static FigureEntry figure(String ods, LocalDate day, FigureKind kind, String value, String source) {
        return new FigureEntry(ods, "Trust " + ods, day, kind, new BigDecimal(value), source);
    }

    static LocalDate declaredOn(Incident incident) {
        return LocalDate.ofInstant(incident.declaredAt(), LabTime.ZONE);
    }
}
