package org.pathguard.network;

import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.app.HL7Service;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.parser.CanonicalModelClassFactory;
import ca.uhn.hl7v2.protocol.ReceivingApplication;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pathguard.Api;
import org.pathguard.StandaloneLab;
import org.pathguard.access.Actor;
import org.pathguard.interop.hl7.Hl7Sender;
import org.pathguard.interop.hl7.Hl7Senders;
import org.pathguard.interop.hl7.Mllp;
import org.pathguard.interop.hl7.Route;
import org.pathguard.interop.hl7.Routes;
import org.pathguard.lab.NhsNumber;
import org.pathguard.lab.Priority;
import org.pathguard.lab.Sex;
import org.pathguard.order.LabOrder;
import org.pathguard.order.OrderDesk;
import org.pathguard.order.OrderRequest;
import org.pathguard.order.TurnaroundBoard;
import org.pathguard.patient.Patient;
import org.pathguard.patient.PatientRegistry;
import org.pathguard.patient.Registration;
import org.pathguard.report.Reports;
import org.pathguard.result.CumulativeResults;
import org.pathguard.result.LabResult;
import org.pathguard.result.PerformingLab;
import org.pathguard.result.ResultDesk;
import org.pathguard.result.ResultStatus;
import org.pathguard.result.ResultSubmission;
import org.pathguard.result.Results;
import org.pathguard.result.Validation;
import org.pathguard.result.Worklists;
import org.pathguard.specimen.SpecimenReception;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Recovery, the lab's side (issue 16, ADR 0035). While lab A (GSTT, RJ1) was down, its GP's order went to partner lab
 * B (Imperial, RYJ), a real PathGuard lab, which reported to the GP's system (HAPI's MLLP server) on its ordinary route.
 * When A is back, the network router sends A that very ORU^R01 over A's MLLP, from the HL7 sender A registered as the
 * router (127.0.0.2, named in {@code pathguard.network.router-sender}). A files it in the patient's history as B's work,
 * and nowhere A's own work is waited for or reported.
 */
class ResultsDoneElsewhereTest {

    private static final String A_ODS = "RJ1";
    private static final String B_ODS = "RYJ";
    private static final String B_NAME = "Imperial College Healthcare pathology";
    private static final String GP = "G85001";
    private static final String ROUTER = "network.router";
    private static final String ROUTER_ADDRESS = "127.0.0.2";
    private static final String ANALYSER_ADDRESS = "127.0.0.3";

    private static final Actor GP_ACTOR = new Actor("dr.gp", Actor.Role.REQUESTER, GP, null);
    private static final Actor SCIENTIST_A = new Actor("scientist.a", Actor.Role.SCIENTIST, A_ODS, null);
    private static final Actor MANAGER_A = new Actor("manager.a", Actor.Role.LAB_MANAGER, A_ODS, null);
    private static final Actor SECOND_MANAGER_A = new Actor("manager2.a", Actor.Role.LAB_MANAGER, A_ODS, null);
    private static final Actor ADMIN_A = new Actor("admin.a", Actor.Role.ADMINISTRATOR, A_ODS, null);
    private static final Actor SCIENTIST_B = new Actor("scientist.b", Actor.Role.SCIENTIST, B_ODS, null);
    private static final Actor AUTHORISER_B = new Actor("pathologist.b", Actor.Role.AUTHORISER, B_ODS, null);
    private static final Actor MANAGER_B = new Actor("manager.b", Actor.Role.LAB_MANAGER, B_ODS, null);
    private static final Actor SECOND_MANAGER_B = new Actor("manager2.b", Actor.Role.LAB_MANAGER, B_ODS, null);
    private static final Actor ADMIN_B = new Actor("admin.b", Actor.Role.ADMINISTRATOR, B_ODS, null);

    @TempDir
    static Path dir;
    static StandaloneLab a;
    static StandaloneLab b;
    static GpSystem gp;

    @BeforeAll
    static void twoLabsAndTheGpsSystem() throws Exception {
        int gpPort;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
            gpPort = free.getLocalPort();
        }
        gp = new GpSystem(gpPort);
        // How a lab is set up to take the router's results (1/2): the setting names the router's HL7 sender.
        a = StandaloneLab.start(dir.resolve("lab-a"), settings(A_ODS, "Guy's and St Thomas' pathology", "GS",
                "--pathguard.network.router-sender=" + ROUTER));
        b = StandaloneLab.start(dir.resolve("lab-b"), settings(B_ODS, B_NAME, "IC"));
        // (2/2): the router is registered as an HL7 sender for the requesters whose orders it brings to this lab.
        a.bean(Hl7Senders.class).configure(ADMIN_A, new Hl7Sender(ROUTER, null, ROUTER_ADDRESS, List.of(GP), List.of()));
        a.bean(Hl7Senders.class).configure(ADMIN_A, new Hl7Sender("analyser.chem-1", null, ANALYSER_ADDRESS, List.of(),
                List.of("Clinical biochemistry")));
        // Both labs report to the GP's system, so a report A sent of B's work would reach it too.
        route(a, ADMIN_A, MANAGER_A, SECOND_MANAGER_A, gpPort);
        route(b, ADMIN_B, MANAGER_B, SECOND_MANAGER_B, gpPort);
    }

    private static String[] settings(String ods, String name, String prefix, String... more) {
        List<String> settings = new java.util.ArrayList<>(List.of("--pathguard.lab.ods-code=" + ods, "--pathguard.lab.name=" + name,
                "--pathguard.lab.accession-prefix=" + prefix, "--pathguard.outbound.enabled=true", "--pathguard.outbound.poll=PT0.1S",
                "--pathguard.outbound.first-retry=PT0.2S", "--pathguard.outbound.longest-retry=PT1S"));
        settings.addAll(List.of(more));
        return settings.toArray(String[]::new);
    }

    private static void route(StandaloneLab lab, Actor admin, Actor manager, Actor second, int port) {
        Routes routes = lab.bean(Routes.class);
        routes.allow(admin, "localhost", port);
        UUID proposal = routes.propose(manager, new Route(GP, "localhost", port, "GPSYS", GP)).id();
        routes.decide(second, proposal, true, "The practice's results go to its own system");
    }

    @AfterAll
    static void stop() throws IOException {
        for (AutoCloseable closing : new AutoCloseable[]{b, a}) {
            try {
                if (closing != null) {
                    closing.close();
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        if (gp != null) {
            gp.close();
        }
    }

    @Test
    void partnerResultsEnterThePatientsHistoryAsPerformedThereAndNoWorkOrReportOfThisLab() {
        Instant start = Instant.now();
        String family = Api.randomName(12);
        String nhs = Api.newNhsNumber();
        Instant collected = Instant.now().minus(2, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        Done atB = orderDoneAtB(nhs, family, collected, "4.2");
        int receivedBefore = receivedSince(start);

        String ack = fromRouter(atB.message());

        assertThat(Mllp.field(ack, "MSA", 1)).as(ack).isEqualTo("AA");
        UUID patientId = a.bean(PatientRegistry.class).findIdByNhsNumber(NhsNumber.parse(nhs)).orElseThrow();
        Patient patient = a.bean(PatientRegistry.class).get(patientId);
        assertThat(List.of(patient.familyName(), patient.dateOfBirth())).isEqualTo(List.of(family, LocalDate.of(1958, 7, 2)));
        LabOrder order = a.bean(OrderDesk.class).byPlacerNumber(GP, atB.placer()).orElseThrow();
        assertThat(order.accession()).startsWith("GS");
        assertThat(order.performedElsewhere()).isEqualTo(B_ODS);
        List<LabResult> filed = a.bean(Results.class).forOrder(order.id());
        assertThat(filed).extracting(LabResult::analyteCode).containsExactlyInAnyOrder("NA", "K", "UREA", "CREA");
        assertThat(filed).allSatisfy(r -> {
            assertThat(r.status()).isEqualTo(ResultStatus.FINAL);
            assertThat(r.performedBy()).isEqualTo(new PerformingLab(B_ODS, B_NAME));
            assertThat(r.critical()).isFalse();
        });
        CumulativeResults.Series potassium = a.bean(CumulativeResults.class).forPatient(patientId).stream()
                .filter(s -> s.analyte().equals("K")).findFirst().orElseThrow();
        assertThat(potassium.points()).singleElement().satisfies(p -> {
            assertThat(p.value()).isEqualTo("4.2");
            assertThat(p.collectedAt()).isEqualTo(collected);
            assertThat(p.performedBy()).isEqualTo(new PerformingLab(B_ODS, B_NAME));
        });

        // Nothing of A's own work waits for it, and A reports nothing of it: the GP had B's report.
        assertThat(a.bean(Worklists.class).outstanding(SCIENTIST_A)).flatMap(Worklists.Department::first)
                .extracting(Worklists.Item::accession).doesNotContain(order.accession());
        assertThat(a.bean(Validation.class).queue(SCIENTIST_A, Validation.QueueFilter.NONE, 0, 500).results())
                .extracting(Validation.HeldResult::accession).doesNotContain(order.accession());
        assertThat(a.bean(SpecimenReception.class).expected(500)).extracting(SpecimenReception.Expected::accession)
                .doesNotContain(order.accession());
        assertThat(receivedSince(start)).isEqualTo(receivedBefore);
        assertThat(a.bean(TurnaroundBoard.class).summary(start).mostOverdue()).extracting(TurnaroundBoard.OrderTurnaround::accession)
                .doesNotContain(order.accession());
        assertThat(a.bean(Reports.class).released(order.id())).isFalse();
        assertThat(db(a).sql("select count(*) from outbound_message where order_id = ?").param(order.id()).query(Long.class).single())
                .isZero();
        assertThat(gp.received).noneMatch(m -> m.contains("|" + A_ODS + "|") && m.contains(atB.placer()));

        // A's next order for the patient: the scientist validating it sees B's value as the previous one, named B's.
        String barcode = "GS" + Api.unique("t").replaceAll("[^A-Za-z0-9]", "").toUpperCase();
        a.bean(OrderDesk.class).place(GP_ACTOR, new OrderRequest(patientId, null, null, null, GP, "Dr Okafor", Priority.ROUTINE,
                "Follow-up", Api.unique("placer"), null, List.of("UE"), List.of(new OrderRequest.SpecimenLabel(barcode, "SER", Instant.now()))));
        a.bean(SpecimenReception.class).receive(SCIENTIST_A, barcode, Instant.now());
        List<LabResult> now = a.bean(ResultDesk.class).record(SCIENTIST_A, ue(barcode, "6.1"));
        LabResult held = now.stream().filter(r -> r.analyteCode().equals("K")).findFirst().orElseThrow();
        assertThat(held.status()).as("a potassium of 6.1 after 4.2 is held for a scientist").isEqualTo(ResultStatus.PRELIMINARY);
        Validation.PanelLine line = a.bean(Validation.class).panel(SCIENTIST_A, held.id()).lines().stream()
                .filter(l -> l.now().analyteCode().equals("K")).findFirst().orElseThrow();
        assertThat(line.previous()).isNotNull();
        assertThat(line.previous().measurement().value()).isEqualTo("4.2");
        assertThat(line.previous().performedBy()).isEqualTo(new PerformingLab(B_ODS, B_NAME));

        // At rest, the rows filed for it name no patient.
        String rows = db(a).sql("""
                        select coalesce(string_agg(t, ' '), '') from (
                            select row_to_json(o)::text t from lab_order o where o.id = ?
                            union all select row_to_json(s)::text from specimen s where s.order_id = ?
                            union all select row_to_json(r)::text from result r where r.order_id = ?
                            union all select row_to_json(p)::text from patient p where p.id = ?) x""")
                .params(order.id(), order.id(), order.id(), patientId).query(String.class).single();
        assertThat(rows).contains(B_ODS).doesNotContain(nhs).doesNotContainIgnoringCase(family)
                .doesNotContain("1958-07-02");

        // The rows are projections of the log: a rebuild gives them back the same.
        String ofOrder = """
                select string_agg(t, ' ' order by t) from (
                    select row_to_json(o)::text t from lab_order o where o.id = ?
                    union all select row_to_json(s)::text from specimen s where s.order_id = ?
                    union all select (row_to_json(r)::jsonb - 'sealed')::text from result r where r.order_id = ?) x""";
        String before = db(a).sql(ofOrder).params(order.id(), order.id(), order.id()).query(String.class).single();
        a.bean(org.pathguard.eventlog.EventLog.class).rebuild();
        assertThat(db(a).sql(ofOrder).params(order.id(), order.id(), order.id()).query(String.class).single()).isEqualTo(before);
    }

    @Test
    void theSameMessageAgainGetsTheSameAnswerAndChangesNothing() {
        Done atB = orderDoneAtB(Api.newNhsNumber(), Api.randomName(10), Instant.now().minus(1, ChronoUnit.DAYS), "4.0");
        String first = fromRouter(atB.message());
        assertThat(Mllp.field(first, "MSA", 1)).as(first).isEqualTo("AA");
        long events = events(a);

        String again = fromRouter(atB.message());

        assertThat(again).isEqualTo(first);
        assertThat(events(a)).isEqualTo(events);
        LabOrder order = a.bean(OrderDesk.class).byPlacerNumber(GP, atB.placer()).orElseThrow();
        assertThat(a.bean(Results.class).forOrder(order.id())).hasSize(4);
    }

    @Test
    void thePartnersAmendedReportAmendsTheResultHereAndIsStillNotReportedHere() {
        Done atB = orderDoneAtB(Api.newNhsNumber(), Api.randomName(10), Instant.now().minus(1, ChronoUnit.DAYS), "4.4");
        assertThat(Mllp.field(fromRouter(atB.message()), "MSA", 1)).isEqualTo("AA");
        LabResult potassiumAtB = b.bean(Results.class).forOrder(atB.orderAtB().id()).stream()
                .filter(r -> r.analyteCode().equals("K")).findFirst().orElseThrow();
        b.bean(Validation.class).amend(AUTHORISER_B, potassiumAtB.id(), "4.9", "mmol/L", "Transcription error corrected");
        String amended = reportToGp(atB.placer(), 2);

        String ack = fromRouter(amended);

        assertThat(Mllp.field(ack, "MSA", 1)).as(ack).isEqualTo("AA");
        LabOrder order = a.bean(OrderDesk.class).byPlacerNumber(GP, atB.placer()).orElseThrow();
        LabResult potassium = a.bean(Results.class).forOrder(order.id()).stream().filter(r -> r.analyteCode().equals("K"))
                .findFirst().orElseThrow();
        assertThat(potassium.status()).isEqualTo(ResultStatus.AMENDED);
        assertThat(potassium.measurement().value()).isEqualTo("4.9");
        assertThat(potassium.performedBy()).isEqualTo(new PerformingLab(B_ODS, B_NAME));
        assertThat(a.bean(Results.class).history(potassium.id())).extracting(v -> v.measurement().value())
                .containsExactly("4.4", "4.9");
        assertThat(a.bean(Results.class).forOrder(order.id()).stream().filter(r -> !r.analyteCode().equals("K")))
                .allSatisfy(r -> assertThat(r.status()).isEqualTo(ResultStatus.FINAL));
        assertThat(a.bean(Reports.class).released(order.id())).isFalse();
        assertThat(db(a).sql("select count(*) from outbound_message where order_id = ?").param(order.id()).query(Long.class).single())
                .isZero();
    }

    @Test
    void aReportNamingAnotherPatientUnderAKnownNhsNumberIsRefusedAndNothingIsWritten() {
        String nhs = Api.newNhsNumber();
        String family = Api.randomName(10);
        Done first = orderDoneAtB(nhs, family, Instant.now().minus(1, ChronoUnit.DAYS), "4.1");
        assertThat(Mllp.field(fromRouter(first.message()), "MSA", 1)).isEqualTo("AA");
        // B's next report for the same NHS number, but naming someone else (a mistyped surname on the way).
        Done other = orderDoneAtB(nhs, family, Instant.now().minus(1, ChronoUnit.HOURS), "4.3");
        String wrongPatient = other.message().replace("|" + family + "^Ada", "|" + Api.randomName(11) + "^Ada");
        assertThat(wrongPatient).isNotEqualTo(other.message());
        long events = events(a);

        String ack = fromRouter(wrongPatient);

        assertThat(Mllp.field(ack, "MSA", 1)).as(ack).isEqualTo("AE");
        assertThat(Mllp.field(ack, "ERR", 8)).contains("different family name");
        // Nothing from the message is written; the refused identification itself is counted, as for any sender (ADR 0020).
        assertThat(db(a).sql("select event_type from event_log where seq > (select max(seq) from event_log) - (? - ?)")
                .params(events(a), events).query(String.class).list()).containsExactly("PatientIdentificationRefused");
        assertThat(a.bean(OrderDesk.class).byPlacerNumber(GP, other.placer())).isEmpty();
    }

    @Test
    void theSameReportFromAnyOtherSenderTakesTheAnalysersPathAndIsRefusedThere() {
        Done atB = orderDoneAtB(Api.newNhsNumber(), Api.randomName(10), Instant.now().minus(1, ChronoUnit.DAYS), "4.5");
        long events = events(a);

        String ack;
        try (Mllp analyser = new Mllp(ANALYSER_ADDRESS, a.mllpPort())) {
            ack = analyser.send(atB.message());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }

        assertThat(Mllp.field(ack, "MSA", 1)).as(ack).isEqualTo("AE");
        assertThat(Mllp.field(ack, "ERR", 8)).containsIgnoringCase("specimen");
        assertThat(events(a)).isEqualTo(events);
        assertThat(a.bean(OrderDesk.class).byPlacerNumber(GP, atB.placer())).isEmpty();
    }

    @Test
    void aPartnersReportUnderAPlacerNumberThisLabHoldsAsItsOwnOrderIsRefused() {
        Done atB = orderDoneAtB(Api.newNhsNumber(), Api.randomName(10), Instant.now().minus(1, ChronoUnit.DAYS), "4.2");
        Patient patient = b.bean(PatientRegistry.class).get(atB.orderAtB().patientId());
        // The practice's system sent the same placer number to this lab itself (before it fell, say).
        UUID here = a.bean(PatientRegistry.class).register(GP_ACTOR, new Registration(patient.nhsNumber(), null, patient.familyName(),
                patient.givenName(), patient.dateOfBirth(), patient.sex(), null)).id();
        LabOrder own = a.bean(OrderDesk.class).place(GP_ACTOR, new OrderRequest(here, null, null, null, GP, "Dr Okafor", Priority.URGENT,
                "Breathless", atB.placer(), null, List.of("UE"), List.of()));
        long events = events(a);

        String ack = fromRouter(atB.message());

        assertThat(Mllp.field(ack, "MSA", 1)).as(ack).isEqualTo("AE");
        assertThat(Mllp.field(ack, "ERR", 8)).contains(own.accession()).contains("own");
        assertThat(events(a)).isEqualTo(events);
        assertThat(a.bean(Results.class).forOrder(own.id())).isEmpty();
        assertThat(a.bean(OrderDesk.class).byId(own.id()).performedElsewhere()).isNull();
    }

    @Test
    void thePartnerIsNamedAsThisLabsAgreementNamesIt() {
        String agreed = "Imperial College Healthcare NHS Trust pathology (mutual aid)";
        Agreement agreement = new Agreement(B_ODS, agreed, new Agreement.Endpoint("localhost", 1, "PATHGUARD", B_ODS, false),
                List.of(new Agreement.ReferredTest("UE", "UE", null, List.of())),
                Map.of(Priority.CRITICAL, 10, Priority.URGENT, 100, Priority.ROUTINE, 100), Agreement.Hours.ALWAYS,
                Map.of(Priority.CRITICAL, 60, Priority.URGENT, 240, Priority.ROUTINE, 1440), 45,
                new Agreement.Contact("Duty biochemist", "020 7946 0000"));
        a.bean(Agreements.class).set(MANAGER_A, agreement);
        try {
            Done atB = orderDoneAtB(Api.newNhsNumber(), Api.randomName(10), Instant.now().minus(1, ChronoUnit.DAYS), "4.2");

            assertThat(Mllp.field(fromRouter(atB.message()), "MSA", 1)).isEqualTo("AA");

            LabOrder order = a.bean(OrderDesk.class).byPlacerNumber(GP, atB.placer()).orElseThrow();
            assertThat(a.bean(Results.class).forOrder(order.id())).extracting(LabResult::performedBy)
                    .containsOnly(new PerformingLab(B_ODS, agreed));
        } finally {
            a.bean(Agreements.class).end(MANAGER_A, B_ODS, "Test over: the other tests name B as its messages do");
        }
    }

    private record Done(String placer, LabOrder orderAtB, String message) {
    }

    /** The GP's order done at B: registered, collected, received, measured and reported to the GP's system by B. */
    private static Done orderDoneAtB(String nhs, String family, Instant collected, String potassium) {
        PatientRegistry patients = b.bean(PatientRegistry.class);
        UUID patient = patients.findIdByNhsNumber(NhsNumber.parse(nhs)).orElseGet(() -> patients.register(GP_ACTOR,
                new Registration(nhs, null, family, "Ada", LocalDate.of(1958, 7, 2), Sex.FEMALE, null)).id());
        String placer = Api.unique("GPORD");
        String barcode = "IC" + Api.unique("t").replaceAll("[^A-Za-z0-9]", "").toUpperCase();
        LabOrder order = b.bean(OrderDesk.class).place(GP_ACTOR, new OrderRequest(patient, null, null, null, GP, "Dr Okafor",
                Priority.URGENT, "Breathless", placer, null, List.of("UE"), List.of(new OrderRequest.SpecimenLabel(barcode, "SER", collected))),
                collected);
        b.bean(SpecimenReception.class).receive(SCIENTIST_B, barcode, Instant.now());
        for (LabResult held : b.bean(ResultDesk.class).record(SCIENTIST_B, ue(barcode, potassium))) {
            if (held.status() == ResultStatus.PRELIMINARY) {
                b.bean(Validation.class).authorise(AUTHORISER_B, held.id(), "Checked against the clinical details");
            }
        }
        return new Done(placer, order, reportToGp(placer, 1));
    }

    private static ResultSubmission ue(String barcode, String potassium) {
        return new ResultSubmission(barcode, List.of(), List.of(
                new ResultSubmission.Item("NA", "139", "mmol/L", List.of()),
                new ResultSubmission.Item("K", potassium, "mmol/L", List.of()),
                new ResultSubmission.Item("UREA", "5.1", "mmol/L", List.of()),
                new ResultSubmission.Item("CREA", "84", "umol/L", List.of())));
    }

    /** The {@code nth} report B sent the GP for the placer number, as the GP's system received it. */
    private static String reportToGp(String placer, int nth) {
        Supplier<List<String>> reports = () -> gp.received.stream().filter(m -> m.contains("|" + B_ODS + "|") && m.contains(placer)).toList();
        waitFor("B reports " + placer + " to the GP (" + nth + ")", () -> reports.get().size() >= nth);
        return reports.get().get(nth - 1);
    }

    /** Sends a message to A as the network router does: over A's MLLP, from the router's registered address. */
    private static String fromRouter(String message) {
        try (Mllp router = new Mllp(ROUTER_ADDRESS, a.mllpPort())) {
            return router.send(message);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int receivedSince(Instant since) {
        return a.bean(TurnaroundBoard.class).summary(since).byPriority().stream().mapToInt(TurnaroundBoard.PriorityTurnaround::received).sum();
    }

    private static long events(StandaloneLab lab) {
        return db(lab).sql("select count(*) from event_log").query(Long.class).single();
    }

    private static JdbcClient db(StandaloneLab lab) {
        return lab.bean(JdbcClient.class);
    }

    private static void waitFor(String what, Supplier<Boolean> done) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
        while (!done.get()) {
            assertThat(Instant.now()).as("waiting until " + what).isBefore(deadline);
            try {
                TimeUnit.MILLISECONDS.sleep(100);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** The GP practice's own system: HAPI's MLLP server, answering AA and keeping every report it received. */
    static final class GpSystem implements AutoCloseable {

        final List<String> received = new CopyOnWriteArrayList<>();
        private final HapiContext context = new DefaultHapiContext();
        private final HL7Service server;

        GpSystem(int port) throws InterruptedException {
            context.getParserConfiguration().setIdGenerator(new ca.uhn.hl7v2.util.idgenerator.InMemoryIDGenerator());
            context.setModelClassFactory(new CanonicalModelClassFactory("2.5.1"));
            context.setExecutorService(Executors.newCachedThreadPool());
            server = context.newServer(port, false);
            server.registerApplication("ORU", "R01", new ReceivingApplication<>() {
                @Override
                public Message processMessage(Message message, Map<String, Object> metadata) throws HL7Exception {
                    received.add(message.encode());
                    try {
                        return message.generateACK();
                    } catch (IOException e) {
                        throw new HL7Exception(e);
                    }
                }

                @Override
                public boolean canProcess(Message message) {
                    return true;
                }
            });
            server.startAndWait();
        }

        @Override
        public void close() throws IOException {
            server.stopAndWait();
            context.close();
        }
    }
}
