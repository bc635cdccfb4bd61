package org.pathguard.cli;

import org.pathguard.access.Accounts;
import org.pathguard.access.Actor;
import org.pathguard.access.ForbiddenAction;
import org.pathguard.audit.CheckpointKey;
import org.pathguard.lab.LabTime;
import org.pathguard.posture.EvidencePack;
import org.pathguard.posture.OutcomeStatus;
import org.pathguard.posture.Posture;
import org.pathguard.posture.PostureMapping;
import org.pathguard.posture.PostureReport;
import org.pathguard.posture.Rating;
import org.pathguard.posture.Reading;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "posture", mixinStandardHelpOptions = true,
        description = "The lab's security posture against the Cyber Assessment Framework (the DSPT's outcomes PathGuard bears on), "
                + "from the live data directory like 'verify'. Exit code 0 when every outcome is achieved, 1 when any is not "
                + "(partly or at all), 2 when refused.",
        subcommands = PostureCommand.VerifyPack.class)
final class PostureCommand implements Callable<Integer> {

    private static final DateTimeFormatter MOMENT = DateTimeFormatter.ofPattern("d MMM yyyy HH:mm", Locale.UK).withZone(LabTime.ZONE);

    @Mixin
    StoreOptions store;

    @Option(names = "--by", paramLabel = "USERNAME",
            description = "Act as this lab manager's or privacy officer's account (named in the pack's event); default: the console (SYSTEM)")
    String by;

    @Option(names = "--pack", paramLabel = "FILE", description = "Also write the signed evidence pack (zip) to FILE")
    Path pack;

    @Option(names = "--mapping", description = "Print the indicators' mapping to CAF outcomes (docs/posture.md) and nothing else")
    boolean mapping;

    @Override
    public Integer call() throws IOException {
        try (var context = PathGuardCommand.start(store, null)) {
            Posture posture = context.getBean(Posture.class);
            if (mapping) {
                System.out.print(PostureMapping.markdown(posture.indicators()));
                return 0;
            }
            Actor actor = Actor.SYSTEM;
            if (by != null) {
                Accounts.Account account = context.getBean(Accounts.class).list().stream()
                        .filter(a -> a.username().equals(by) && a.usable(Instant.now())).findFirst().orElse(null);
                if (account == null) {
                    System.err.println("No usable account " + by);
                    return 2;
                }
                actor = new Actor(account.username(), account.role(), account.organisation(), null);
            }
            try {
                PostureReport report = posture.report(actor);
                print(report);
                if (pack != null) {
                    EvidencePack made = posture.evidencePack(actor);
                    Files.write(pack, made.zip());
                    System.out.println("Evidence pack written to " + pack.toAbsolutePath().normalize()
                            + "; check it with: pathguard posture verify-pack " + pack + " --public-key checkpoint-public.json");
                }
                return report.outcomes().stream().allMatch(o -> o.rating() == Rating.ACHIEVED) ? 0 : 1;
            } catch (ForbiddenAction refused) {
                System.err.println(refused.getMessage());
                return 2;
            }
        }
    }

    private static void print(PostureReport report) {
        System.out.println("Security posture at " + MOMENT.format(report.takenAt()) + " (UK time)");
        for (OutcomeStatus outcome : report.outcomes()) {
            System.out.println();
            System.out.println(outcome.outcome().code() + " " + outcome.outcome().title() + ": " + words(outcome.rating()));
            for (Reading r : outcome.readings()) {
                System.out.println("  [" + words(r.rating()) + "] " + r.indicator().id() + " (" + r.indicator().kind().name().toLowerCase(Locale.ROOT)
                        + "): " + r.finding());
            }
        }
        long achieved = report.outcomes().stream().filter(o -> o.rating() == Rating.ACHIEVED).count();
        System.out.println();
        System.out.println(achieved + " of " + report.outcomes().size() + " outcomes achieved");
    }

    private static String words(Rating rating) {
        return rating.name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }

    @Command(name = "verify-pack", mixinStandardHelpOptions = true,
            description = "Check an evidence pack offline with only the lab's public checkpoint key: VALID (exit 0) or INVALID (exit 1).")
    static final class VerifyPack implements Callable<Integer> {

        @Parameters(paramLabel = "FILE", description = "The evidence pack (zip)")
        Path file;

        @Option(names = "--public-key", required = true, description = "The lab's checkpoint-public.json")
        Path publicKey;

        @Override
        public Integer call() throws IOException {
            CheckpointKey key = CheckpointKey.fromJson(Files.readString(publicKey));
            try {
                System.out.println("VALID: " + EvidencePack.check(Files.readAllBytes(file), key));
                return 0;
            } catch (IllegalArgumentException e) {
                System.out.println("INVALID: " + file + ": " + e.getMessage());
                return 1;
            }
        }
    }
}
