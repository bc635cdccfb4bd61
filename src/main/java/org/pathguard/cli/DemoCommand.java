package org.pathguard.cli;

import org.pathguard.backup.BackupShipper;
import org.pathguard.demo.DemoDay;
import org.pathguard.demo.DemoIncident;
import org.pathguard.demo.DemoUsers;
import java.nio.file.Path;
import org.pathguard.demo.DemoSummary;
import org.pathguard.eventlog.ChainVerification;
import org.pathguard.eventlog.EventLog;
import org.pathguard.access.Actor;
import org.pathguard.interop.hl7.Hl7Sender;
import org.pathguard.interop.hl7.Hl7Senders;
import org.pathguard.interop.hl7.MllpListener;
import org.pathguard.lab.Catalogue;
import org.pathguard.lab.LabTest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Start on the embedded PostgreSQL with generated keys and a synthetic lab day, then keep serving.",
                "With --network: a network router and three labs on this machine (DATA-DIR/network), a day of orders through "
                        + "the router, and a console to declare a lab down and back."})
final class DemoCommand implements Callable<Integer> {

    @Mixin
    StoreOptions store;

    @Mixin
    InterfaceOptions interfaces;

    @Mixin
    RecoveryOptions recovery;

    @Option(names = "--port", defaultValue = "8080", description = "HTTP port (default: ${DEFAULT-VALUE})")
    int port;

    @Option(names = "--patients", defaultValue = "1000", description = "Synthetic patients to create (default: ${DEFAULT-VALUE})")
    int patients;

    @Option(names = "--seed", defaultValue = "2024", description = "Random seed of the synthetic day (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--exit", description = "Stop after seeding and printing the summary")
    boolean exit;

    @Option(names = "--network", description = "Run a small pathology network instead: the router and three labs, one JVM")
    boolean network;

    @Option(names = "--orders", defaultValue = "400", description = "With --network: orders in the synthetic day (default: ${DEFAULT-VALUE})")
    int orders;

    @Option(names = "--drain-per-minute", defaultValue = "600",
            description = "With --network --exit: the rate RJ1 sets when declared back (default: ${DEFAULT-VALUE})")
    int drainPerMinute;

    @Override
    public Integer call() throws Exception {
        if (network) {
            return new NetworkDemo(store.dataDir.resolve("network"), port, interfaces.mllpPort == 2575 ? RouterCommand.MLLP_PORT
                    : interfaces.mllpPort, orders, seed, drainPerMinute).run(exit);
        }
        var context = PathGuardCommand.start(store, port, java.util.stream.Stream.concat(interfaces.springArguments(true).stream(),
                recovery.springArguments(store.dataDir, true).stream()).toArray(String[]::new));
        DemoDay day = context.getBean(DemoDay.class);
        if (day.alreadySeeded()) {
            System.out.println("The data directory already holds a lab's work; keeping it (no new demo data).");
        } else {
            long started = System.nanoTime();
            day.seed(patients, seed, 8);
            System.out.printf("Seeded a synthetic day for %d patients in %.1f s through the lab's own services.%n",
                    patients, (System.nanoTime() - started) / 1e9);
            var incident = context.getBean(DemoIncident.class).declare();
            System.out.printf("Requesters' settings recorded; incident declared by %s and confirmed by %s, with the incident cell's "
                    + "figures for today: see the sitrep at /sitrep.%n", incident.declaredBy(), incident.confirmedBy());
        }
        String users = context.getBean(DemoUsers.class).ensure();
        // The benchmark and any local test tool send orders and results from loopback: one sender for both, on the demo only.
        context.getBean(Hl7Senders.class).configure(Actor.SYSTEM, new Hl7Sender("demo.loopback", null, "127.0.0.1",
                DemoDay.REQUESTERS, context.getBean(Catalogue.class).tests().stream().map(LabTest::department).distinct().toList()));
        ChainVerification chain = context.getBean(EventLog.class).verify();
        Map<String, Long> c = context.getBean(DemoSummary.class).counts();
        System.out.printf("""

                PathGuard demo
                  patients   %,d (NHS numbers from the 999 test range: test patients)
                  orders     %,d (critical %,d, urgent %,d, routine %,d); %,d reported
                  specimens  %,d received, %,d rejected, %,d awaited
                  results    %,d: %,d autoverified, %,d authorised by a scientist, %,d held for validation, %,d rejected for repeat
                  critical   %,d alerts open, %,d phoned and read back
                  reports    %,d issued
                  event log  %s
                  data       %s (keys in %s)
                """, c.get("patients"), c.get("orders"), c.get("orders.critical"), c.get("orders.urgent"),
                c.get("orders.routine"), c.get("orders.reported"), c.get("specimens.received"), c.get("specimens.rejected"),
                c.get("specimens.awaited"), c.get("results"), c.get("results.autoverified"), c.get("results.authorised"),
                c.get("results.held"), c.get("results.rejected"), c.get("critical.open"), c.get("critical.phoned"),
                c.get("reports"), chain.intact() ? "%,d events, chain verified, head %s".formatted(chain.eventCount(), chain.headHash())
                        : "CHAIN BROKEN at sequence " + chain.firstBadSequence(),
                context.getEnvironment().getProperty("pathguard.data-dir"), context.getEnvironment().getProperty("pathguard.key-dir"));
        if (exit) {
            context.close();
            return chain.intact() ? 0 : 1;
        }
        System.out.printf("""

                Serving on http://localhost:%d/  (OpenAPI description: http://localhost:%d/v3/api-docs, FHIR R4 at /fhir)
                HL7 v2 (MLLP) on 127.0.0.1 port %d: OML^O21 / ORM^O01 orders, ORU^R01 results, from HL7 sender
                demo.loopback (plain MLLP from 127.0.0.1 only; real senders use TLS client certificates)
                %s

                Demo users (also in %s; a demo convenience, real accounts start from enrolment links):
                %s
                Sign in from a browser at http://localhost:%d/ (the password, then the TOTP secret's current code),
                or through the API: GET /api/session (CSRF token), POST /api/session/password, POST /api/session/second-factor.
                Stop with Ctrl-C; the data stays in the data directory for the next start.
                """, port, port, context.getBean(MllpListener.class).port(),
                context.getBeanProvider(BackupShipper.class).stream().findFirst()
                        .map(b -> "Shipping the log to " + b.location() + " (./pathguard backup status --backup-repo " + b.location() + ")")
                        .orElse("No backups: start with --backup-repo DIR to ship the log as it is written (docs/recovery.md)"),
                Path.of(context.getEnvironment().getProperty("pathguard.data-dir"), "demo-users.txt"), users.indent(2), port);
        PathGuardCommand.awaitShutdown(context);
        return 0;
    }
}
