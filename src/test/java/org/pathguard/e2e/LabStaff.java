package org.pathguard.e2e;

import org.pathguard.Api;
import org.pathguard.access.SecondFactor;

import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The people a lab process needs to be configured as a real deployment is, through its own command line and API: the
 * first administrator (from {@code admin first-administrator}'s one-time link, before the first start), who invites two
 * lab managers; each enrols with a password and an authenticator, as a person does. The administrator registers HL7
 * senders, allows destinations and issues machine credentials; one lab manager proposes a route and the other approves
 * it (a route change needs a second person, ADR 0022). Their accounts are events, so a restored lab knows them again.
 */
public final class LabStaff {

    private static final Pattern ENROLMENT = Pattern.compile("/api/enrolment/([A-Za-z0-9_-]+)");
    private static final long STEP_SECONDS = 30;

    /** A person who can sign in: username, password and the secret of their authenticator. */
    public record Person(String username, String password, String totpSecret) {
    }

    /** The first administrator's one-time enrolment link, printed by the command line. */
    public record Invitation(String username, String token) {
    }

    private final String organisation;
    private final Person administrator;
    private final Person manager;
    private final Person secondManager;
    /** Each person's last authenticator time step: a step is accepted once, so a second sign-in waits for the next. */
    private final Map<String, Long> lastStep = new HashMap<>();
    /** Sign-ins per running process: a restarted or restored process is a new one, and its people sign in again. */
    private final Map<LabProcess, Map<String, Api>> sessions = new HashMap<>();

    /**
     * {@code ./pathguard admin first-administrator} on the lab's data directory, in a process of its own, before the
     * lab first starts (it opens the database the server would).
     */
    public static Invitation firstAdministrator(LabProcess.Launch launch, Path logDir) {
        String username = launch.name().toLowerCase().replaceAll("[^a-z0-9]", "") + ".admin";
        LabProcess.Run run = LabProcess.run(launch.settings(), logDir.resolve(launch.name() + "-first-administrator.log"),
                "admin", "first-administrator", username, "--organisation", launch.labOdsCode(),
                "--data-dir", launch.dataDir().toString());
        if (run.exitCode() != 0) {
            throw new AssertionError("admin first-administrator failed (" + run.log() + "):\n" + LabProcess.tail(run.output()));
        }
        return new Invitation(username, run.find(ENROLMENT));
    }

    /** Once the lab serves: the administrator enrols from the link and invites two lab managers, who enrol too. */
    public static LabStaff enrol(LabProcess lab, Invitation first) {
        String organisation = lab.launch().labOdsCode();
        String prefix = first.username().substring(0, first.username().indexOf('.'));
        return new LabStaff(organisation, enrol(lab, first.username(), first.token()), lab, prefix);
    }

    private LabStaff(String organisation, Person administrator, LabProcess lab, String prefix) {
        this.organisation = organisation;
        this.administrator = administrator;
        this.manager = invite(lab, prefix + ".manager", "LAB_MANAGER");
        this.secondManager = invite(lab, prefix + ".manager2", "LAB_MANAGER");
    }

    public Person administrator() {
        return administrator;
    }

    public Person manager() {
        return manager;
    }

    public Person secondManager() {
        return secondManager;
    }

    /** The person's session on this lab process, signed in with password and authenticator on first use. */
    public Api as(LabProcess lab, Person person) {
        Api session = sessions.computeIfAbsent(lab, l -> new HashMap<>()).get(person.username());
        return session != null ? session : signIn(lab, person);
    }

    /** A machine credential from the administrator (POST /api/admin/credentials): its token, shown only once. */
    public String credential(LabProcess lab, String name, String... scopes) {
        Api.Response issued = as(lab, administrator).post("/api/admin/credentials",
                Map.of("name", name, "organisation", organisation, "scopes", List.of(scopes)));
        expect(lab, issued, 201, "issue credential " + name);
        return issued.json().get("token").asString();
    }

    /**
     * Registers an HL7 sender (PUT /api/admin/hl7-senders/NAME) known by its address, for plain MLLP. {@code sender}
     * carries the rest as the API takes it: requesters (orders for), departments (results for), partnerLab,
     * referableTests.
     */
    public void hl7Sender(LabProcess lab, String name, String address, Map<String, Object> sender) {
        Map<String, Object> body = new HashMap<>(Map.of("address", address, "requesters", List.of(), "departments", List.of(),
                "referableTests", List.of()));
        body.putAll(sender);
        expect(lab, as(lab, administrator).put("/api/admin/hl7-senders/" + name, body), 200, "register HL7 sender " + name);
    }

    /** A requester's order communications at {@code address}, sending orders for {@code requesters}. */
    public void orderComms(LabProcess lab, String name, String address, String... requesters) {
        hl7Sender(lab, name, address, Map.of("requesters", List.of(requesters)));
    }

    /**
     * Sends {@code requesterOds}'s reports to {@code host:port} over plain MLLP, as a lab does it: the administrator
     * allows the destination, a lab manager proposes the route, the second lab manager approves it.
     */
    public void route(LabProcess lab, String requesterOds, String host, int port, String receivingApplication) {
        expect(lab, as(lab, administrator).post("/api/interfaces/destinations", Map.of("host", host, "port", port)), 201,
                "allow destination " + host + ":" + port);
        Api.Response proposed = as(lab, manager).put("/api/interfaces/routes/" + requesterOds, Map.of("host", host, "port", port,
                "receivingApplication", receivingApplication, "receivingFacility", requesterOds, "tls", false));
        expect(lab, proposed, 202, "propose the route for " + requesterOds);
        Api.Response decided = as(lab, secondManager).post("/api/interfaces/route-proposals/" + proposed.json().get("id").asString()
                + "/decision", Map.of("approve", true, "comment", "Order comms confirmed the endpoint by phone"));
        expect(lab, decided, 200, "approve the route for " + requesterOds);
    }

    /**
     * Another person of this organisation, invited by the administrator and enrolled: an AUTHORISER for held results,
     * a NETWORK_MANAGER at the router. Sign them in with {@link #as}.
     */
    public Person invite(LabProcess lab, String username, String role) {
        Api.Response invited = as(lab, administrator).post("/api/admin/accounts", Map.of("username", username, "role", role,
                "organisation", organisation));
        expect(lab, invited, 201, "invite " + username);
        String path = invited.json().get("enrolmentPath").asString();
        Person person = enrol(lab, username, path.substring(path.lastIndexOf('/') + 1));
        lastStep.put(username, step(Instant.now()));
        return person;
    }

    /** Enrolment as a person does it: the authenticator's secret from the QR step, then password and the current code. */
    private static Person enrol(LabProcess lab, String username, String token) {
        Api browser = lab.anonymous();
        Api withToken = browser.withHeader("X-CSRF-TOKEN", browser.get("/api/session").json().get("csrfToken").asString());
        Api.Response authenticator = withToken.post("/api/enrolment/" + token + "/authenticator", Map.of());
        expect(lab, authenticator, 200, "open " + username + "'s enrolment");
        String secret = authenticator.json().get("secret").asString();
        String password = Api.randomName(8).toLowerCase() + " kettle violin rota";
        Api.Response enrolled = withToken.post("/api/enrolment/" + token, Map.of("password", password,
                "code", SecondFactor.code(SecondFactor.fromBase32(secret), Instant.now())));
        expect(lab, enrolled, 200, "enrol " + username);
        return new Person(username, password, secret);
    }

    private Api signIn(LabProcess lab, Person person) {
        lastStep.putIfAbsent(person.username(), step(Instant.now()));
        // Api.person answers with the code of the next step; wait until that step is one this person has not used.
        while (step(Instant.now().plusSeconds(STEP_SECONDS + 1)) <= lastStep.get(person.username())) {
            pause();
        }
        Api session = Api.person(lab.httpPort(), person.username(), person.password(), person.totpSecret());
        lastStep.put(person.username(), step(Instant.now().plusSeconds(STEP_SECONDS)));
        sessions.computeIfAbsent(lab, l -> new HashMap<>()).put(person.username(), session);
        return session;
    }

    private static long step(Instant at) {
        return at.getEpochSecond() / STEP_SECONDS;
    }

    static void expect(LabProcess lab, Api.Response answer, int status, String what) {
        if (answer.status() != status) {
            throw new AssertionError(lab.name() + " answered " + answer.status() + " to " + what + ": " + answer.body()
                    + " (its log: " + lab.log() + ")");
        }
    }

    private static void pause() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
