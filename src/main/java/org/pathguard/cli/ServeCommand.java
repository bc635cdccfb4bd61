package org.pathguard.cli;

import org.pathguard.interop.hl7.MllpListener;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

@Command(name = "serve", mixinStandardHelpOptions = true, description = "Run the PathGuard server on the configured database.")
final class ServeCommand implements Callable<Integer> {

    @Mixin
    StoreOptions store;

    @Mixin
    InterfaceOptions interfaces;

    @Mixin
    RecoveryOptions recovery;

    @Option(names = "--port", defaultValue = "8080", description = "HTTP port (default: ${DEFAULT-VALUE})")
    int port;

    @Override
    public Integer call() throws InterruptedException {
        var context = PathGuardCommand.start(store, port, java.util.stream.Stream.concat(interfaces.springArguments(false).stream(),
                recovery.springArguments(store.dataDir, false).stream()).toArray(String[]::new));
        System.out.println("PathGuard is serving on http://localhost:" + port + "/ (API under /api, OpenAPI at /v3/api-docs, FHIR R4 at /fhir)"
                + " and HL7 v2 over MLLP on port " + context.getBean(MllpListener.class).port());
        PathGuardCommand.awaitShutdown(context);
        return 0;
    }
}
