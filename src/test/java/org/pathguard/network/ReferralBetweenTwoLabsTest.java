package org.pathguard.network;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pathguard.Api;
import org.pathguard.StandaloneLab;
import org.pathguard.TlsCertificates;
import org.pathguard.access.Actor;
import org.pathguard.e2e.LabProcess;
import org.pathguard.interop.hl7.Hl7Sender;
import org.pathguard.interop.hl7.Hl7Senders;
import org.pathguard.interop.hl7.Route;
import org.pathguard.interop.hl7.RouteProposal;
import org.pathguard.interop.hl7.Routes;
import org.pathguard.lab.LabRuleViolation;
import org.pathguard.lab.Priority;
import org.pathguard.lab.Sex;
import org.pathguard.order.LabOrder;
import org.pathguard.order.OrderDesk;
import org.pathguard.order.OrderRequest;
import org.pathguard.patient.Patient;
import org.pathguard.patient.PatientRegistry;
import org.pathguard.patient.Registration;
import org.pathguard.report.Report;
import org.pathguard.report.Reports;
import org.pathguard.result.LabResult;
import org.pathguard.result.PerformingLab;
import org.pathguard.result.ResultDesk;
import org.pathguard.result.Results;
import org.pathguard.result.ResultStatus;
import org.pathguard.result.ResultSubmission;
import org.pathguard.result.Validation;
import org.pathguard.specimen.SpecimenReception;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Two real PathGuard labs, each with its own embedded PostgreSQL, keys and MLLP listener, on loopback, talking HL7
 * over TLS with client certificates: lab A (GSTT, RJ1) refers work to lab B (Imperial, RYJ) under a mutual-aid
 * agreement, B receives A's tubes by scanning A's own barcodes, B's results come back on B's report route, and A's
 * report names B as the laboratory that did the tests. Nothing is typed twice: B learns the patient from A's message.
 */
class ReferralBetweenTwoLabsTest {

    private static final String A_ODS = "RJ1";
    private static final String B_ODS = "RYJ";
    private static final String B_NAME = "Imperial College Healthcare pathology";
    private static final String GP = "G85001";

    private static final Actor GP_A = new Actor("dr.gp", Actor.Role.REQUESTER, GP, null);
    private static final Actor SCIENTIST_A = new Actor("scientist.a", Actor.Role.SCIENTIST, A_ODS, null);
    private static final Actor MANAGER_A = new Actor("manager.a", Actor.Role.LAB_MANAGER, A_ODS, null);
    private static final Actor AUTHORISER_A = new Actor("pathologist.a", Actor.Role.AUTHORISER, A_ODS, null);
    private static final Actor ADMIN_A = new Actor("admin.a", Actor.Role.ADMINISTRATOR, A_ODS, null);
    private static final Actor SCIENTIST_B = new Actor("scientist.b", Actor.Role.SCIENTIST, B_ODS, null);
    private static final Actor AUTHORISER_B = new Actor("pathologist.b", Actor.Role.AUTHORISER, B_ODS, null);
    private static final Actor MANAGER_B = new Actor("manager.b", Actor.Role.LAB_MANAGER, B_ODS, null);
    private static final Actor SECOND_MANAGER_B = new Actor("manager2.b", Actor.Role.LAB_MANAGER, B_ODS, null);
    private static final Actor ADMIN_B = new Actor("admin.b", Actor.Role.ADMINISTRATOR, B_ODS, null);

    @TempDir
    static Path dir;
    static TlsCertificates certificates;
    static int aMllp;
    static int bMllp;
    static StandaloneLab a;
    static StandaloneLab b;

    @BeforeAll
    static void twoLabs() throws Exception {
        certificates = new TlsCertificates(dir);
        TlsCertificates.Lab aKeys = certificates.lab("laba.test");
        TlsCertificates.Lab bKeys = certificates.lab("labb.test");
        certificates.trust(aKeys, bKeys);
        // Below the ephemeral range: B listens on its port again after its restart.
        aMllp = LabProcess.freePort();
        bMllp = LabProcess.freePort();
        a = StandaloneLab.start(dir.resolve("lab-a"), settings(A_ODS, "Guy's and St Thomas' pathology", "GS", aMllp, aKeys));
        b = startB(bKeys);

        a.bean(Routes.class).allow(ADMIN_A, "localhost", bMllp);
        a.bean(Hl7Senders.class).configure(ADMIN_A, new Hl7Sender("labb", "labb.test", null, List.of(), List.of(),
                B_ODS, List.of()));
        a.bean(Agreements.class).set(MANAGER_A, new Agreement(B_ODS, B_NAME,
                new Agreement.Endpoint("localhost", bMllp, "PATHGUARD", B_ODS, true),
                List.of(new Agreement.ReferredTest("TROP", "TROP", null, List.of()),
                        new Agreement.ReferredTest("UE", "UE", null, List.of()),
                        // A believes B does lipids; B never agreed to take them from A.
                        new Agreement.ReferredTest("LIPID", "LIPID", null, List.of())),
                Map.of(Priority.CRITICAL, 1, Priority.URGENT, 100, Priority.ROUTINE, 100), Agreement.Hours.ALWAYS,
                Map.of(Priority.CRITICAL, 60, Priority.URGENT, 240, Priority.ROUTINE, 1440), 45,
                new Agreement.Contact("Duty biochemist", "020 7946 0000")));

        b.bean(Hl7Senders.class).configure(ADMIN_B, new Hl7Sender("laba", "laba.test", null, List.of(A_ODS), List.of(),
                A_ODS, List.of("TROP", "UE")));
        Routes routes = b.bean(Routes.class);
        routes.allow(ADMIN_B, "localhost", aMllp);
        RouteProposal proposal = routes.propose(MANAGER_B, new Route(A_ODS, "localhost", aMllp, "PATHGUARD", A_ODS, true));
        routes.decide(SECOND_MANAGER_B, proposal.id(), true, "Mutual aid with GSTT: their referred results go back to them");
    }

    private static StandaloneLab startB(TlsCertificates.Lab keys) {
        return StandaloneLab.start(dir.resolve("lab-b"), settings(B_ODS, B_NAME, "IC", bMllp, keys));
    }

    private static String[] settings(String ods, String name, String prefix, int mllpPort, TlsCertificates.Lab keys) {
        return new String[]{"--pathguard.lab.ods-code=" + ods, "--pathguard.lab.name=" + name,
                "--pathguard.lab.accession-prefix=" + prefix, "--pathguard.mllp.port=" + mllpPort,
                "--pathguard.mllp.plain=false",
                "--pathguard.mllp.tls.key-store=" + keys.keyStore(), "--pathguard.mllp.tls.key-store-password=" + TlsCertificates.PASSWORD,
                "--pathguard.mllp.tls.trust-store=" + keys.trustStore(), "--pathguard.mllp.tls.trust-store-password=" + TlsCertificates.PASSWORD,
                "--pathguard.outbound.enabled=true",
                "--pathguard.outbound.tls.key-store=" + keys.keyStore(), "--pathguard.outbound.tls.key-store-password=" + TlsCertificates.PASSWORD,
                "--pathguard.outbound.tls.trust-store=" + keys.trustStore(), "--pathguard.outbound.tls.trust-store-password=" + TlsCertificates.PASSWORD,
                "--pathguard.outbound.poll=PT0.1S", "--pathguard.outbound.first-retry=PT0.2S",
                "--pathguard.outbound.longest-retry=PT1S", "--pathguard.referral.sweep-every=PT0.5S"};
    }

    @AfterAll
    static void stop() {
        if (b != null) {
            b.close();
        }
        if (a != null) {
            a.close();
        }
    }

    @Test
    void twentyOrdersOfTroponinAndUreaAndElectrolytesAreDoneByTheOtherLabAndReportedHereNamingIt() {
        List<LabOrder> orders = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            orders.add(orderAtA(List.of("TROP", "UE"), Priority.URGENT));
        }
        // "All outstanding troponins to Imperial", then each U&E on its own.
        List<Referral> referred = new ArrayList<>(a.bean(Referrals.class).referAll(SCIENTIST_A, "TROP", B_ODS, null));
        assertThat(referred).extracting(Referral::accession).containsAll(orders.stream().map(LabOrder::accession).toList());
        for (LabOrder order : orders) {
            referred.add(a.bean(Referrals.class).refer(SCIENTIST_A, order.accession(), "UE", B_ODS, null));
        }
        List<UUID> ids = referred.stream().filter(r -> orders.stream().anyMatch(o -> o.id().equals(r.orderId())))
                .map(Referral::id).toList();
        assertThat(ids).hasSize(40);
        waitFor("B answers all 40 referrals", () -> ids.stream().noneMatch(id -> referral(id).state() == ReferralState.REQUESTED));
        assertThat(ids).allSatisfy(id -> {
            assertThat(referral(id).state()).as(referral(id).reason()).isEqualTo(ReferralState.SENT);
            assertThat(referral(id).partnerAccession()).startsWith("IC");
        });

        Dispatches.Dispatch box = a.bean(Dispatches.class).pack(SCIENTIST_A, B_ODS, ids);
        Dispatches.Manifest manifest = a.bean(Dispatches.class).manifest(SCIENTIST_A, box.id());
        assertThat(manifest.lines()).extracting(Dispatches.Line::barcode).containsAll(orders.stream().map(this::barcodeAtA).toList());
        assertThat(ids).allSatisfy(id -> assertThat(referral(id).state()).isEqualTo(ReferralState.DISPATCHED));

        // B's reception scans A's labels; B knows the patient from A's message, typed by nobody at B.
        for (LabOrder order : orders) {
            String barcode = barcodeAtA(order);
            b.bean(SpecimenReception.class).receive(SCIENTIST_B, barcode, Instant.now());
            LabOrder atB = b.bean(OrderDesk.class).byPlacerNumber(A_ODS, order.accession()).orElseThrow();
            assertThat(atB.requesterOds()).isEqualTo(A_ODS);
            assertThat(atB.tests()).containsExactlyInAnyOrder("TROP", "UE");
            Patient here = a.bean(PatientRegistry.class).get(order.patientId());
            Patient there = b.bean(PatientRegistry.class).get(atB.patientId());
            assertThat(List.of(there.nhsNumber(), there.familyName(), there.givenName(), there.dateOfBirth()))
                    .isEqualTo(List.of(here.nhsNumber(), here.familyName(), here.givenName(), here.dateOfBirth()));
            resultsAtB(barcode, orders.indexOf(order));
        }

        waitFor("A files B's results", () -> ids.stream().map(id -> referral(id).state())
                .allMatch(state -> state == ReferralState.RESULTED || state == ReferralState.CLOSED));
        // B's results pass A's own autoverification too: a raised potassium is held here for A's pathologist.
        List<LabResult> heldAtA = orders.stream().flatMap(o -> a.bean(Results.class).forOrder(o.id()).stream())
                .filter(r -> r.status() == ResultStatus.PRELIMINARY).toList();
        assertThat(heldAtA).extracting(LabResult::analyteCode).containsOnly("K").hasSize(5);
        heldAtA.forEach(r -> a.bean(Validation.class).authorise(AUTHORISER_A, r.id(), "Known renal patient"));
        waitFor("A releases its own reports", () -> orders.stream().allMatch(o -> a.bean(Reports.class).released(o.id())));
        for (LabOrder order : orders) {
            Report report = a.bean(Reports.class).versions(order.id()).getLast();
            assertThat(report.content().lines()).extracting(Report.Line::analyteCode)
                    .containsExactlyInAnyOrder("TROPT", "NA", "K", "UREA", "CREA");
            assertThat(report.content().lines()).extracting(Report.Line::performedBy)
                    .containsOnly(new PerformingLab(B_ODS, B_NAME));
        }
        waitFor("every referral is closed once its result is on A's report",
                () -> ids.stream().allMatch(id -> referral(id).state() == ReferralState.CLOSED));
        assertThat(a.bean(Referrals.class).worklist(SCIENTIST_A, Referrals.WorklistFilter.ALL, 0, 1000).lines()).extracting(r -> r.referral().id()).doesNotContainAnyElementsOf(ids);
        // Each order exactly once at B: no message was taken twice.
        assertThat(orders).allSatisfy(o -> assertThat(b.bean(OrderDesk.class).byPlacerNumber(A_ODS, o.accession())).isPresent());
    }

    @Test
    void aPartnerThatIsDownGetsTheReferralWhenItIsBackAndOnlyOnce() throws Exception {
        LabOrder order = orderAtA(List.of("UE"), Priority.URGENT);
        b.close();
        b = null;
        Referral referral = a.bean(Referrals.class).refer(SCIENTIST_A, order.accession(), "UE", B_ODS, null);
        // A keeps trying: the referral waits, on the worklist, as REQUESTED.
        TimeUnit.SECONDS.sleep(2);
        assertThat(referral(referral.id()).state()).isEqualTo(ReferralState.REQUESTED);
        assertThat(a.bean(Referrals.class).worklist(SCIENTIST_A, Referrals.WorklistFilter.ALL, 0, 1000).lines()).extracting(r -> r.referral().id()).contains(referral.id());

        b = startB(certificates.existing("labb.test"));
        waitFor("B, back, acknowledges the referral", () -> referral(referral.id()).state() == ReferralState.SENT);
        LabOrder atB = b.bean(OrderDesk.class).byPlacerNumber(A_ODS, order.accession()).orElseThrow();
        assertThat(referral(referral.id()).partnerAccession()).isEqualTo(atB.accession());
    }

    @Test
    void aTestThePartnerNeverAgreedToIsRefusedAndTheRefusalWaitsOnTheWorklist() {
        LabOrder order = orderAtA(List.of("LIPID"), Priority.ROUTINE);
        Referral referral = a.bean(Referrals.class).refer(SCIENTIST_A, order.accession(), "LIPID", B_ODS, null);
        waitFor("B refuses lipids", () -> referral(referral.id()).state() == ReferralState.REFUSED);
        assertThat(referral(referral.id()).reason()).contains("LIPID");
        assertThat(a.bean(Referrals.class).worklist(SCIENTIST_A, Referrals.WorklistFilter.ALL, 0, 1000).lines()).anySatisfy(r -> {
            assertThat(r.referral().id()).isEqualTo(referral.id());
            assertThat(r.referral().state()).isEqualTo(ReferralState.REFUSED);
        });
        assertThat(b.bean(OrderDesk.class).byPlacerNumber(A_ODS, order.accession())).isEmpty();
    }

    @Test
    void aReferralCancelledBeforeItsResultIsCancelledAtThePartnerToo() {
        LabOrder order = orderAtA(List.of("UE"), Priority.ROUTINE);
        Referral referral = a.bean(Referrals.class).refer(SCIENTIST_A, order.accession(), "UE", B_ODS, null);
        waitFor("B acknowledges", () -> referral(referral.id()).state() == ReferralState.SENT);
        a.bean(Referrals.class).cancel(SCIENTIST_A, referral.id(), "The ward withdrew the request");
        waitFor("B confirms the cancellation", () -> referral(referral.id()).state() == ReferralState.CANCELLED);
        LabOrder atB = b.bean(OrderDesk.class).byPlacerNumber(A_ODS, order.accession()).orElseThrow();
        assertThat(b.bean(OrderDesk.class).cancelledTests(atB.id())).containsExactly("UE");
        assertThat(a.bean(Referrals.class).worklist(SCIENTIST_A, Referrals.WorklistFilter.ALL, 0, 1000).lines()).extracting(r -> r.referral().id()).doesNotContain(referral.id());
    }

    @Test
    void pastTheAgreedCapacityOnlyALabManagerRefersAndSaysWhy() {
        LabOrder first = orderAtA(List.of("TROP"), Priority.CRITICAL);
        LabOrder second = orderAtA(List.of("TROP"), Priority.CRITICAL);
        a.bean(Referrals.class).refer(SCIENTIST_A, first.accession(), "TROP", B_ODS, null);
        assertThatThrownBy(() -> a.bean(Referrals.class).refer(SCIENTIST_A, second.accession(), "TROP", B_ODS, null))
                .isInstanceOf(LabRuleViolation.class).hasMessageContaining("agreed to take 1 CRITICAL test a day");
        assertThat(a.bean(Referrals.class).forOrder(SCIENTIST_A, second.accession())).isEmpty();
        Referral overridden = a.bean(Referrals.class).refer(MANAGER_A, second.accession(), "TROP", B_ODS,
                "Analyser down; Imperial's duty biochemist agreed by phone");
        assertThat(overridden.capacityOverride()).contains("Analyser down");
    }

    private LabOrder orderAtA(List<String> tests, Priority priority) {
        String nhs = Api.newNhsNumber();
        Patient patient = a.bean(PatientRegistry.class).register(GP_A, new Registration(nhs, null, "Referral",
                "Ada", LocalDate.of(1961, 3, 14), Sex.MALE, null));
        String barcode = "GS" + Api.unique("t").replaceAll("[^A-Za-z0-9]", "").toUpperCase();
        LabOrder order = a.bean(OrderDesk.class).place(GP_A, new OrderRequest(patient.id(), null, null, null, GP, "Dr Okafor",
                priority, "Chest pain", Api.unique("placer"), null, tests,
                List.of(new OrderRequest.SpecimenLabel(barcode, "SER", Instant.now()))));
        a.bean(SpecimenReception.class).receive(SCIENTIST_A, barcode, Instant.now());
        return order;
    }

    private String barcodeAtA(LabOrder order) {
        return a.bean(SpecimenReception.class).forOrder(order.id()).getFirst().barcode();
    }

    /** B's analyser results for one tube; what autoverification holds, B's pathologist authorises. */
    private void resultsAtB(String barcode, int i) {
        List<LabResult> results = b.bean(ResultDesk.class).record(SCIENTIST_B, new ResultSubmission(barcode, List.of(), List.of(
                new ResultSubmission.Item("TROPT", String.valueOf(4 + i % 5), "ng/L", List.of()),
                new ResultSubmission.Item("NA", "139", "mmol/L", List.of()),
                new ResultSubmission.Item("K", i % 4 == 0 ? "5.6" : "4.2", "mmol/L", List.of()),
                new ResultSubmission.Item("UREA", "5.1", "mmol/L", List.of()),
                new ResultSubmission.Item("CREA", "84", "umol/L", List.of()))));
        for (LabResult held : results) {
            if (held.status() == ResultStatus.PRELIMINARY) {
                b.bean(Validation.class).authorise(AUTHORISER_B, held.id(), "Checked against the clinical details");
            }
        }
    }

    private static Referral referral(UUID id) {
        return a.bean(Referrals.class).referral(SCIENTIST_A, id);
    }

    /** Waits for the other lab's work (a message, a retry) with a generous limit; a wait, not a timing assertion. */
    private static void waitFor(String what, BooleanSupplier done) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
        while (!done.getAsBoolean()) {
            assertThat(Instant.now()).as("waiting until " + what).isBefore(deadline);
            try {
                TimeUnit.MILLISECONDS.sleep(100);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
