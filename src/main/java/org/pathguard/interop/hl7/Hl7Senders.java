package org.pathguard.interop.hl7;

import org.pathguard.access.AccessAlertRaised;
import org.pathguard.access.Actor;
import org.pathguard.eventlog.EventLog;
import org.pathguard.eventlog.NewEvent;
import org.pathguard.lab.Catalogue;
import org.pathguard.lab.Conflict;
import org.pathguard.lab.LabRuleViolation;
import org.pathguard.lab.LabTest;
import org.pathguard.lab.NotFound;
import org.pathguard.lab.OdsCode;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The directory of HL7 senders, kept by the administrator: who may send over MLLP, known how, and what each
 * may send. A message from anyone not in it is refused before it is read. Every change is a notice to the
 * privacy officer, as other administrative acts are.
 */
@Service
public class Hl7Senders {

    private static final Pattern NAME = Pattern.compile("^[a-z0-9][a-z0-9._-]{1,63}$");
    private static final Pattern CERTIFICATE = Pattern.compile("^[A-Za-z0-9 .,'_@:-]{1,200}$");
    private static final Pattern ADDRESS = Pattern.compile("^[0-9A-Fa-f.:]{2,45}$");

    private final EventLog log;
    private final JdbcClient db;
    private final Catalogue catalogue;

    Hl7Senders(EventLog log, JdbcClient db, Catalogue catalogue) {
        this.log = log;
        this.db = db;
        this.catalogue = catalogue;
    }

    /** Registers a sender or replaces what it may send; an unchanged entry appends nothing. */
    public Hl7Sender configure(Actor by, Hl7Sender wanted) {
        by.require(Actor.Role.ADMINISTRATOR, Actor.Role.SYSTEM);
        Hl7Sender sender = checked(wanted);
        Optional<Hl7Sender> current = find("name", sender.name());
        if (current.isPresent() && current.get().equals(sender)) {
            return sender;
        }
        for (String[] identity : new String[][]{{"certificate", sender.certificate()}, {"address", sender.address()}}) {
            if (identity[1] != null) {
                find(identity[0], identity[1]).filter(other -> !other.name().equals(sender.name())).ifPresent(other -> {
                    throw new Conflict("The " + identity[0] + " " + identity[1] + " already identifies HL7 sender " + other.name()
                            + "; change or remove that one first");
                });
            }
        }
        log.append(by.logName(), NewEvent.of("hl7-sender:" + sender.name(), new Hl7SenderConfigured(sender.name(),
                        sender.certificate(), sender.address(), sender.requesters(), sender.departments(), sender.partnerLab(),
                        sender.referableTests())),
                NewEvent.of("access:" + by.name(), new AccessAlertRaised(by.name(), "HL7_SENDER_CHANGED", by.name()
                        + " let HL7 sender " + sender.name() + " (" + identity(sender) + ") send orders for " + sender.requesters()
                        + " and results for " + sender.departments() + (sender.partnerLab() == null ? ""
                        : "; let partner laboratory " + sender.partnerLab() + " refer tests " + sender.referableTests()))));
        return sender;
    }

    public void remove(Actor by, String name) {
        by.require(Actor.Role.ADMINISTRATOR, Actor.Role.SYSTEM);
        Hl7Sender sender = find("name", name).orElseThrow(() -> new NotFound("No HL7 sender named " + name));
        log.append(by.logName(), NewEvent.of("hl7-sender:" + name, new Hl7SenderRemoved(name)),
                NewEvent.of("access:" + by.name(), new AccessAlertRaised(by.name(), "HL7_SENDER_CHANGED", by.name()
                        + " removed HL7 sender " + name + " (" + identity(sender) + ")")));
    }

    public List<Hl7Sender> list(Actor by) {
        by.require(Actor.Role.ADMINISTRATOR, Actor.Role.SYSTEM);
        return db.sql("select * from hl7_sender order by name").query(Hl7Senders::sender).list();
    }

    /** The sender at the other end of a connection, if the directory knows it. */
    public Optional<Hl7Sender> identify(Hl7Sender.Peer peer) {
        return peer.certificate() != null ? find("certificate", peer.certificate())
                : peer.address() == null ? Optional.empty() : find("address", peer.address());
    }

    private Optional<Hl7Sender> find(String column, String value) {
        // The column is one of three names of ours, never input.
        return db.sql("select * from hl7_sender where " + column + " = ?").param(value).query(Hl7Senders::sender).optional();
    }

    private Hl7Sender checked(Hl7Sender s) {
        if (s.name() == null || !NAME.matcher(s.name()).matches()) {
            throw new LabRuleViolation("invalid-name", "An HL7 sender's name is 2-64 lower-case letters, digits, '.', '_' or '-' (e.g. analyser.cobas-1)");
        }
        String certificate = s.certificate() == null || s.certificate().isBlank() ? null : s.certificate().strip();
        String address = s.address() == null || s.address().isBlank() ? null : address(s.address().strip());
        if ((certificate == null) == (address == null)) {
            throw new LabRuleViolation("invalid-identity", "Name exactly one of certificate (the common name of the sender's TLS "
                    + "client certificate) or address (its IP address, for plain MLLP)");
        }
        if (certificate != null && !CERTIFICATE.matcher(certificate).matches()) {
            throw new LabRuleViolation("invalid-certificate", "certificate is the common name (CN) of the client certificate: "
                    + "up to 200 letters, digits, spaces and . , ' _ @ : -");
        }
        List<String> requesters = s.requesters().stream().map(ods -> OdsCode.parse(ods).value()).distinct().sorted().toList();
        List<String> known = catalogue.tests().stream().map(LabTest::department).distinct().sorted().toList();
        List<String> departments = new ArrayList<>();
        for (String d : s.departments()) {
            String department = known.stream().filter(k -> k.equalsIgnoreCase(d == null ? "" : d.strip())).findFirst()
                    .orElseThrow(() -> new LabRuleViolation("unknown-department", "Department '" + d + "' is not in the catalogue; "
                            + "departments are " + known));
            if (!departments.contains(department)) {
                departments.add(department);
            }
        }
        String partnerLab = s.partnerLab() == null || s.partnerLab().isBlank() ? null : partnerLab(s.partnerLab());
        List<String> referable = referableTests(partnerLab, requesters, s.referableTests());
        // A partner laboratory may send nothing but the results of tests this lab referred to it (network matches those).
        if (partnerLab == null && requesters.isEmpty() && departments.isEmpty()) {
            throw new LabRuleViolation("nothing-allowed", "Name what the sender may send: requesters (ODS codes it orders for) "
                    + "and/or departments (it sends results for)");
        }
        return new Hl7Sender(s.name(), certificate, address, requesters, departments.stream().sorted().toList(), partnerLab, referable);
    }

    private static String partnerLab(String written) {
        try {
            return OdsCode.parse(written).value();
        } catch (LabRuleViolation e) {
            throw new LabRuleViolation("invalid-partner-lab", "partnerLab is the partner laboratory's ODS code (3 to 6 letters or "
                    + "digits, e.g. RJ1); '" + written.strip() + "' is not one");
        }
    }

    /**
     * What a partner laboratory may refer: tests of our catalogue, ordered in its own name only. A referral's requester
     * is the referring laboratory, so its sender orders for exactly that ODS code and no hospital or practice besides.
     */
    private List<String> referableTests(String partnerLab, List<String> requesters, List<String> written) {
        List<String> tests = new ArrayList<>();
        for (String code : written) {
            String test = catalogue.test(code == null ? "" : code.strip().toUpperCase()).code();
            if (!tests.contains(test)) {
                tests.add(test);
            }
        }
        if (partnerLab == null) {
            if (!tests.isEmpty()) {
                throw new LabRuleViolation("not-a-partner-lab", "Only a partner laboratory refers tests: name its ODS code as partnerLab");
            }
            return List.of();
        }
        if (!requesters.isEmpty() && !requesters.equals(List.of(partnerLab))) {
            throw new LabRuleViolation("partner-lab-requesters", "Partner laboratory " + partnerLab + " orders only in its own name: "
                    + "its requesters are exactly [" + partnerLab + "], not " + requesters);
        }
        if (requesters.isEmpty() != tests.isEmpty()) {
            throw new LabRuleViolation("partner-lab-requesters", "Partner laboratory " + partnerLab + " refers tests to us when its "
                    + "requesters are [" + partnerLab + "] and its referableTests name the tests it may refer; give both or neither");
        }
        return tests.stream().sorted().toList();
    }

    /** An IP address literal, written as Java writes it, so that it matches the address a connection comes from. */
    private static String address(String written) {
        if (!ADDRESS.matcher(written).matches()) {
            throw new LabRuleViolation("invalid-address", "address must be an IP address (e.g. 10.20.30.40), not a host name");
        }
        try {
            return InetAddress.getByName(written).getHostAddress();
        } catch (UnknownHostException e) {
            throw new LabRuleViolation("invalid-address", "address must be an IP address (e.g. 10.20.30.40), not a host name");
        }
    }

    private static String identity(Hl7Sender s) {
        return s.certificate() != null ? "certificate CN=" + s.certificate() : "address " + s.address();
    }

    private static Hl7Sender sender(ResultSet rs, int n) throws SQLException {
        return new Hl7Sender(rs.getString("name"), rs.getString("certificate"), rs.getString("address"),
                List.of((String[]) rs.getArray("requesters").getArray()), List.of((String[]) rs.getArray("departments").getArray()),
                rs.getString("partner_lab"), List.of((String[]) rs.getArray("referable_tests").getArray()));
    }
}
