package org.pathguard.cli;

import org.pathguard.access.Accounts;
import org.pathguard.access.Actor;
import org.pathguard.interop.hl7.Hl7Sender;
import org.pathguard.interop.hl7.Hl7Senders;
import org.pathguard.qc.Analyser;
import org.pathguard.qc.Analysers;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.List;
import java.util.concurrent.Callable;

/**
 * For whoever installs PathGuard: the first administrator, machine credentials, HL7 senders and the analysers behind
 * them, before the server starts.
 */
@Command(name = "admin", mixinStandardHelpOptions = true,
        description = "Create the first administrator, issue a machine credential, register an HL7 sender or an analyser (with the server stopped).",
        subcommands = {AdminCommand.FirstAdministrator.class, AdminCommand.Credential.class, AdminCommand.Hl7SenderEntry.class,
                AdminCommand.AnalyserEntry.class})
final class AdminCommand {

    @Command(name = "first-administrator", mixinStandardHelpOptions = true,
            description = "Create the first administrator and print their one-time enrolment link. Refused once an administrator exists.")
    static final class FirstAdministrator implements Callable<Integer> {
        @Mixin
        StoreOptions store;

        @Parameters(paramLabel = "USERNAME", description = "The administrator's username (lower case)")
        String username;

        @Option(names = "--organisation", defaultValue = "${env:PATHGUARD_LAB_ODS:-PGLAB}", description = "Their organisation's ODS code (default: ${DEFAULT-VALUE})")
        String organisation;

        @Option(names = "--server", defaultValue = "http://localhost:8080", description = "Where the server will answer (default: ${DEFAULT-VALUE})")
        String server;

        @Override
        public Integer call() {
            try (var context = PathGuardCommand.start(store, null)) {
                Accounts accounts = context.getBean(Accounts.class);
                if (accounts.list().stream().anyMatch(a -> a.role() == Actor.Role.ADMINISTRATOR && a.usable(java.time.Instant.now()))) {
                    System.err.println("An administrator exists already; they invite everyone else (POST /api/admin/accounts).");
                    return 1;
                }
                Accounts.Invitation i = accounts.invite(Actor.SYSTEM, username, Actor.Role.ADMINISTRATOR, organisation, null);
                System.out.printf("""
                        Administrator %s created. Their one-time enrolment link (valid until %s):

                          %s/api/enrolment/%s

                        Enrolment: GET /api/session for a CSRF token, POST .../authenticator for the QR code,
                        then POST the link with {"password": ..., "code": <current authenticator code>}.
                        """, i.username(), i.expires(), server, i.token());
                return 0;
            }
        }
    }

    @Command(name = "credential", mixinStandardHelpOptions = true,
            description = "Issue a machine credential (analyser, order communications, partner lab) and print its token once.")
    static final class Credential implements Callable<Integer> {
        @Mixin
        StoreOptions store;

        @Parameters(paramLabel = "NAME", description = "The machine's name, e.g. analyser.cobas-1")
        String name;

        @Option(names = "--organisation", required = true, description = "ODS code of the organisation the machine belongs to")
        String organisation;

        @Option(names = "--scopes", split = ",", required = true,
                description = "What it may send: orders, results, reception, interfaces (comma-separated)")
        List<String> scopes;

        @Override
        public Integer call() {
            try (var context = PathGuardCommand.start(store, null)) {
                Accounts.IssuedCredential c = context.getBean(Accounts.class).issueCredential(Actor.SYSTEM, name, organisation, scopes);
                System.out.printf("Credential %s (%s) for %s: send 'Authorization: Bearer %s'%nIt is shown only now.%n",
                        c.name(), String.join(",", scopes), organisation, c.token());
                return 0;
            }
        }
    }

    @Command(name = "hl7-sender", mixinStandardHelpOptions = true,
            description = "Register an HL7 sender (order communications, analyser, partner laboratory), change what it may send, or remove it. "
                    + "A running server's administrators use PUT /api/admin/hl7-senders/NAME.")
    static final class Hl7SenderEntry implements Callable<Integer> {
        @Mixin
        StoreOptions store;

        @Parameters(paramLabel = "NAME", description = "The sender's name, e.g. ordercomms.ice or analyser.cobas-1")
        String name;

        @Option(names = "--certificate", description = "Common name (CN) of its TLS client certificate")
        String certificate;

        @Option(names = "--address", description = "Its IP address, for plain MLLP (serve --mllp-plain)")
        String address;

        @Option(names = "--orders-for", split = ",", description = "ODS codes of the requesters it sends orders for (comma-separated)")
        List<String> requesters = List.of();

        @Option(names = "--results-for", split = ",", description = "Departments it sends results for, as the catalogue names them "
                + "(comma-separated, e.g. Haematology)")
        List<String> departments = List.of();

        @Option(names = "--partner-lab", description = "The ODS code of the partner laboratory this sender is (referrals between labs)")
        String partnerLab;

        @Option(names = "--referable-tests", split = ",", description = "Our catalogue codes of the tests the partner laboratory may "
                + "refer to us (comma-separated, e.g. TROP,UE); its --orders-for is then exactly its own ODS code")
        List<String> referableTests = List.of();

        @Option(names = "--remove", description = "Take the sender out of the directory: its messages are refused from now on")
        boolean remove;

        @Override
        public Integer call() {
            try (var context = PathGuardCommand.start(store, null)) {
                Hl7Senders senders = context.getBean(Hl7Senders.class);
                if (remove) {
                    senders.remove(Actor.SYSTEM, name);
                    System.out.printf("HL7 sender %s removed.%n", name);
                    return 0;
                }
                Hl7Sender s = senders.configure(Actor.SYSTEM, new Hl7Sender(name, certificate, address, requesters, departments,
                        partnerLab, referableTests));
                System.out.printf("HL7 sender %s, known by %s: orders for %s, results for %s%s.%n", s.name(),
                        s.certificate() != null ? "certificate CN=" + s.certificate() : "address " + s.address(),
                        s.requesters().isEmpty() ? "none" : String.join(",", s.requesters()),
                        s.departments().isEmpty() ? "none" : String.join(",", s.departments()),
                        s.partnerLab() == null ? "" : "; partner laboratory " + s.partnerLab() + " refers "
                                + (s.referableTests().isEmpty() ? "nothing" : String.join(",", s.referableTests())));
                return 0;
            } catch (RuntimeException refused) {
                System.err.println(refused.getMessage());
                return 1;
            }
        }
    }

    @Command(name = "analyser", mixinStandardHelpOptions = true,
            description = "Register an analyser (what it sends in OBX-18, or as its HL7 sending application) and the analytes it measures, "
                    + "so that its results are held when its QC fails. A running server's lab managers use PUT /api/qc/analysers/CODE.")
    static final class AnalyserEntry implements Callable<Integer> {
        @Mixin
        StoreOptions store;

        @Parameters(paramLabel = "CODE", description = "The analyser's code, e.g. COBAS-1")
        String code;

        @Option(names = "--name", required = true, description = "What the lab calls it, e.g. \"Cobas 8000 (bench 1)\"")
        String name;

        @Option(names = "--department", required = true, description = "Its department, as the catalogue names it, e.g. \"Clinical biochemistry\"")
        String department;

        @Option(names = "--analytes", required = true, split = ",", description = "Catalogue analyte codes it measures (comma-separated, e.g. NA,K)")
        List<String> analytes;

        @Override
        public Integer call() {
            try (var context = PathGuardCommand.start(store, null)) {
                Analyser a = context.getBean(Analysers.class).register(Actor.SYSTEM, new Analyser(code, name, department, analytes));
                System.out.printf("Analyser %s (%s, %s) measures %s.%n", a.code(), a.name(), a.department(), String.join(",", a.analytes()));
                return 0;
            } catch (RuntimeException refused) {
                System.err.println(refused.getMessage());
                return 1;
            }
        }
    }
}
