package org.pathguard.router;

import org.pathguard.lab.RequesterSetting;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.pathguard.Api;
import org.pathguard.StandaloneLab;
import org.pathguard.TlsCertificates;
import org.pathguard.access.Actor;
import org.pathguard.access.ForbiddenAction;
import org.pathguard.bench.SyntheticMessages;
import org.pathguard.bench.SyntheticMessages.Person;
import org.pathguard.bench.SyntheticMessages.Request;
import org.pathguard.cli.DemoAtRestTest;
import org.pathguard.database.DatabaseServer;
import org.pathguard.interop.hl7.Hl7Sender;
import org.pathguard.interop.hl7.Hl7Senders;
import org.pathguard.interop.hl7.MllpFrame;
import org.pathguard.interop.hl7.Route;
import org.pathguard.interop.hl7.RouteProposal;
import org.pathguard.interop.hl7.Routes;
import org.pathguard.lab.Priority;
import org.pathguard.order.LabOrder;
import org.pathguard.order.OrderDesk;
import org.pathguard.result.LabResult;
import org.pathguard.result.ResultDesk;
import org.pathguard.result.ResultStatus;
import org.pathguard.result.ResultSubmission;
import org.pathguard.result.Validation;
import org.pathguard.specimen.SpecimenReception;
import org.springframework.jdbc.core.simple.JdbcClient;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A network in one JVM, every part real: the router (router mode, its own embedded PostgreSQL and keys, MLLP over TLS
 * with client certificates), three PathGuard labs (A, the GP's home lab; B and C, its partners under mutual aid), a GP
 * practice's order communications as an MLLP client with its own certificate, and the practice's results endpoint as a
 * small MLLP server. Orders pass to A exactly once; A falls (its server stops) and is suspected, then confirmed down:
 * critical and urgent orders go to B and C within their agreed capacity, routine ones wait, and each fate is in the
 * acknowledgement or (for orders taken before the fall) sent after; B's result reaches the practice and is kept; A comes
 * back, is sent B's result and takes the held orders; the ledger accounts for every order once.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RouterNetworkTest {

    private static final String A = "RJ1";
    private static final String B = "RYJ";
    private static final String C = "RAL";
    private static final String GP = "G85001";
    private static final String OTHER_GP = "G85002";

    private static final Actor NETWORK_MANAGER = new Actor("nm.one", Actor.Role.NETWORK_MANAGER, "NET", null);
    private static final Actor SECOND_NETWORK_MANAGER = new Actor("nm.two", Actor.Role.NETWORK_MANAGER, "NET", null);
    private static final Actor ROUTER_ADMIN = new Actor("router.admin", Actor.Role.ADMINISTRATOR, "NET", null);
    private static final Actor MANAGER_A = new Actor("manager.a", Actor.Role.LAB_MANAGER, A, null);
    private static final Actor MANAGER_B = new Actor("manager.b", Actor.Role.LAB_MANAGER, B, null);
    private static final Actor SECOND_MANAGER_B = new Actor("manager2.b", Actor.Role.LAB_MANAGER, B, null);
    private static final Actor ADMIN = new Actor("admin", Actor.Role.ADMINISTRATOR, null, null);
    private static final Actor SCIENTIST_B = new Actor("scientist.b", Actor.Role.SCIENTIST, B, null);
    private static final Actor AUTHORISER_B = new Actor("pathologist.b", Actor.Role.AUTHORISER, B, null);
    private static final Actor GP_USER = new Actor("dr.gp", Actor.Role.REQUESTER, GP, null);
    private static final Actor OTHER_GP_USER = new Actor("dr.other", Actor.Role.REQUESTER, OTHER_GP, null);

    @TempDir
    static Path dir;
    static TlsCertificates certificates;
    static StandaloneLab router;
    static StandaloneLab a;
    static StandaloneLab b;
    static StandaloneLab c;
    static int aMllp;
    static ResultsEndpoint practice;
    static final Set<String> secrets = new HashSet<>();
    /** Every order the router acknowledged as taken, by placer number: the ledger must account for each once. */
    static final Map<String, String> taken = new LinkedHashMap<>();
    static final Map<String, String> barcodes = new LinkedHashMap<>();
    /** The other practice's one order: refused by both partners, held, then refused by the home lab. */
    static String otherPractices;

    /** Everything logged while the network runs (Logback's console writes to whatever System.out is at the time). */
    static final java.io.ByteArrayOutputStream logged = new java.io.ByteArrayOutputStream();
    static java.io.PrintStream console;

    @BeforeAll
    static void network() throws Exception {
        console = System.out;
        java.io.PrintStream original = console;
        System.setOut(new java.io.PrintStream(new OutputStream() {
            @Override
            public void write(int b) {
                original.write(b);
                logged.write(b);
            }

            @Override
            public void write(byte[] bytes, int offset, int length) {
                original.write(bytes, offset, length);
                logged.write(bytes, offset, length);
            }
        }, true, StandardCharsets.UTF_8));
        certificates = new TlsCertificates(dir);
        TlsCertificates.Lab routerKeys = certificates.lab("router.test");
        TlsCertificates.Lab gpKeys = certificates.lab("gp.test");
        TlsCertificates.Lab strangerKeys = certificates.lab("stranger.test");
        TlsCertificates.Lab otherGpKeys = certificates.lab("othergp.test");
        TlsCertificates.Lab bKeys = certificates.lab("labb.test");
        TlsCertificates.Lab cKeys = certificates.lab("labc.test");
        for (TlsCertificates.Lab other : List.of(gpKeys, strangerKeys, otherGpKeys, bKeys, cKeys)) {
            certificates.trust(routerKeys, other);
        }
        practice = new ResultsEndpoint();
        router = StandaloneLab.start(dir.resolve("router"), "--pathguard.mode=router", "--pathguard.router.facility=PGNET",
                "--pathguard.mllp.plain=false",
                "--pathguard.mllp.tls.key-store=" + routerKeys.keyStore(), "--pathguard.mllp.tls.key-store-password=" + TlsCertificates.PASSWORD,
                "--pathguard.mllp.tls.trust-store=" + routerKeys.trustStore(), "--pathguard.mllp.tls.trust-store-password=" + TlsCertificates.PASSWORD,
                "--pathguard.router.poll=PT0.1S", "--pathguard.router.first-retry=PT0.2S", "--pathguard.router.longest-retry=PT0.5S",
                "--pathguard.router.suspect-after=PT1S", "--pathguard.router.ack-timeout=PT10S");
        int routerMllp = router.mllpPort();
        aMllp = freePort();
        a = startA();
        b = StandaloneLab.start(dir.resolve("lab-b"), lab(B, "Imperial pathology", "IC", freePort(), bKeys));
        c = StandaloneLab.start(dir.resolve("lab-c"), lab(C, "Royal Free pathology", "RF", freePort(), cKeys));

        // Each lab hears orders for the network's GPs from the router (plain MLLP from loopback, here).
        for (StandaloneLab lab : List.of(a, b, c)) {
            lab.bean(Hl7Senders.class).configure(ADMIN, new Hl7Sender("network.router", null, "127.0.0.1", List.of(GP), List.of()));
        }
        // The partners send results for the GP's routed orders back to the router, over TLS.
        for (StandaloneLab partner : List.of(b, c)) {
            Routes routes = partner.bean(Routes.class);
            routes.allow(ADMIN, "localhost", routerMllp);
            RouteProposal proposal = routes.propose(MANAGER_B, new Route(GP, "localhost", routerMllp, "PATHGUARD", "PGNET", true));
            routes.decide(SECOND_MANAGER_B, proposal.id(), true, "Mutual aid: results of A's requesters go through the router");
        }

        Hl7Senders routerSenders = router.bean(Hl7Senders.class);
        routerSenders.configure(ROUTER_ADMIN, new Hl7Sender("gp.ocs", "gp.test", null, List.of(GP), List.of()));
        // The other practice is in the directory, but no lab was told to take its orders from the router.
        routerSenders.configure(ROUTER_ADMIN, new Hl7Sender("othergp.ocs", "othergp.test", null, List.of(OTHER_GP), List.of()));
        routerSenders.configure(ROUTER_ADMIN, new Hl7Sender("lab.b", "labb.test", null, List.of(), List.of(), B, List.of()));
        routerSenders.configure(ROUTER_ADMIN, new Hl7Sender("lab.c", "labc.test", null, List.of(), List.of(), C, List.of()));

        NetworkDirectory directory = router.bean(NetworkDirectory.class);
        approve(directory.proposeLab(NETWORK_MANAGER, new NetworkLab(A, "Synnovis (GSTT)", "127.0.0.1", aMllp, false, "PATHGUARD", A)));
        approve(directory.proposeLab(NETWORK_MANAGER, new NetworkLab(B, "Imperial pathology", "127.0.0.1", b.mllpPort(), false, "PATHGUARD", B)));
        approve(directory.proposeLab(NETWORK_MANAGER, new NetworkLab(C, "Royal Free pathology", "127.0.0.1", c.mllpPort(), false, "PATHGUARD", C)));
        approve(directory.proposeRequester(NETWORK_MANAGER, new NetworkRequester(GP, "Borough surgery", RequesterSetting.GP, A,
                "127.0.0.1", practice.port(), false, null)));
        approve(directory.proposeRequester(NETWORK_MANAGER, new NetworkRequester(OTHER_GP, "Riverside practice", RequesterSetting.GP,
                A, "127.0.0.1", practice.port(), false, null)));
        // B reports sooner; C has more room. Neither takes routine work.
        approve(directory.proposeMutualAid(NETWORK_MANAGER, new MutualAid(A, B, List.of("UE", "FBC"),
                Map.of(Priority.CRITICAL, 1, Priority.URGENT, 2), Map.of(Priority.CRITICAL, 45, Priority.URGENT, 180), 10)));
        approve(directory.proposeMutualAid(NETWORK_MANAGER, new MutualAid(A, C, List.of("UE", "FBC"),
                Map.of(Priority.CRITICAL, 5, Priority.URGENT, 5), Map.of(Priority.CRITICAL, 50, Priority.URGENT, 200), 20)));
    }

    private static StandaloneLab startA() {
        return StandaloneLab.start(dir.resolve("lab-a"), lab(A, "Synnovis (GSTT)", "GS", aMllp, null));
    }

    private static String[] lab(String ods, String name, String prefix, int mllpPort, TlsCertificates.Lab outboundKeys) {
        List<String> settings = new ArrayList<>(List.of("--pathguard.lab.ods-code=" + ods, "--pathguard.lab.name=" + name,
                "--pathguard.lab.accession-prefix=" + prefix, "--pathguard.mllp.port=" + mllpPort, "--pathguard.outbound.enabled=true",
                "--pathguard.outbound.poll=PT0.1S", "--pathguard.outbound.first-retry=PT0.2S", "--pathguard.outbound.longest-retry=PT1S"));
        if (outboundKeys != null) {
            settings.addAll(List.of(
                    "--pathguard.outbound.tls.key-store=" + outboundKeys.keyStore(),
                    "--pathguard.outbound.tls.key-store-password=" + TlsCertificates.PASSWORD,
                    "--pathguard.outbound.tls.trust-store=" + outboundKeys.trustStore(),
                    "--pathguard.outbound.tls.trust-store-password=" + TlsCertificates.PASSWORD));
        }
        return settings.toArray(String[]::new);
    }

    private static void approve(DirectoryProposal proposal) {
        assertThat(proposal.state()).isEqualTo(DirectoryProposal.State.AWAITING_APPROVAL);
        DirectoryProposal decided = router.bean(NetworkDirectory.class).decide(SECOND_NETWORK_MANAGER, proposal.id(), true,
                "Agreed at the network board");
        assertThat(decided.state()).isEqualTo(DirectoryProposal.State.APPROVED);
    }

    @AfterAll
    static void stop() throws IOException {
        if (console != null) {
            System.setOut(console);
        }
        for (StandaloneLab lab : new StandaloneLab[]{c, b, a, router}) {
            if (lab != null) {
                lab.close();
            }
        }
        if (practice != null) {
            practice.close();
        }
    }

    @Test
    @Order(1)
    void inNormalRunningAnOrderIsAcknowledgedAfterItIsRecordedAndReachesTheHomeLabExactlyOnce() {
        String placer = Api.unique("PN");
        String oml = order(placer, "A", "UE");
        String ack = fromGp(oml);
        assertThat(field(ack, "MSA", 1)).as(ack).isEqualTo("AA");
        assertThat(field(ack, "ORC", 1)).isEqualTo("OK");
        assertThat(field(ack, "ORC", 2)).isEqualTo(placer);
        assertThat(field(ack, "NTE", 3)).contains("passed to Synnovis (GSTT) (RJ1)");
        taken.put(placer, "HOME_LAB");

        waitFor("A takes the order", () -> state(placer).equals("AT_HOME_LAB"));
        LabOrder atA = a.bean(OrderDesk.class).byPlacerNumber(GP, placer).orElseThrow();
        assertThat(atA.tests()).containsExactly("UE");
        assertThat(atA.priority()).isEqualTo(Priority.URGENT);
        assertThat(order(placer).accession()).isEqualTo(atA.accession());

        // The practice's system did not hear the answer and sends again: the same answer, nothing new anywhere.
        assertThat(fromGp(oml)).isEqualTo(ack);
        assertThat(count("select count(*) from router_order where placer_number = '" + placer + "'")).isEqualTo(1);
        assertThat(a.bean(OrderDesk.class).byPlacerNumber(GP, placer)).isPresent();
    }

    @Test
    @Order(2)
    void strangersOrdersForOtherPracticesAndResendsWithNewContentAreRefusedAndNothingIsWritten() throws Exception {
        long before = count("select count(*) from router_order");
        String stranger = send(certificates.existing("stranger.test"), order(Api.unique("PN"), "S", "UE"));
        assertThat(field(stranger, "MSA", 1)).isEqualTo("AR");
        assertThat(field(stranger, "MSA", 3)).contains("not registered");

        String forOther = fromGp(order(Api.unique("PN"), "S", "UE").replace("^^^^^^^^^" + GP, "^^^^^^^^^" + OTHER_GP));
        assertThat(field(forOther, "MSA", 1)).isEqualTo("AR");
        assertThat(field(forOther, "MSA", 3)).contains("not for " + OTHER_GP);

        String control = Api.unique("OML");
        assertThat(field(fromGp(order(control, Api.unique("PN"), "R", "FBC")), "MSA", 1)).isEqualTo("AA");
        String changed = fromGp(order(control, Api.unique("PN"), "S", "FBC"));
        assertThat(field(changed, "MSA", 1)).isEqualTo("AR");
        assertThat(field(changed, "MSA", 3)).contains("different message");

        String unsupportedVersion = fromGp(order(Api.unique("PN"), "R", "UE").replace("|P|2.5.1", "|P|9.9"));
        assertThat(field(unsupportedVersion, "MSA", 1)).isEqualTo("AR");
        assertThat(count("select count(*) from router_order")).isEqualTo(before + 1);
        waitFor("the one order taken reaches A", () -> count("select count(*) from router_order where state = 'FORWARDING'") == 0);
        taken.put(one("select placer_number from router_order where control_id = '" + control + "'", String.class), "HOME_LAB");
    }

    @Test
    @Order(3)
    void onlyNetworkManagersChangeTheDirectoryWithASecondPersonAndOnlyTheLabsOwnManagerOrTheNetworkManagerDeclaresItDown() {
        NetworkDirectory directory = router.bean(NetworkDirectory.class);
        NetworkLab lab = new NetworkLab("RXX", "A lab that is not", "127.0.0.1", 1, false, "PATHGUARD", "RXX");
        assertThatThrownBy(() -> directory.proposeLab(MANAGER_B, lab)).isInstanceOf(ForbiddenAction.class);
        assertThatThrownBy(() -> directory.proposeLab(ROUTER_ADMIN, lab)).isInstanceOf(ForbiddenAction.class);
        DirectoryProposal proposal = directory.proposeLab(NETWORK_MANAGER, lab);
        assertThatThrownBy(() -> directory.decide(NETWORK_MANAGER, proposal.id(), true, null)).isInstanceOf(ForbiddenAction.class)
                .hasMessageContaining("second person");
        assertThatThrownBy(() -> directory.decide(MANAGER_B, proposal.id(), true, null)).isInstanceOf(ForbiddenAction.class);
        assertThat(directory.proposal(NETWORK_MANAGER, proposal.id()).state()).isEqualTo(DirectoryProposal.State.AWAITING_APPROVAL);
        assertThat(directory.labs(NETWORK_MANAGER)).extracting(l -> l.lab().ods()).containsExactlyInAnyOrder(A, B, C);
        assertThat(directory.decide(SECOND_NETWORK_MANAGER, proposal.id(), false, "No such lab in the network").state())
                .isEqualTo(DirectoryProposal.State.REFUSED);

        LabStates states = router.bean(LabStates.class);
        assertThatThrownBy(() -> states.declareDown(MANAGER_B, A, "I think A is down, from the news"))
                .isInstanceOf(ForbiddenAction.class);
        assertThatThrownBy(() -> states.declareDown(GP_USER, A, "Results have not come back today"))
                .isInstanceOf(ForbiddenAction.class);
        assertThat(directory.lab(NETWORK_MANAGER, A).state()).isEqualTo(LabState.UP);
        assertThatThrownBy(() -> router.bean(Ledger.class).requesterCsv(OTHER_GP_USER, GP)).isInstanceOf(ForbiddenAction.class);
        assertThatThrownBy(() -> router.bean(Ledger.class).ledger(MANAGER_B, A, Instant.now().minusSeconds(3600), Instant.now()))
                .isInstanceOf(ForbiddenAction.class);
    }

    @Test
    @Order(4)
    void theApiRefusesBadInputWithProblemJsonWritesNothingAndGivesAPracticeOnlyItsOwnOrders() {
        Api manager = person("nm.api", Actor.Role.NETWORK_MANAGER, "NET");
        long changes = count("select count(*) from router_change");
        Api.Response badPort = manager.post("/api/router/proposals/labs", Map.of("ods", "RXY", "name", "Lab", "host", "127.0.0.1",
                "port", 70000, "tls", false, "receivingApplication", "PATHGUARD", "receivingFacility", "RXY"));
        assertThat(badPort.status()).isEqualTo(422);
        assertThat(badPort.contentType()).startsWith("application/problem+json");
        assertThat(badPort.body()).contains("port must be between 1 and 65535");
        Api.Response noCapacityTurnaround = manager.post("/api/router/proposals/mutual-aid", Map.of("homeLab", A, "partner", B,
                "tests", List.of("UE"), "dailyCapacity", Map.of("CRITICAL", 3), "turnaroundMinutes", Map.of(), "transportMinutes", 10));
        assertThat(noCapacityTurnaround.status()).isEqualTo(422);
        assertThat(noCapacityTurnaround.body()).contains("turnaroundMinutes.CRITICAL");
        assertThat(manager.post("/api/router/proposals/requesters", "application/json", "{not json").status()).isEqualTo(400);
        assertThat(manager.post("/api/router/labs/" + A + "/down", Map.of("reason", "x")).status()).isEqualTo(422);
        assertThat(manager.get("/api/router/ledger?lab=" + A + "&from=yesterday&to=today").status()).isEqualTo(422);
        assertThat(count("select count(*) from router_change")).isEqualTo(changes);
        assertThat(router.bean(NetworkDirectory.class).lab(NETWORK_MANAGER, A).state()).isEqualTo(LabState.UP);

        Api.Response own = person("dr.api", Actor.Role.REQUESTER, GP).get("/api/router/requesters/" + GP + "/orders.csv");
        assertThat(own.status()).isEqualTo(200);
        assertThat(own.contentType()).startsWith("text/csv");
        assertThat(own.body()).startsWith("placer_number,").contains(taken.keySet().iterator().next());
        Api.Response other = person("dr.other.api", Actor.Role.REQUESTER, OTHER_GP).get("/api/router/requesters/" + GP + "/orders.csv");
        assertThat(other.status()).isEqualTo(403);
        assertThat(other.body()).doesNotContain(taken.keySet().iterator().next());
        assertThat(person("admin.api", Actor.Role.ADMINISTRATOR, "NET").post("/api/router/labs/" + A + "/down",
                Map.of("reason", "Ransomware reported by the lab's IT team")).status()).isEqualTo(403);
    }

    private static Api person(String username, Actor.Role role, String organisation) {
        org.pathguard.access.Accounts.Secrets s = router.bean(org.pathguard.access.Accounts.class)
                .createEnrolled(Actor.SYSTEM, username, role, organisation);
        return Api.person(router.port(), s.username(), s.password(), s.totpSecret());
    }

    @Test
    @Order(5)
    void whenTheHomeLabFallsCriticalAndUrgentOrdersGoToPartnersWithinCapacityRoutineWaitsAndEachFateIsTold() throws Exception {
        a.close();
        a = null;
        // Taken before anyone knows: the router passes them on as usual and keeps trying.
        String urgentBefore = Api.unique("PN");
        String routineBefore = Api.unique("PN");
        assertThat(field(fromGp(order(urgentBefore, "A", "UE")), "NTE", 3)).contains("as usual");
        assertThat(field(fromGp(order(routineBefore, "R", "FBC")), "NTE", 3)).contains("as usual");
        NetworkDirectory directory = router.bean(NetworkDirectory.class);
        waitFor("the router suspects A", () -> directory.lab(NETWORK_MANAGER, A).state() == LabState.SUSPECTED);
        assertThat(state(urgentBefore)).isEqualTo("FORWARDING");

        LabStatus down = router.bean(LabStates.class).declareDown(NETWORK_MANAGER, A, "Ransomware: Synnovis systems isolated this morning");
        assertThat(down.state()).isEqualTo(LabState.DOWN);
        assertThat(state(urgentBefore)).isEqualTo("ROUTING");
        assertThat(order(urgentBefore).partner()).isEqualTo(B);
        assertThat(state(routineBefore)).isEqualTo("DEFERRED");
        taken.put(urgentBefore, "PARTNER");
        taken.put(routineBefore, "DEFERRED");
        // The practice was told "passed to A"; now it hears the new fate of each.
        waitFor("the practice hears both new fates", () -> practice.statusOf(urgentBefore) != null && practice.statusOf(routineBefore) != null);
        assertThat(field(practice.statusOf(urgentBefore), "ORC", 5)).isEqualTo("IP");
        assertThat(field(practice.statusOf(urgentBefore), "NTE", 3)).contains("(RYJ)");
        assertThat(field(practice.statusOf(routineBefore), "ORC", 5)).isEqualTo("HD");

        Map<String, String> fates = new LinkedHashMap<>();
        String critical1 = Api.unique("PN");
        String critical2 = Api.unique("PN");
        String urgent = Api.unique("PN");
        String urgent2 = Api.unique("PN");
        String routine = Api.unique("PN");
        fates.put(critical1, fromGp(order(critical1, "S", "UE")));
        fates.put(critical2, fromGp(order(critical2, "S", "UE")));
        fates.put(urgent, fromGp(order(urgent, "A", "FBC")));
        fates.put(urgent2, fromGp(order(urgent2, "A", "UE")));
        fates.put(routine, fromGp(order(routine, "R", "UE")));
        fates.values().forEach(ack -> assertThat(field(ack, "MSA", 1)).as(ack).isEqualTo("AA"));
        // B reports soonest and takes one critical and two urgent a day; then C.
        assertThat(field(fates.get(critical1), "NTE", 3)).contains("Routed to Imperial pathology (RYJ)");
        assertThat(field(fates.get(critical1), "ORC", 5)).isEqualTo("IP");
        assertThat(field(fates.get(critical2), "NTE", 3)).contains("(RAL)").contains("later than the 60-minute target");
        assertThat(field(fates.get(urgent), "NTE", 3)).contains("(RYJ)");
        assertThat(field(fates.get(urgent2), "NTE", 3)).contains("(RAL)");
        assertThat(field(fates.get(routine), "ORC", 5)).isEqualTo("HD");
        assertThat(field(fates.get(routine), "NTE", 3)).contains("held by the network router until RJ1 is back");
        taken.put(critical1, "PARTNER");
        taken.put(critical2, "PARTNER");
        taken.put(urgent, "PARTNER");
        taken.put(urgent2, "PARTNER");
        taken.put(routine, "DEFERRED");

        waitFor("B and C take their orders", () -> List.of(urgentBefore, critical1, critical2, urgent, urgent2).stream()
                .allMatch(p -> state(p).equals("AT_PARTNER")));
        for (String placer : List.of(urgentBefore, critical1, urgent)) {
            LabOrder atB = b.bean(OrderDesk.class).byPlacerNumber(GP, placer).orElseThrow();
            assertThat(order(placer).accession()).isEqualTo(atB.accession());
            assertThat(c.bean(OrderDesk.class).byPlacerNumber(GP, placer)).isEmpty();
        }
        for (String placer : List.of(critical2, urgent2)) {
            assertThat(c.bean(OrderDesk.class).byPlacerNumber(GP, placer)).isPresent();
            assertThat(b.bean(OrderDesk.class).byPlacerNumber(GP, placer)).isEmpty();
        }
    }

    @Test
    @Order(6)
    void aPartnerThatRefusesAnOrderIsLeftOutAndTheOrderTriagedAgainWithTheRequesterTold() {
        otherPractices = Api.unique("PN");
        // C has urgent room left and B none: C is chosen first. C was never told to take this practice's orders.
        String ack = send(certificates.existing("othergp.test"), order(otherPractices, "A", "UE").replace(GP, OTHER_GP));
        assertThat(field(ack, "MSA", 1)).as(ack).isEqualTo("AA");
        assertThat(field(ack, "NTE", 3)).contains("(RAL)");
        waitFor("C refuses and the order is triaged again", () -> !state(otherPractices).equals("ROUTING"));
        RoutedOrder held = order(otherPractices);
        assertThat(held.state()).isEqualTo("DEFERRED");
        assertThat(held.refusedBy()).containsExactly(C);
        assertThat(held.note()).contains("Held by the network router until RJ1 is back");
        waitFor("the practice hears the new fate", () -> practice.statusOf(otherPractices) != null);
        assertThat(field(practice.statusOf(otherPractices), "ORC", 5)).isEqualTo("HD");
        assertThat(c.bean(OrderDesk.class).byPlacerNumber(OTHER_GP, otherPractices)).isEmpty();
        taken.put(otherPractices, "DEFERRED");
    }

    @Test
    @Order(7)
    void aPartnersResultReachesThePracticeUnchangedAndIsKeptForTheHomeLab() {
        String placer = taken.entrySet().stream().filter(e -> e.getValue().equals("PARTNER"))
                .map(Map.Entry::getKey).filter(p -> order(p).partner().equals(B) && order(p).priority() == Priority.CRITICAL)
                .findFirst().orElseThrow();
        String barcode = barcodes.get(placer);
        b.bean(SpecimenReception.class).receive(SCIENTIST_B, barcode, Instant.now());
        List<LabResult> results = b.bean(ResultDesk.class).record(SCIENTIST_B, new ResultSubmission(barcode, List.of(), List.of(
                new ResultSubmission.Item("NA", "139", "mmol/L", List.of()),
                new ResultSubmission.Item("K", "5.6", "mmol/L", List.of()),
                new ResultSubmission.Item("UREA", "5.1", "mmol/L", List.of()),
                new ResultSubmission.Item("CREA", "84", "umol/L", List.of()))));
        for (LabResult held : results) {
            if (held.status() == ResultStatus.PRELIMINARY) {
                b.bean(Validation.class).authorise(AUTHORISER_B, held.id(), "Known renal patient, checked against the request");
            }
        }
        waitFor("the practice receives B's result through the router", () -> practice.resultFor(placer) != null);
        String relayed = practice.resultFor(placer);
        assertThat(field(relayed, "MSH", 4)).isEqualTo(B);
        assertThat(relayed).contains("ORU^R01").contains("OBX|");
        assertThat(state(placer)).isEqualTo("RESULTED");
        taken.put(placer, "RESULTED");
        assertThat(count("select count(*) from router_result r join router_order o on o.id = r.order_id where o.placer_number = '"
                + placer + "'")).isEqualTo(1);
        // Relayed once: the practice acknowledged it, and the router does not send it again.
        waitFor("the relay is recorded as delivered", () -> count("select count(*) from router_outbound where kind = "
                + "'RESULT_TO_REQUESTER' and state = 'DELIVERED'") == 1);
        assertThat(practice.resultsFor(placer)).isEqualTo(1);
    }

    @Test
    @Order(8)
    void whenTheHomeLabIsDeclaredBackItIsSentThePartnersResultsOnceAndTakesTheHeldOrdersInPriorityOrder() {
        a = startA();
        LabStates states = router.bean(LabStates.class);
        assertThatThrownBy(() -> states.declareBack(MANAGER_B, A, 10)).isInstanceOf(ForbiddenAction.class);
        assertThat(states.declareBack(MANAGER_A, A, 60).state()).isEqualTo(LabState.UP);
        assertThat(count("select count(*) from router_outbound where kind = 'RESULT_TO_HOME_LAB'")).isEqualTo(1);
        waitFor("A is sent B's result", () -> count("select count(*) from router_outbound where kind = 'RESULT_TO_HOME_LAB' "
                + "and state <> 'PENDING'") == 1);
        List<String> deferred = taken.entrySet().stream().filter(e -> e.getValue().equals("DEFERRED")).map(Map.Entry::getKey)
                .filter(p -> !p.equals(otherPractices)).toList();
        waitFor("the held orders drain into A", () -> deferred.stream().allMatch(p -> state(p).equals("AT_HOME_LAB")));
        for (String placer : deferred) {
            assertThat(a.bean(OrderDesk.class).byPlacerNumber(GP, placer)).isPresent();
            taken.put(placer, "HOME_LAB");
        }
        // The other practice's order drains too, and A, never told to take that practice's orders, says no: shown, not retried.
        waitFor("A answers the other practice's order", () -> state(otherPractices).equals("HOME_LAB_REFUSED"));
        assertThat(order(otherPractices).note()).startsWith("RJ1 answered AR");
        taken.put(otherPractices, "REFUSED");
        // Nothing routed to a partner is done at A as well.
        taken.entrySet().stream().filter(e -> e.getValue().equals("PARTNER") || e.getValue().equals("RESULTED"))
                .forEach(e -> assertThat(a.bean(OrderDesk.class).byPlacerNumber(GP, e.getKey())).as(e.getKey()).isEmpty());
        // Declaring it back again changes nothing: back is back.
        assertThatThrownBy(() -> states.declareBack(NETWORK_MANAGER, A, 60)).isInstanceOf(org.pathguard.lab.Conflict.class);
        assertThat(count("select count(*) from router_outbound where kind = 'RESULT_TO_HOME_LAB'")).isEqualTo(1);
    }

    @Test
    @Order(9)
    void theLedgerAccountsForEveryOrderOnceAndAPracticeDownloadsOnlyItsOwn() {
        Ledger.Account account = router.bean(Ledger.class).ledger(NETWORK_MANAGER, A, Instant.now().minus(Duration.ofHours(1)),
                Instant.now().plus(Duration.ofMinutes(1)));
        assertThat(account.received()).isEqualTo(taken.size());
        assertThat(account.byWhere().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(account.received());
        account.orders().forEach(o -> assertThat(o.where()).as(o.placerNumber()).startsWith(taken.get(o.placerNumber())));
        Map<String, Long> expected = new java.util.TreeMap<>();
        taken.forEach((placer, where) -> expected.merge(where, 1L, Long::sum));
        Map<String, Long> counted = new java.util.TreeMap<>();
        account.byWhere().forEach((where, n) -> counted.merge(where.split(":")[0], n, Long::sum));
        assertThat(counted).isEqualTo(expected);

        String csv = router.bean(Ledger.class).requesterCsv(GP_USER, GP);
        assertThat(csv.lines().skip(1)).hasSize(taken.size() - 1);
        taken.keySet().stream().filter(p -> !p.equals(otherPractices)).forEach(placer -> assertThat(csv).contains(placer));
        assertThat(csv).doesNotContain(otherPractices);
        String others = router.bean(Ledger.class).requesterCsv(OTHER_GP_USER, OTHER_GP);
        assertThat(others.lines()).hasSize(2);
        assertThat(others).contains(otherPractices).contains("HOME_LAB_REFUSED");
        secrets.forEach(secret -> assertThat(csv).doesNotContain(secret));
    }

    @Test
    @Order(10)
    void theRouterKeepsNoPatientValueInClear() throws Exception {
        JdbcClient db = router.bean(JdbcClient.class);
        db.sql("checkpoint").update();
        String dump = DemoAtRestTest.dump(router.bean(DatabaseServer.class));
        assertThat(dump).contains("COPY public.router_order").contains("COPY public.router_result");
        assertThat(DemoAtRestTest.found(DemoAtRestTest.tokens(DemoAtRestTest.decodeHex(dump)), secrets))
                .as("patient values in clear in the router's pg_dump").isEmpty();
        for (Path file : DemoAtRestTest.regularFiles(dir.resolve("router").resolve("postgres"))) {
            Set<String> tokens = DemoAtRestTest.tokens(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1));
            assertThat(DemoAtRestTest.found(tokens, secrets)).as("patient values in clear in " + file).isEmpty();
        }
        String logs = logged.toString(StandardCharsets.UTF_8);
        assertThat(logs).contains("org.pathguard.router.RouterIntake");
        assertThat(DemoAtRestTest.found(DemoAtRestTest.tokens(logs), secrets)).as("patient values in the network's logs").isEmpty();
    }

    @Test
    @Order(11)
    void theRoutersTablesAreItsLogsAndItsLogVerifies() {
        Ledger ledger = router.bean(Ledger.class);
        Instant from = Instant.now().minus(Duration.ofHours(1));
        Instant to = Instant.now().plus(Duration.ofMinutes(1));
        Ledger.Account before = ledger.ledger(NETWORK_MANAGER, A, from, to);
        List<LabStatus> labs = router.bean(NetworkDirectory.class).labs(NETWORK_MANAGER);
        String owed = one("select string_agg(kind || ':' || state, ',' order by id) from router_outbound", String.class);
        RoutedOrder first = before.orders().getFirst();
        String message = router.bean(OrderBook.class).message(first.id());

        org.pathguard.eventlog.EventLog log = router.bean(org.pathguard.eventlog.EventLog.class);
        assertThat(log.verify().intact()).isTrue();
        log.rebuild();

        assertThat(ledger.ledger(NETWORK_MANAGER, A, from, to)).isEqualTo(before);
        assertThat(router.bean(NetworkDirectory.class).labs(NETWORK_MANAGER)).isEqualTo(labs);
        assertThat(one("select string_agg(kind || ':' || state, ',' order by id) from router_outbound", String.class)).isEqualTo(owed);
        assertThat(router.bean(OrderBook.class).message(first.id())).isEqualTo(message);
    }

    // --- the practice's side ---

    /** An order for one new patient, as the practice's order communications send it; the names are random, so a leak shows. */
    private static String order(String placer, String priority, String test) {
        return order(Api.unique("OML"), placer, priority, test);
    }

    private static String order(String control, String placer, String priority, String test) {
        String nhs = Api.newNhsNumber();
        String family = Api.randomName(12);
        String given = Api.randomName(11);
        secrets.addAll(List.of(nhs, family, given));
        String barcode = "GP" + Api.unique("T").replaceAll("[^A-Za-z0-9]", "");
        barcodes.put(placer, barcode);
        return SyntheticMessages.oml(control, GP, placer, new Person(nhs, null, family, given, "19610314", "F", null), priority,
                null, List.of(new Request(test, barcode, test.equals("FBC") ? "EDTA" : "SER")));
    }

    private static String fromGp(String message) {
        return send(certificates.existing("gp.test"), message);
    }

    /** One message over MLLP with TLS, presenting {@code who}'s client certificate; returns the answer. */
    private static String send(TlsCertificates.Lab who, String message) {
        try {
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store(who.keyStore()), TlsCertificates.PASSWORD.toCharArray());
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(store(who.trustStore()));
            SSLContext tls = SSLContext.getInstance("TLSv1.3");
            tls.init(keys.getKeyManagers(), trust.getTrustManagers(), null);
            try (Socket socket = tls.getSocketFactory().createSocket("localhost", router.mllpPort())) {
                socket.setSoTimeout(30_000);
                MllpFrame.write(socket.getOutputStream(), message, StandardCharsets.UTF_8);
                return MllpFrame.read(new BufferedInputStream(socket.getInputStream()), 1 << 20, StandardCharsets.UTF_8).message();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyStore store(Path file) throws IOException, java.security.GeneralSecurityException {
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, TlsCertificates.PASSWORD.toCharArray());
            return store;
        }
    }

    /** The practice's results endpoint: takes every message, answers AA, and keeps what came. */
    static final class ResultsEndpoint implements AutoCloseable {

        private final ServerSocket server;
        final ConcurrentLinkedQueue<String> received = new ConcurrentLinkedQueue<>();

        ResultsEndpoint() throws IOException {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread.ofVirtual().start(() -> {
                while (!server.isClosed()) {
                    try {
                        Socket socket = server.accept();
                        Thread.ofVirtual().start(() -> serve(socket));
                    } catch (IOException closed) {
                        return;
                    }
                }
            });
        }

        private void serve(Socket socket) {
            try (socket) {
                InputStream in = new BufferedInputStream(socket.getInputStream());
                OutputStream out = socket.getOutputStream();
                MllpFrame.Read frame;
                while ((frame = MllpFrame.read(in, 1 << 20, StandardCharsets.UTF_8)) != null) {
                    received.add(frame.message());
                    MllpFrame.write(out, "MSH|^~\\&|ICE|" + GP + "|PATHGUARD|PGNET|20261207000000||ACK^R01^ACK|A" + received.size()
                            + "|P|2.5.1\rMSA|AA|" + field(frame.message(), "MSH", 10), StandardCharsets.UTF_8);
                }
            } catch (IOException ended) {
                // the router closed its connection
            }
        }

        int port() {
            return server.getLocalPort();
        }

        String statusOf(String placer) {
            return received.stream().filter(m -> m.contains("ORC|SC|" + placer + "|")).findFirst().orElse(null);
        }

        String resultFor(String placer) {
            return received.stream().filter(m -> m.contains("ORU^R01") && m.contains("|" + placer + "|")).findFirst().orElse(null);
        }

        long resultsFor(String placer) {
            return received.stream().filter(m -> m.contains("ORU^R01") && m.contains("|" + placer + "|")).count();
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }

    // --- reading the router ---

    private static RoutedOrder order(String placer) {
        return router.bean(JdbcClient.class).sql("select * from router_order where placer_number = ?").param(placer)
                .query(OrderBook::order).single();
    }

    private static String state(String placer) {
        return order(placer).state();
    }

    private static long count(String sql) {
        return router.bean(JdbcClient.class).sql(sql).query(Long.class).single();
    }

    private static <T> T one(String sql, Class<T> type) {
        return router.bean(JdbcClient.class).sql(sql).query(type).single();
    }

    /** A field of a segment, unescaped as the tests' MLLP client does. */
    private static String field(String message, String segment, int number) {
        return org.pathguard.interop.hl7.Mllp.field(message, segment, number);
    }

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

    /** A port below the ephemeral range, so A can listen on it again after its restart. */
    private static int freePort() throws Exception {
        java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
        for (int tries = 0; tries < 200; tries++) {
            int candidate = random.nextInt(20_000, 32_000);
            try (ServerSocket socket = new ServerSocket(candidate)) {
                return socket.getLocalPort();
            } catch (IOException taken) {
                // in use: try another
            }
        }
        throw new IllegalStateException("No free port between 20000 and 32000");
    }
}
