package org.pathguard.interop.fhir;

import org.pathguard.lab.RequesterSetting;
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import ca.uhn.fhir.rest.client.interceptor.BearerTokenAuthInterceptor;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pathguard.Api;
import org.pathguard.StandaloneLab;
import org.pathguard.access.Accounts;
import org.pathguard.access.Actor;
import org.pathguard.interop.hl7.Hl7Sender;
import org.pathguard.interop.hl7.Hl7Senders;
import org.pathguard.lab.Priority;
import org.pathguard.order.LabOrder;
import org.pathguard.order.OrderDesk;
import org.pathguard.router.DirectoryProposal;
import org.pathguard.router.LabStates;
import org.pathguard.router.Ledger;
import org.pathguard.router.NetworkDirectory;
import org.pathguard.router.NetworkLab;
import org.pathguard.router.NetworkRequester;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The network router's FHIR door, on a real router and a real lab: a practice's transaction Bundle is recorded by the router,
 * answered with the order's fate in its ServiceRequests' status and note, and reaches the home lab as the same order an
 * HL7 order would make; when the home lab is down the fate says so. A practice's credential orders only for that practice,
 * and the same Bundle sent twice is one order.
 */
class RouterFhirDoorTest {

    private static final String A = "RJ1";
    private static final String GP = "RJ122";
    private static final Actor NETWORK_MANAGER = new Actor("nm.one", Actor.Role.NETWORK_MANAGER, "NET", null);
    private static final Actor SECOND_NETWORK_MANAGER = new Actor("nm.two", Actor.Role.NETWORK_MANAGER, "NET", null);
    private static final Actor ADMIN = new Actor("admin", Actor.Role.ADMINISTRATOR, null, null);
    private static final FhirContext FHIR = FhirContext.forR4();

    @TempDir
    static Path dir;
    static StandaloneLab router;
    static StandaloneLab a;
    static String practiceToken;
    static String otherPracticeToken;

    @BeforeAll
    static void network() throws Exception {
        router = StandaloneLab.start(dir.resolve("router"), "--pathguard.mode=router", "--pathguard.lab.ods-code=PGNET",
                "--pathguard.router.poll=PT0.1S", "--pathguard.router.first-retry=PT0.2S", "--pathguard.router.longest-retry=PT0.5S");
        a = StandaloneLab.start(dir.resolve("lab-a"), "--pathguard.lab.ods-code=" + A, "--pathguard.lab.name=Synnovis (GSTT)",
                "--pathguard.lab.accession-prefix=GS");
        a.bean(Hl7Senders.class).configure(ADMIN, new Hl7Sender("network.router", null, "127.0.0.1", List.of(GP), List.of()));
        NetworkDirectory directory = router.bean(NetworkDirectory.class);
        approve(directory.proposeLab(NETWORK_MANAGER, new NetworkLab(A, "Synnovis (GSTT)", "127.0.0.1", a.mllpPort(), false, "PATHGUARD", A)));
        int nowhere;
        try (ServerSocket socket = new ServerSocket(0)) {
            nowhere = socket.getLocalPort();
        }
        approve(directory.proposeRequester(NETWORK_MANAGER, new NetworkRequester(GP, "Borough ward 7", RequesterSetting.WARD, A,
                "127.0.0.1", nowhere, false, null)));
        Accounts accounts = router.bean(Accounts.class);
        practiceToken = accounts.issueCredential(ADMIN, "ward7.ocs", GP, List.of("orders")).token();
        otherPracticeToken = accounts.issueCredential(ADMIN, "riverside.ocs", "G85002", List.of("orders")).token();
    }

    private static void approve(DirectoryProposal proposal) {
        router.bean(NetworkDirectory.class).decide(SECOND_NETWORK_MANAGER, proposal.id(), true, "Agreed at the network board");
    }

    @AfterAll
    static void stop() {
        for (StandaloneLab lab : new StandaloneLab[]{a, router}) {
            if (lab != null) {
                lab.close();
            }
        }
    }

    private static IGenericClient client(String token) {
        FHIR.getRestfulClientFactory().setServerValidationMode(ServerValidationModeEnum.NEVER);
        IGenericClient client = FHIR.newRestfulGenericClient("http://localhost:" + router.port() + "/fhir");
        client.registerInterceptor(new BearerTokenAuthInterceptor(token));
        return client;
    }

    private static Bundle order(String placer, ServiceRequest.ServiceRequestPriority priority) {
        Bundle bundle = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        String patientUrl = "urn:uuid:" + UUID.randomUUID();
        String ueUrl = "urn:uuid:" + UUID.randomUUID();
        add(bundle, patientUrl, FhirInterfaceTest.patient(Api.newNhsNumber()));
        add(bundle, ueUrl, FhirInterfaceTest.request("UE", new Reference(patientUrl), placer).setPriority(priority));
        add(bundle, "urn:uuid:" + UUID.randomUUID(), FhirInterfaceTest.specimen(Api.unique("S"), "SER", ueUrl));
        return bundle;
    }

    private static void add(Bundle bundle, String fullUrl, org.hl7.fhir.r4.model.Resource resource) {
        bundle.addEntry().setFullUrl(fullUrl).setResource(resource).getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl(resource.fhirType());
    }

    private static ServiceRequest fate(Bundle response) {
        return response.getEntry().stream().map(Bundle.BundleEntryComponent::getResource).filter(ServiceRequest.class::isInstance)
                .map(ServiceRequest.class::cast).findFirst().orElseThrow();
    }

    private static <T> T eventually(Supplier<Optional<T>> found) throws InterruptedException {
        // Not a performance limit: only how long to wait before calling a forward that never comes a failure.
        Instant giveUp = Instant.now().plus(Duration.ofSeconds(60));
        while (Instant.now().isBefore(giveUp)) {
            Optional<T> value = found.get();
            if (value.isPresent()) {
                return value.get();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("not reached within the give-up time");
    }

    private static long ordersAtRouter() {
        Instant now = Instant.now();
        return router.bean(Ledger.class).ledger(NETWORK_MANAGER, A, now.minus(Duration.ofDays(1)), now.plus(Duration.ofMinutes(1))).received();
    }

    @Test
    void aBundleIsRecordedAnsweredWithItsFateAndReachesTheHomeLabOnceAsTheSameOrder() throws Exception {
        String placer = Api.unique("ICE");
        Bundle bundle = order(placer, ServiceRequest.ServiceRequestPriority.URGENT);
        long before = ordersAtRouter();
        ServiceRequest fate = fate(client(practiceToken).transaction().withBundle(bundle).execute());
        assertThat(fate.getStatus()).isEqualTo(ServiceRequest.ServiceRequestStatus.ACTIVE);
        assertThat(fate.getNoteFirstRep().getText()).contains("passed to Synnovis (GSTT) (RJ1)");

        LabOrder atLab = eventually(() -> a.bean(OrderDesk.class).byPlacerNumber(GP, placer));
        assertThat(atLab.tests()).containsExactly("UE");
        assertThat(atLab.priority()).isEqualTo(Priority.URGENT);
        assertThat(atLab.clinician()).isEqualTo("Dr Priya Shah");

        // The practice's system did not hear the answer and sends the same Bundle again: the first answer, no second order.
        ServiceRequest again = fate(client(practiceToken).transaction().withBundle(bundle).execute());
        assertThat(again.getNoteFirstRep().getText()).isEqualTo(fate.getNoteFirstRep().getText());
        assertThat(ordersAtRouter()).isEqualTo(before + 1);
    }

    @Test
    void aPracticeOrdersOnlyInItsOwnNameAndARefusalWritesNothing() {
        long before = ordersAtRouter();
        assertThatThrownBy(() -> client(otherPracticeToken).transaction().withBundle(order(Api.unique("ICE"),
                ServiceRequest.ServiceRequestPriority.ROUTINE)).execute())
                .isInstanceOf(UnprocessableEntityException.class).hasMessageContaining("this credential orders for G85002");
        Bundle noPatient = order(Api.unique("ICE"), ServiceRequest.ServiceRequestPriority.ROUTINE);
        noPatient.getEntry().removeIf(e -> e.getResource() instanceof org.hl7.fhir.r4.model.Patient);
        assertThatThrownBy(() -> client(practiceToken).transaction().withBundle(noPatient).execute())
                .isInstanceOf(UnprocessableEntityException.class).hasMessageContaining("must carry one Patient");
        assertThat(ordersAtRouter()).isEqualTo(before);
    }

    @Test
    void whileTheHomeLabIsDownTheFateSaysWhatBecameOfTheOrder() {
        LabStates states = router.bean(LabStates.class);
        states.declareDown(NETWORK_MANAGER, A, "Ransomware: the lab's systems are isolated");
        try {
            ServiceRequest routine = fate(client(practiceToken).transaction().withBundle(order(Api.unique("ICE"),
                    ServiceRequest.ServiceRequestPriority.ROUTINE)).execute());
            assertThat(routine.getStatus()).isEqualTo(ServiceRequest.ServiceRequestStatus.ONHOLD);
            assertThat(routine.getNoteFirstRep().getText()).contains("held by the network router until RJ1 is back");
            ServiceRequest critical = fate(client(practiceToken).transaction().withBundle(order(Api.unique("ICE"),
                    ServiceRequest.ServiceRequestPriority.STAT)).execute());
            assertThat(critical.getStatus()).isEqualTo(ServiceRequest.ServiceRequestStatus.REVOKED);
            assertThat(critical.getNoteFirstRep().getText()).contains("Not taken", "emergency department");
        } finally {
            states.declareBack(NETWORK_MANAGER, A, 600);
        }
    }
}
