package org.pathguard.cli;

import org.pathguard.access.Accounts;
import org.pathguard.access.Actor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.List;
import java.util.concurrent.Callable;

/** For whoever installs PathGuard: the first administrator, and machine credentials, before the server starts. */
@Command(name = "admin", mixinStandardHelpOptions = true,
        description = "Create the first administrator or issue a machine credential (with the server stopped).",
        subcommands = {AdminCommand.FirstAdministrator.class, AdminCommand.Credential.class})
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
}
