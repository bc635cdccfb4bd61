package org.pathguard;

import org.pathguard.access.Actor;
import org.pathguard.interop.hl7.Hl7Sender;
import org.pathguard.interop.hl7.Hl7Senders;
import org.pathguard.interop.hl7.MllpListener;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.util.FileSystemUtils;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;

/**
 * A whole PathGuard server of a test's own, on its own data directory, that the test can stop,
 * destroy and replace: what a drill needs and a shared test context cannot give.
 */
public final class StandaloneLab implements AutoCloseable {

    private final ConfigurableApplicationContext context;
    private final Path temporaryDirectory;

    private StandaloneLab(ConfigurableApplicationContext context, Path temporaryDirectory) {
        this.context = context;
        this.temporaryDirectory = temporaryDirectory;
    }

    public static StandaloneLab start(Path dataDir, String... settings) {
        return start(dataDir, null, settings);
    }

    /**
     * A lab on a new temporary data directory that {@link #close()} deletes: a whole suite of labs left behind would
     * fill the disk of the machine it runs on (each embedded PostgreSQL is tens of megabytes).
     */
    public static StandaloneLab startTemporary(String prefix, String... settings) throws IOException {
        Path dataDir = Files.createTempDirectory(prefix);
        try {
            StandaloneLab lab = start(dataDir, null, settings);
            return new StandaloneLab(lab.context, dataDir);
        } catch (RuntimeException failed) {
            FileSystemUtils.deleteRecursively(dataDir);
            throw failed;
        }
    }

    /**
     * A lab whose records are stamped by {@code clock} (a test's stepped clock, to run weeks of the past through the
     * real services) instead of the system's; null for the system's.
     */
    public static StandaloneLab start(Path dataDir, InstantSource clock, String... settings) {
        List<String> args = new ArrayList<>(List.of(
                "--pathguard.data-dir=" + dataDir, "--pathguard.key-dir=" + dataDir.resolve("keys"), "--pathguard.db-url=",
                "--server.port=0", "--pathguard.mllp.enabled=true", "--pathguard.mllp.port=0",
                "--pathguard.mllp.plain=true",
                "--pathguard.rate-limit.sign-ins-per-address-per-minute=100000",
                "--pathguard.rate-limit.calls-per-principal-per-minute=100000"));
        // A setting given here replaces the default of the same name: Spring would join two values with a comma.
        for (String setting : settings) {
            String name = setting.substring(0, setting.indexOf('=') + 1);
            args.removeIf(arg -> arg.startsWith(name));
            args.add(setting);
        }
        SpringApplication application = new SpringApplication(PathGuardApplication.class);
        if (clock != null) {
            application.addInitializers(context -> ((GenericApplicationContext) context).registerBean("steppedClock",
                    InstantSource.class, () -> clock, definition -> definition.setPrimary(true)));
        }
        return new StandaloneLab(application.run(args.toArray(String[]::new)), null);
    }

    public <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    /** Lets this lab hear HL7 from 127.0.0.1: orders for {@code requesters} and results for every department. */
    public StandaloneLab loopbackHl7Sender(String... requesters) {
        bean(Hl7Senders.class).configure(Actor.SYSTEM, new Hl7Sender("test.loopback", null, "127.0.0.1", List.of(requesters),
                List.of("Blood transfusion", "Clinical biochemistry", "Haematology")));
        return this;
    }

    public int port() {
        return Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
    }

    public int mllpPort() {
        return bean(MllpListener.class).port();
    }

    @Override
    public void close() {
        context.close();
        if (temporaryDirectory != null) {
            try {
                FileSystemUtils.deleteRecursively(temporaryDirectory);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
