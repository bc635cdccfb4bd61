package org.pathguard.cli;

import org.pathguard.interop.hl7.MllpListener;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * The pathology network's router: the same application in router mode ({@code pathguard.mode=router}), on a data
 * directory, database, keys and event log of its own, run by the network outside any one lab.
 */
@Command(name = "router", mixinStandardHelpOptions = true, description = {
        "Run the pathology network's router: requesters send it their orders; it passes each to the requester's home lab, "
                + "and while a lab is down routes them to partner labs by clinical priority (docs/adr/0034-network-router.md).",
        "Defaults differ from serve: --data-dir ./pathguard-router, --port 8090, --mllp-port 2580."})
final class RouterCommand implements Callable<Integer> {

    static final Path DATA_DIR = Path.of("./pathguard-router");
    static final int MLLP_PORT = 2580;

    @Spec
    CommandSpec spec;

    @Mixin
    StoreOptions store;

    @Mixin
    InterfaceOptions interfaces;

    @Mixin
    RecoveryOptions recovery;

    @Option(names = "--port", defaultValue = "8090", description = "HTTP port (default: ${DEFAULT-VALUE})")
    int port;

    @Override
    public Integer call() throws InterruptedException {
        // The options are shared with serve; where the router's own default differs, it applies unless one was given.
        if (!spec.commandLine().getParseResult().hasMatchedOption("--data-dir")) {
            store.dataDir = DATA_DIR;
        }
        if (!spec.commandLine().getParseResult().hasMatchedOption("--mllp-port")) {
            interfaces.mllpPort = MLLP_PORT;
        }
        List<String> args = new ArrayList<>(List.of("--pathguard.mode=router"));
        args.addAll(interfaces.springArguments(false));
        args.addAll(recovery.springArguments(store.dataDir, false));
        var context = PathGuardCommand.start(store, port, args.toArray(String[]::new));
        System.out.println("PathGuard network router is serving on http://localhost:" + context.getEnvironment().getProperty("local.server.port")
                + "/ (API under /api/router) and HL7 v2 "
                + "over MLLP on port " + context.getBean(MllpListener.class).port());
        PathGuardCommand.awaitShutdown(context);
        return 0;
    }
}
