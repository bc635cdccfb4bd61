package org.pathguard.demo;

import org.pathguard.lab.RequesterSetting;
import org.pathguard.access.Actor;
import org.pathguard.interop.hl7.Hl7Sender;
import org.pathguard.interop.hl7.Hl7Senders;
import org.pathguard.interop.hl7.MllpListener;
import org.pathguard.interop.hl7.Route;
import org.pathguard.interop.hl7.RouteProposal;
import org.pathguard.interop.hl7.Routes;
import org.pathguard.lab.Priority;
import org.pathguard.router.DirectoryProposal;
import org.pathguard.router.LabStatus;
import org.pathguard.router.MutualAid;
import org.pathguard.router.NetworkDirectory;
import org.pathguard.router.NetworkLab;
import org.pathguard.router.NetworkRequester;
import org.springframework.context.ApplicationContext;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A small pathology network on one machine: a router and three labs, A (the home lab that will fall) and its two
 * partners B and C, each serving its own GP practices, emergency department and ward. Everyone is introduced as a real
 * network's people would do it, through the same services: the router's directory (labs, requesters, mutual aid) by a
 * network manager and approved by a second; at each lab the router registered as an HL7 sender for the requesters the
 * lab serves (a partner also for the fallen lab's), and the lab's routes, proposed by one manager and approved by another:
 * its own requesters' results to their endpoint, the fallen lab's requesters' results to the router. The router and the
 * labs talk MLLP over TLS with client certificates (each knows the other by its certificate, as a real network must: on
 * one machine every connection comes from 127.0.0.1); the requesters' results endpoint is the demo's own, plain on loopback.
 */
public final class DemoNetwork {

    public record Requester(String ods, String name, RequesterSetting setting, Integer routineQuotaPerDay) {
    }

    /** A lab of the network: its identity, what its accessions start with, and the requesters it serves. */
    public record Member(String ods, String name, String accessionPrefix, List<Requester> requesters) {

        public String certificate() {
            return "pathguard-" + ods.toLowerCase(Locale.ROOT);
        }
    }

    public static final Member HOME = new Member("RJ1", "Guy's and St Thomas' pathology", "GS", List.of(
            new Requester("RJ101", "St Thomas' emergency department", RequesterSetting.ED, null),
            new Requester("RJ122", "St Thomas' acute medical ward", RequesterSetting.WARD, null),
            new Requester("G85001", "Borough surgery", RequesterSetting.GP, 3),
            new Requester("G85013", "Walworth health centre", RequesterSetting.GP, null),
            new Requester("G85026", "Bermondsey medical practice", RequesterSetting.GP, null)));
    public static final Member PARTNER_B = new Member("RYJ", "Imperial College Healthcare pathology", "IC", List.of(
            new Requester("RYJ01", "St Mary's emergency department", RequesterSetting.ED, null),
            new Requester("RYJ12", "Hammersmith renal ward", RequesterSetting.WARD, null),
            new Requester("G83005", "Paddington green practice", RequesterSetting.GP, null)));
    public static final Member PARTNER_C = new Member("RJZ", "King's College Hospital pathology", "KC", List.of(
            new Requester("RJZ01", "King's emergency department", RequesterSetting.ED, null),
            new Requester("RJZ14", "Denmark Hill surgical ward", RequesterSetting.WARD, null),
            new Requester("G84002", "Camberwell surgery", RequesterSetting.GP, null)));
    public static final List<Member> LABS = List.of(HOME, PARTNER_B, PARTNER_C);

    public static final String ROUTER = "pathguard-router";
    /** The name each lab registers the router under as an HL7 sender. */
    static final String ROUTER_SENDER = "network-router";
    public static final String ORDER_COMMS = "demo-order-comms";
    public static final String LOOPBACK = "127.0.0.1";

    /**
     * The mutual aid when A falls: B and C perform the common tests for A's requesters, up to so many a day per priority,
     * reporting within their turnaround, specimens reaching them within their transport time. Critical capacity is small
     * on purpose, so triage sends the later ones to the next partner.
     */
    public static final List<MutualAid> MUTUAL_AID = List.of(
            new MutualAid(HOME.ods(), PARTNER_B.ods(), List.of("COAG", "CRP", "FBC", "GRP", "LFT", "TROP", "UE"),
                    Map.of(Priority.CRITICAL, 6, Priority.URGENT, 40, Priority.ROUTINE, 20),
                    Map.of(Priority.CRITICAL, 45, Priority.URGENT, 180, Priority.ROUTINE, 1440), 10),
            new MutualAid(HOME.ods(), PARTNER_C.ods(), List.of("BONE", "COAG", "CRP", "FBC", "LFT", "TFT", "TROP", "UE"),
                    Map.of(Priority.CRITICAL, 40, Priority.URGENT, 30, Priority.ROUTINE, 0),
                    Map.of(Priority.CRITICAL, 40, Priority.URGENT, 200), 15));

    private static final Actor NETWORK_ADMIN = new Actor("network.admin", Actor.Role.ADMINISTRATOR, "PGNET", null);
    private static final Actor NETWORK_MANAGER = new Actor("network.manager", Actor.Role.NETWORK_MANAGER, "PGNET", null);
    private static final Actor SECOND_NETWORK_MANAGER = new Actor("network.manager2", Actor.Role.NETWORK_MANAGER, "PGNET", null);

    private DemoNetwork() {
    }

    /** The demo's network manager: who declares a lab down or back from the demo's console. */
    public static Actor networkManager() {
        return NETWORK_MANAGER;
    }

    /** Every requester of the network with the lab that serves it. */
    public static List<Map.Entry<Requester, Member>> requesters() {
        List<Map.Entry<Requester, Member>> all = new ArrayList<>();
        for (Member lab : LABS) {
            lab.requesters().forEach(r -> all.add(Map.entry(r, lab)));
        }
        return all;
    }

    /** The certificates, made once in {@code dir}; {@code direct} also lets the order communications talk to lab A itself. */
    public static NetworkCertificates certificates(Path dir, boolean direct) {
        List<String> parties = new ArrayList<>(List.of(ROUTER, ORDER_COMMS));
        List<NetworkCertificates.Trust> trusts = new ArrayList<>(List.of(new NetworkCertificates.Trust(ROUTER, ORDER_COMMS)));
        for (Member lab : LABS) {
            parties.add(lab.certificate());
            trusts.add(new NetworkCertificates.Trust(ROUTER, lab.certificate()));
        }
        if (direct) {
            trusts.add(new NetworkCertificates.Trust(ORDER_COMMS, HOME.certificate()));
        }
        return NetworkCertificates.ensure(dir, parties, trusts);
    }

    /** The router's settings: router mode, MLLP over TLS from the senders its directory knows by certificate. */
    public static List<String> routerSettings(NetworkCertificates certificates, int mllpPort) {
        List<String> settings = new ArrayList<>(List.of("--pathguard.mode=router", "--pathguard.router.facility=PGNET"));
        settings.addAll(tls(certificates.party(ROUTER), certificates.password(), mllpPort));
        return settings;
    }

    /** A lab's settings: its identity, MLLP over TLS (the router known by its certificate), its report queue on. */
    public static List<String> labSettings(Member lab, NetworkCertificates certificates, int mllpPort) {
        List<String> settings = new ArrayList<>(List.of("--pathguard.lab.ods-code=" + lab.ods(), "--pathguard.lab.name=" + lab.name(),
                "--pathguard.lab.accession-prefix=" + lab.accessionPrefix(), "--pathguard.outbound.enabled=true",
                // Back from an outage, a lab files its partners' results the router sends it (ADR 0035).
                "--pathguard.network.router-sender=" + ROUTER_SENDER));
        settings.addAll(tls(certificates.party(lab.certificate()), certificates.password(), mllpPort));
        return settings;
    }

    private static List<String> tls(NetworkCertificates.Party party, String password, int mllpPort) {
        return List.of("--pathguard.mllp.enabled=true", "--pathguard.mllp.port=" + mllpPort, "--pathguard.mllp.bind-address=" + LOOPBACK,
                "--pathguard.mllp.plain=false",
                "--pathguard.mllp.tls.key-store=" + party.keyStore(), "--pathguard.mllp.tls.key-store-password=" + password,
                "--pathguard.mllp.tls.trust-store=" + party.trustStore(), "--pathguard.mllp.tls.trust-store-password=" + password,
                "--pathguard.outbound.tls.key-store=" + party.keyStore(), "--pathguard.outbound.tls.key-store-password=" + password,
                "--pathguard.outbound.tls.trust-store=" + party.trustStore(), "--pathguard.outbound.tls.trust-store-password=" + password);
    }

    /**
     * Introduces everyone. Only what differs from what is in force is proposed and approved again (after a restart on
     * other ports, say), so a second start changes nothing it need not. {@code labs} in the order of {@link #LABS}.
     */
    public static void introduce(ApplicationContext router, List<? extends ApplicationContext> labs, int endpointPort) {
        introduce(router, labs, endpointPort, MUTUAL_AID);
    }

    /** As {@link #introduce(ApplicationContext, List, int)}, with other mutual-aid agreements (the benchmark's). */
    public static void introduce(ApplicationContext router, List<? extends ApplicationContext> labs, int endpointPort,
                                 List<MutualAid> mutualAid) {
        int routerPort = router.getBean(MllpListener.class).port();
        NetworkDirectory directory = router.getBean(NetworkDirectory.class);
        Hl7Senders routerSenders = router.getBean(Hl7Senders.class);
        routerSenders.configure(NETWORK_ADMIN, new Hl7Sender("order-comms", ORDER_COMMS, null,
                requesters().stream().map(e -> e.getKey().ods()).toList(), List.of()));
        for (int i = 0; i < LABS.size(); i++) {
            Member lab = LABS.get(i);
            NetworkLab wanted = new NetworkLab(lab.ods(), lab.name(), LOOPBACK, labs.get(i).getBean(MllpListener.class).port(), true,
                    "PATHGUARD", lab.ods());
            if (directory.labs(NETWORK_MANAGER).stream().map(LabStatus::lab).noneMatch(wanted::equals)) {
                approve(directory, directory.proposeLab(NETWORK_MANAGER, wanted));
            }
            // Any lab of the network may be a partner one day: its results for routed orders come to the router.
            routerSenders.configure(NETWORK_ADMIN, new Hl7Sender("lab-" + lab.ods().toLowerCase(Locale.ROOT), lab.certificate(), null,
                    List.of(), List.of(), lab.ods(), List.of()));
        }
        for (Map.Entry<Requester, Member> e : requesters()) {
            Requester r = e.getKey();
            NetworkRequester wanted = new NetworkRequester(r.ods(), r.name(), r.setting(), e.getValue().ods(), LOOPBACK, endpointPort,
                    false, r.routineQuotaPerDay());
            if (!directory.requesters(NETWORK_MANAGER).contains(wanted)) {
                approve(directory, directory.proposeRequester(NETWORK_MANAGER, wanted));
            }
        }
        for (MutualAid agreement : mutualAid) {
            if (!directory.mutualAid(NETWORK_MANAGER).contains(agreement)) {
                approve(directory, directory.proposeMutualAid(NETWORK_MANAGER, agreement));
            }
        }
        for (int i = 0; i < LABS.size(); i++) {
            introduceLab(LABS.get(i), labs.get(i), routerPort, endpointPort, mutualAid);
        }
    }

    /**
     * Lets the order communications send {@code lab}'s requesters' orders straight to the lab, as before there was a
     * router: what the benchmark compares the router with.
     */
    public static void letOrderCommsSendTo(Member lab, ApplicationContext context) {
        context.getBean(Hl7Senders.class).configure(new Actor("lab.admin", Actor.Role.ADMINISTRATOR, lab.ods(), null),
                new Hl7Sender("order-comms", ORDER_COMMS, null, lab.requesters().stream().map(Requester::ods).toList(), List.of()));
    }

    private static void approve(NetworkDirectory directory, DirectoryProposal proposal) {
        directory.decide(SECOND_NETWORK_MANAGER, proposal.id(), true, "Agreed at the network board");
    }

    /** At one lab: the router as an HL7 sender, and the routes of the requesters whose results it sends. */
    private static void introduceLab(Member lab, ApplicationContext context, int routerPort, int endpointPort, List<MutualAid> mutualAid) {
        Actor admin = new Actor("lab.admin", Actor.Role.ADMINISTRATOR, lab.ods(), null);
        Actor manager = new Actor("lab.manager", Actor.Role.LAB_MANAGER, lab.ods(), null);
        Actor second = new Actor("lab.manager2", Actor.Role.LAB_MANAGER, lab.ods(), null);
        List<String> fallen = new ArrayList<>();
        for (MutualAid agreement : mutualAid) {
            if (agreement.partner().equals(lab.ods())) {
                LABS.stream().filter(m -> m.ods().equals(agreement.homeLab())).findFirst().orElseThrow()
                        .requesters().forEach(r -> fallen.add(r.ods()));
            }
        }
        List<String> ordersFor = new ArrayList<>(lab.requesters().stream().map(Requester::ods).toList());
        ordersFor.addAll(fallen);
        context.getBean(Hl7Senders.class).configure(admin, new Hl7Sender(ROUTER_SENDER, ROUTER, null, ordersFor, List.of()));
        Routes routes = context.getBean(Routes.class);
        routes.allow(admin, LOOPBACK, endpointPort);
        routes.allow(admin, LOOPBACK, routerPort);
        List<Route> wanted = new ArrayList<>();
        lab.requesters().forEach(r -> wanted.add(new Route(r.ods(), LOOPBACK, endpointPort, "ORDERCOMMS", r.ods(), false)));
        fallen.forEach(ods -> wanted.add(new Route(ods, LOOPBACK, routerPort, "PATHGUARD", "PGNET", true)));
        List<Route> inForce = routes.routes(manager);
        for (Route route : wanted) {
            if (!inForce.contains(route)) {
                RouteProposal proposal = routes.propose(manager, route);
                routes.decide(second, proposal.id(), true, "Network agreement: results go where the network directory says");
            }
        }
    }
}
