package org.pathguard.cli;

import org.pathguard.PathGuardApplication;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.util.ArrayList;
import java.util.List;

/** The {@code pathguard} command: every way to run PathGuard starts here. */
@Command(name = "pathguard", mixinStandardHelpOptions = true, version = "PathGuard 0.1.0",
        description = "Pathology laboratory information system on an encrypted, hash-chained event log.",
        subcommands = {DemoCommand.class, ServeCommand.class, RouterCommand.class, VerifyCommand.class, RebuildCommand.class,
                BenchCommand.class, InterfacesCommand.class, AdminCommand.class,
                AuditCommand.class, BackupCommand.class, RestoreCommand.class, DrillCommand.class, KeysCommand.class, NetworkCommand.class, BreachCommand.class,
                PostureCommand.class})
public final class PathGuardCommand {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs a command line and returns its exit code; server commands return when the server stops. */
    public static int run(String... args) {
        return new CommandLine(new PathGuardCommand()).execute(args);
    }

    static ConfigurableApplicationContext start(StoreOptions store, Integer port, String... extra) {
        return start(store, port, null, extra);
    }

    /**
     * As {@link #start(StoreOptions, Integer, String...)}, with the lab's records stamped by {@code clock} (a benchmark's
     * stepped clock laying weeks of the past into the log) instead of the system's; null for the system's.
     */
    static ConfigurableApplicationContext start(StoreOptions store, Integer port, java.time.InstantSource clock, String... extra) {
        SpringApplication app = new SpringApplication(PathGuardApplication.class);
        if (clock != null) {
            app.addInitializers(context -> ((org.springframework.context.support.GenericApplicationContext) context).registerBean(
                    "steppedClock", java.time.InstantSource.class, () -> clock, definition -> definition.setPrimary(true)));
        }
        app.setWebApplicationType(port == null ? WebApplicationType.NONE : WebApplicationType.SERVLET);
        List<String> args = new ArrayList<>(store.springArguments());
        if (port != null) {
            args.add("--server.port=" + port);
        } else {
            // One-shot commands print their own answer; only warnings and errors are logged.
            args.add("--logging.level.root=WARN");
        }
        args.addAll(List.of(extra));
        return app.run(args.toArray(String[]::new));
    }

    /** Blocks until the application context is closed (Ctrl-C or SIGTERM close it through Spring's hook). */
    static void awaitShutdown(ConfigurableApplicationContext context) throws InterruptedException {
        var closed = new java.util.concurrent.CountDownLatch(1);
        context.addApplicationListener(event -> {
            if (event instanceof org.springframework.context.event.ContextClosedEvent) {
                closed.countDown();
            }
        });
        closed.await();
    }
}
