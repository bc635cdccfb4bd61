package org.pathguard.cli;

import org.pathguard.access.Actor;
import org.pathguard.patient.BreachIndexes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.concurrent.Callable;

@Command(name = "breach", mixinStandardHelpOptions = true,
        description = "Find the lab's patients in a leaked dump of files, by blind index, without decrypting the registry.",
        subcommands = {BreachCommand.Index.class, BreachScanCommand.class})
final class BreachCommand {

    @Command(name = "index", mixinStandardHelpOptions = true,
            description = "Make the blind indexes a breach scan matches by (family name with date of birth, family name with "
                    + "given name, hospital-number shapes) for patients registered before they existed. Run it once, with "
                    + "the server stopped; running it again indexes nobody.")
    static final class Index implements Callable<Integer> {
        @Mixin
        StoreOptions store;

        @Override
        public Integer call() {
            try (var context = PathGuardCommand.start(store, null)) {
                BreachIndexes.Built built = context.getBean(BreachIndexes.class).build(Actor.SYSTEM);
                System.out.printf("Indexed %d patients for breach matching (%d had their indexes already)%n",
                        built.indexed(), built.alreadyIndexed());
                if (built.shapes().isEmpty()) {
                    System.out.println("No hospital numbers in the registry: a scan looks for configured shapes only "
                            + "(pathguard.breach.hospital-number-shapes)");
                }
                built.shapes().forEach((shape, patients) ->
                        System.out.printf("Hospital-number shape %s: %d patients%n", shape, patients));
                return 0;
            }
        }
    }
}
