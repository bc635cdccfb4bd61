package org.pathguard.router;

import org.pathguard.lab.RequesterSetting;
import org.pathguard.access.AccessAlertRaised;
import org.pathguard.access.Actor;
import org.pathguard.access.ForbiddenAction;
import org.pathguard.eventlog.EventLog;
import org.pathguard.eventlog.NewEvent;
import org.pathguard.interop.hl7.OutboundMllp;
import org.pathguard.lab.Conflict;
import org.pathguard.lab.FreeText;
import org.pathguard.lab.LabRuleViolation;
import org.pathguard.lab.NotFound;
import org.pathguard.lab.OdsCode;
import org.pathguard.lab.Priority;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The network directory the router routes by: its labs, the requesters each serves, and the mutual-aid agreements
 * between labs. The directory decides where patient data flows when a lab falls, so no one person changes it: a network
 * manager proposes, another network manager or the privacy officer approves, and only then is it in force. The privacy
 * officer hears of every proposal and every change.
 */
@Service
@ConditionalOnProperty(name = "pathguard.mode", havingValue = "router")
public class NetworkDirectory {

    private static final Pattern HOST = Pattern.compile("^[A-Za-z0-9.-]{1,253}$");
    private static final Pattern HL7_NAME = Pattern.compile("^[A-Za-z0-9 ._-]{1,50}$");
    private static final Pattern TEST_CODE = Pattern.compile("^[A-Z0-9_-]{1,20}$");
    private static final int MOST_PER_DAY = 1_000_000;
    private static final int LONGEST_MINUTES = 7 * 24 * 60;

    /** Who sees the directory: the people who keep it or answer for a lab, the privacy officer and administrators. */
    static final Actor.Role[] READERS = {Actor.Role.NETWORK_MANAGER, Actor.Role.LAB_MANAGER, Actor.Role.AUDITOR,
            Actor.Role.ADMINISTRATOR, Actor.Role.SYSTEM};

    private final EventLog log;
    private final JdbcClient db;
    private final OutboundMllp outbound;

    NetworkDirectory(EventLog log, JdbcClient db, OutboundMllp outbound) {
        this.log = log;
        this.db = db;
        this.outbound = outbound;
    }

    /** Proposes a lab, or a change to one; in force only once a second person approves. */
    public DirectoryProposal proposeLab(Actor actor, NetworkLab lab) {
        return propose(actor, new DirectoryChange(checked(lab), null, null));
    }

    /** Proposes a requester (its home lab, results endpoint and routine quota), or a change to one. */
    public DirectoryProposal proposeRequester(Actor actor, NetworkRequester requester) {
        return propose(actor, new DirectoryChange(null, checked(requester), null));
    }

    /** Proposes a mutual-aid agreement between a home lab and a partner, or a change to one. */
    public DirectoryProposal proposeMutualAid(Actor actor, MutualAid agreement) {
        return propose(actor, new DirectoryChange(null, null, checked(agreement)));
    }

    private DirectoryProposal propose(Actor actor, DirectoryChange change) {
        actor.require(Actor.Role.NETWORK_MANAGER);
        requireConsistent(change);
        UUID id = UUID.randomUUID();
        log.append(actor.logName(), NewEvent.of("network-directory:" + change.subject(), new DirectoryChangeProposed(id, change)),
                NewEvent.of("access:" + actor.name(), new AccessAlertRaised(actor.name(), "NETWORK_DIRECTORY_PROPOSED",
                        actor.name() + " proposed " + describe(change) + "; it waits for a second person's approval")));
        return proposal(id);
    }

    /** The second person's decision, never the proposer's; one at a time, so a proposal is decided once. */
    public synchronized DirectoryProposal decide(Actor actor, UUID id, boolean approve, String comment) {
        actor.require(Actor.Role.NETWORK_MANAGER, Actor.Role.AUDITOR);
        DirectoryProposal proposal = proposal(id);
        if (actor.recorded(proposal.proposedBy())) {
            throw new ForbiddenAction("A change to the network directory needs a second person's approval: you proposed this one");
        }
        if (proposal.state() != DirectoryProposal.State.AWAITING_APPROVAL) {
            throw new Conflict("Directory change " + id + " is " + proposal.state() + "; only changes awaiting approval are decided");
        }
        String why = FreeText.note("comment", comment);
        DirectoryChange change = proposal.change();
        List<NewEvent> events = new ArrayList<>(List.of(NewEvent.of("network-directory:" + change.subject(),
                new DirectoryChangeDecided(id, approve, why))));
        if (approve) {
            // The directory may have changed since the proposal (a lab removed from a requester's reach, say).
            requireConsistent(change);
            events.add(NewEvent.of("network-directory:" + change.subject(), switch (change.kind()) {
                case LAB -> new NetworkLabSet(change.lab());
                case REQUESTER -> new NetworkRequesterSet(change.requester());
                case MUTUAL_AID -> new MutualAidSet(change.mutualAid());
            }));
            events.add(NewEvent.of("access:" + actor.name(), new AccessAlertRaised(actor.name(), "NETWORK_DIRECTORY_CHANGED",
                    actor.name() + " approved " + proposal.proposedBy() + "'s change: " + describe(change))));
        }
        log.append(actor.logName(), events);
        return proposal(id);
    }

    public List<LabStatus> labs(Actor actor) {
        actor.require(READERS);
        return db.sql("select * from router_lab order by ods").query(NetworkDirectory::status).list();
    }

    public LabStatus lab(Actor actor, String ods) {
        actor.require(READERS);
        return lab(ods).orElseThrow(() -> new NotFound("No lab " + ods + " in the network directory"));
    }

    public List<NetworkRequester> requesters(Actor actor) {
        actor.require(READERS);
        return db.sql("select * from router_requester order by ods").query(NetworkDirectory::requester).list();
    }

    public List<MutualAid> mutualAid(Actor actor) {
        actor.require(READERS);
        return db.sql("select * from router_mutual_aid order by home_lab, partner").query(NetworkDirectory::mutualAid).list();
    }

    /** Proposals, newest first. */
    public List<DirectoryProposal> proposals(Actor actor) {
        actor.require(READERS);
        return db.sql("select * from router_change order by proposed_at desc limit 500").query(NetworkDirectory::proposal).list();
    }

    public DirectoryProposal proposal(Actor actor, UUID id) {
        actor.require(READERS);
        return proposal(id);
    }

    Optional<LabStatus> lab(String ods) {
        return db.sql("select * from router_lab where ods = ?").param(ods).query(NetworkDirectory::status).optional();
    }

    Optional<NetworkRequester> requester(String ods) {
        return db.sql("select * from router_requester where ods = ?").param(ods).query(NetworkDirectory::requester).optional();
    }

    List<MutualAid> partnersOf(String homeLab) {
        return db.sql("select * from router_mutual_aid where home_lab = ? order by partner").param(homeLab)
                .query(NetworkDirectory::mutualAid).list();
    }

    private DirectoryProposal proposal(UUID id) {
        return db.sql("select * from router_change where id = ?").param(id).query(NetworkDirectory::proposal).optional()
                .orElseThrow(() -> new NotFound("No directory change with id " + id));
    }

    /** A requester's home lab and an agreement's two labs must be in the directory already. */
    private void requireConsistent(DirectoryChange change) {
        switch (change.kind()) {
            case LAB -> {
                if (change.lab().tls() && !outbound.tlsConfigured()) {
                    throw new LabRuleViolation("outbound-tls-not-configured", "The router has no client certificate for MLLP over "
                            + "TLS: the operator sets pathguard.outbound.tls.key-store and pathguard.outbound.tls.trust-store first");
                }
            }
            case REQUESTER -> {
                requireLab("homeLab", change.requester().homeLab());
                if (change.requester().resultsTls() && !outbound.tlsConfigured()) {
                    throw new LabRuleViolation("outbound-tls-not-configured", "The router has no client certificate for MLLP over "
                            + "TLS: the operator sets pathguard.outbound.tls.key-store and pathguard.outbound.tls.trust-store first");
                }
                if (lab(change.requester().ods()).isPresent()) {
                    throw new LabRuleViolation("requester-is-a-lab", change.requester().ods() + " is a lab of the network, not a requester");
                }
            }
            case MUTUAL_AID -> {
                requireLab("homeLab", change.mutualAid().homeLab());
                requireLab("partner", change.mutualAid().partner());
            }
        }
    }

    private void requireLab(String field, String ods) {
        if (lab(ods).isEmpty()) {
            throw new LabRuleViolation("unknown-lab", field + " " + ods + " is not a lab of the network directory; propose the lab first");
        }
    }

    private static NetworkLab checked(NetworkLab lab) {
        if (lab == null) {
            throw new LabRuleViolation("missing-field", "The request body is the lab");
        }
        return new NetworkLab(ods("ods", lab.ods()), FreeText.line("name", lab.name()), host("host", lab.host()),
                port("port", lab.port()), lab.tls(), hl7Name("receivingApplication", lab.receivingApplication()),
                hl7Name("receivingFacility", lab.receivingFacility()));
    }

    private static NetworkRequester checked(NetworkRequester r) {
        if (r == null) {
            throw new LabRuleViolation("missing-field", "The request body is the requester");
        }
        if (r.setting() == null) {
            throw new LabRuleViolation("missing-field", "setting is one of GP, ED, WARD, OUTPATIENTS");
        }
        Integer quota = r.routineQuotaPerDay();
        if (quota != null && (quota < 0 || quota > MOST_PER_DAY)) {
            throw new LabRuleViolation("invalid-quota", "routineQuotaPerDay is a number of requests a day from 0 to " + MOST_PER_DAY
                    + ", or empty for none (routine work then waits for the home lab)");
        }
        return new NetworkRequester(ods("ods", r.ods()), FreeText.line("name", r.name()), r.setting(), ods("homeLab", r.homeLab()),
                host("resultsHost", r.resultsHost()), port("resultsPort", r.resultsPort()), r.resultsTls(), quota);
    }

    private static MutualAid checked(MutualAid m) {
        if (m == null) {
            throw new LabRuleViolation("missing-field", "The request body is the mutual-aid agreement");
        }
        String home = ods("homeLab", m.homeLab());
        String partner = ods("partner", m.partner());
        if (home.equals(partner)) {
            throw new LabRuleViolation("same-lab", "A lab is not its own partner: homeLab and partner must differ");
        }
        List<String> tests = new ArrayList<>();
        for (String written : m.tests()) {
            String code = written == null ? "" : written.strip().toUpperCase(Locale.ROOT);
            if (!TEST_CODE.matcher(code).matches()) {
                throw new LabRuleViolation("invalid-test-code", "tests are the test codes the requesters order (OBR-4), 1 to 20 "
                        + "letters, digits, '-' or '_'; '" + written + "' is not one");
            }
            if (!tests.contains(code)) {
                tests.add(code);
            }
        }
        if (tests.isEmpty()) {
            throw new LabRuleViolation("no-tests", "Name the tests the partner performs for the home lab's requesters");
        }
        Map<Priority, Integer> capacity = new EnumMap<>(Priority.class);
        Map<Priority, Integer> turnaround = new EnumMap<>(Priority.class);
        for (Priority p : Priority.values()) {
            int perDay = m.dailyCapacity().getOrDefault(p, 0);
            if (perDay < 0 || perDay > MOST_PER_DAY) {
                throw new LabRuleViolation("invalid-capacity", "dailyCapacity." + p + " is a number of requests a day from 0 to " + MOST_PER_DAY);
            }
            Integer minutes = m.turnaroundMinutes().get(p);
            if (minutes != null && (minutes < 1 || minutes > LONGEST_MINUTES)) {
                throw new LabRuleViolation("invalid-turnaround", "turnaroundMinutes." + p + " is from 1 to " + LONGEST_MINUTES + " minutes");
            }
            if (perDay > 0 && minutes == null) {
                throw new LabRuleViolation("missing-turnaround", "turnaroundMinutes." + p + " is needed: the partner takes " + perDay
                        + " " + p + " requests a day, and triage must know how soon it reports them");
            }
            capacity.put(p, perDay);
            if (minutes != null) {
                turnaround.put(p, minutes);
            }
        }
        if (m.transportMinutes() < 0 || m.transportMinutes() > LONGEST_MINUTES) {
            throw new LabRuleViolation("invalid-transport", "transportMinutes is from 0 to " + LONGEST_MINUTES);
        }
        return new MutualAid(home, partner, tests.stream().sorted().toList(), capacity, turnaround, m.transportMinutes());
    }

    private static String ods(String field, String written) {
        try {
            return OdsCode.parse(written).value();
        } catch (LabRuleViolation e) {
            throw new LabRuleViolation("invalid-ods-code", field + " must be an ODS code (3 to 6 letters or digits, e.g. RJ1 or G85001)");
        }
    }

    private static String host(String field, String host) {
        if (host == null || !HOST.matcher(host.strip()).matches()) {
            throw new LabRuleViolation("invalid-host", field + " must be a host name or IP address");
        }
        return host.strip().toLowerCase(Locale.ROOT);
    }

    private static int port(String field, int port) {
        if (port < 1 || port > 65535) {
            throw new LabRuleViolation("invalid-port", field + " must be between 1 and 65535");
        }
        return port;
    }

    private static String hl7Name(String field, String name) {
        if (name == null || !HL7_NAME.matcher(name).matches()) {
            throw new LabRuleViolation("invalid-hl7-name", field + " (MSH-5 or MSH-6) must be 1 to 50 letters, digits, spaces, dots, "
                    + "hyphens or underscores");
        }
        return name;
    }

    private static String describe(DirectoryChange change) {
        return switch (change.kind()) {
            case LAB -> "lab " + change.lab().ods() + " (" + change.lab().name() + ") at " + change.lab().host() + ":"
                    + change.lab().port() + (change.lab().tls() ? " over TLS" : "");
            case REQUESTER -> "requester " + change.requester().ods() + " (" + change.requester().setting() + ") served by "
                    + change.requester().homeLab() + ", results to " + change.requester().resultsHost() + ":"
                    + change.requester().resultsPort() + (change.requester().routineQuotaPerDay() == null ? ""
                    : ", routine quota " + change.requester().routineQuotaPerDay() + " a day");
            case MUTUAL_AID -> "mutual aid: " + change.mutualAid().partner() + " performs " + change.mutualAid().tests() + " for "
                    + change.mutualAid().homeLab() + "'s requesters when it is down, up to " + change.mutualAid().dailyCapacity()
                    + " a day";
        };
    }

    static LabStatus status(ResultSet rs, int n) throws SQLException {
        return new LabStatus(new NetworkLab(rs.getString("ods"), rs.getString("name"), rs.getString("host"), rs.getInt("port"),
                rs.getBoolean("tls"), rs.getString("receiving_application"), rs.getString("receiving_facility")),
                LabState.valueOf(rs.getString("state")), instant(rs.getTimestamp("state_since")), rs.getString("state_reason"),
                (Integer) rs.getObject("drain_per_minute"), instant(rs.getTimestamp("unreachable_since")));
    }

    static NetworkRequester requester(ResultSet rs, int n) throws SQLException {
        return new NetworkRequester(rs.getString("ods"), rs.getString("name"), RequesterSetting.valueOf(rs.getString("setting")),
                rs.getString("home_lab"), rs.getString("results_host"), rs.getInt("results_port"), rs.getBoolean("results_tls"),
                (Integer) rs.getObject("routine_quota_per_day"));
    }

    static MutualAid mutualAid(ResultSet rs, int n) throws SQLException {
        Map<Priority, Integer> capacity = new EnumMap<>(Priority.class);
        Map<Priority, Integer> turnaround = new EnumMap<>(Priority.class);
        for (Priority p : Priority.values()) {
            String name = p.name().toLowerCase(Locale.ROOT);
            capacity.put(p, rs.getInt(name + "_per_day"));
            Integer minutes = (Integer) rs.getObject(name + "_minutes");
            if (minutes != null) {
                turnaround.put(p, minutes);
            }
        }
        return new MutualAid(rs.getString("home_lab"), rs.getString("partner"), List.of((String[]) rs.getArray("tests").getArray()),
                capacity, turnaround, rs.getInt("transport_minutes"));
    }

    private static DirectoryProposal proposal(ResultSet rs, int n) throws SQLException {
        return new DirectoryProposal(rs.getObject("id", UUID.class),
                DirectoryProjection.JSON.readValue(rs.getString("change"), DirectoryChange.class), rs.getString("proposed_by"),
                rs.getTimestamp("proposed_at").toInstant(), DirectoryProposal.State.valueOf(rs.getString("state")),
                rs.getString("decided_by"), instant(rs.getTimestamp("decided_at")), rs.getString("comment"));
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
