package org.pathguard.demo;

import org.pathguard.access.Accounts;
import org.pathguard.access.Actor;
import org.pathguard.access.Scope;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/**
 * The demo's people, one per role, enrolled with generated passwords and authenticator secrets, and
 * one machine credential. The secrets are written (owner-readable only) to the data directory's
 * {@code demo-users.txt} so a newcomer can sign in after a restart: a demo convenience no real
 * installation has, since real accounts start from enrolment links.
 */
@Component
public class DemoUsers {

    /** The demo's GP practice: its clinician sees that practice's patients only. */
    public static final String DEMO_PRACTICE = "G85001";

    private final Accounts accounts;
    private final String labOds;
    private final Path file;

    DemoUsers(Accounts accounts, @Value("${pathguard.lab.ods-code}") String labOds, @Value("${pathguard.data-dir}") Path dataDir) {
        this.accounts = accounts;
        this.labOds = labOds;
        this.file = dataDir.resolve("demo-users.txt");
    }

    /** Creates the demo users once and returns the text that lists them with their secrets. */
    public String ensure() {
        if (Files.exists(file)) {
            return read();
        }
        List<String> lines = new ArrayList<>();
        lines.add(String.format("%-16s %-14s %-7s %-22s %s", "username", "role", "org", "password", "TOTP secret (add to an authenticator app, or: oathtool --totp -b SECRET)"));
        record Person(String username, Actor.Role role, String organisation) {
        }
        for (Person p : List.of(new Person("demo.gp", Actor.Role.REQUESTER, DEMO_PRACTICE),
                new Person("demo.bms", Actor.Role.SCIENTIST, labOds),
                new Person("demo.pathologist", Actor.Role.AUTHORISER, labOds),
                new Person("demo.manager", Actor.Role.LAB_MANAGER, labOds),
                new Person("demo.auditor", Actor.Role.AUDITOR, labOds),
                new Person("demo.admin", Actor.Role.ADMINISTRATOR, labOds))) {
            Accounts.Secrets s = accounts.createEnrolled(Actor.SYSTEM, p.username(), p.role(), p.organisation());
            lines.add(String.format("%-16s %-14s %-7s %-22s %s", s.username(), p.role(), p.organisation(), s.password(), s.totpSecret()));
        }
        Accounts.IssuedCredential analyser = accounts.issueCredential(Actor.SYSTEM, "demo.analyser", labOds,
                List.of(Scope.ORDERS, Scope.RESULTS, Scope.RECEPTION, Scope.INTERFACES));
        lines.add("");
        lines.add("machine credential demo.analyser (orders, results, reception, interfaces): Authorization: Bearer " + analyser.token());
        String text = String.join(System.lineSeparator(), lines) + System.lineSeparator();
        try {
            Files.writeString(file, text);
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text;
    }

    private String read() {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
