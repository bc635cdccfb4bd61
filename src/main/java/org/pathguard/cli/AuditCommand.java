package org.pathguard.cli;

import org.pathguard.audit.Checkpoint;
import org.pathguard.audit.CheckpointKey;
import org.pathguard.audit.Checkpoints;
import org.pathguard.audit.ConsistencyProof;
import org.pathguard.audit.InclusionProof;
import org.pathguard.audit.Witnesses;
import org.pathguard.writeonce.WriteOnceStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "audit", mixinStandardHelpOptions = true,
        description = "Signed checkpoints of the event log, proofs over them, and checking both offline.",
        subcommands = {AuditCommand.MakeCheckpoint.class, AuditCommand.Prove.class, AuditCommand.Consistency.class,
                AuditCommand.Check.class, AuditCommand.Compare.class})
final class AuditCommand {

    @Command(name = "checkpoint", mixinStandardHelpOptions = true, description = "Sign a checkpoint of the log now and print it.")
    static final class MakeCheckpoint implements Callable<Integer> {
        @Mixin
        StoreOptions store;

        @Override
        public Integer call() {
            try (var context = PathGuardCommand.start(store, null)) {
                Checkpoints checkpoints = context.getBean(Checkpoints.class);
                checkpoints.makeCheckpoints();
                System.out.print(checkpoints.latest().map(Checkpoint::note).orElse("The log is empty: nothing to checkpoint\n"));
                return 0;
            }
        }
    }

    @Command(name = "prove", mixinStandardHelpOptions = true,
            description = "Print an inclusion proof of the event at SEQ in a signed checkpoint (checked by 'audit check').")
    static final class Prove implements Callable<Integer> {
        @Mixin
        StoreOptions store;

        @Parameters(paramLabel = "SEQ", description = "The event's sequence number")
        long sequence;

        @Option(names = "--size", defaultValue = "0", description = "The checkpoint's tree size (default: the latest, made now if it does not cover SEQ)")
        long size;

        @Override
        public Integer call() {
            try (var context = PathGuardCommand.start(store, null)) {
                Checkpoints checkpoints = context.getBean(Checkpoints.class);
                if (size == 0 && checkpoints.latest().map(c -> c.treeSize() < sequence).orElse(true)) {
                    checkpoints.makeCheckpoints();
                }
                System.out.print(checkpoints.prove(sequence, size).toText());
                return 0;
            }
        }
    }

    @Command(name = "consistency", mixinStandardHelpOptions = true,
            description = "Print a consistency proof between two stored checkpoints (checked by 'audit check').")
    static final class Consistency implements Callable<Integer> {
        @Mixin
        StoreOptions store;

        @Parameters(index = "0", paramLabel = "OLDER", description = "The older checkpoint's tree size")
        long older;

        @Parameters(index = "1", paramLabel = "NEWER", defaultValue = "0", description = "The newer checkpoint's tree size (default: the latest)")
        long newer;

        @Override
        public Integer call() {
            try (var context = PathGuardCommand.start(store, null)) {
                System.out.print(context.getBean(Checkpoints.class).consistency(older, newer).toText());
                return 0;
            }
        }
    }

    @Command(name = "check", mixinStandardHelpOptions = true,
            description = "Check checkpoints and proofs offline, with only the lab's public key: no database, no other key.")
    static final class Check implements Callable<Integer> {
        @Option(names = "--public-key", required = true, description = "The lab's checkpoint-public.json")
        Path publicKey;

        @Parameters(paramLabel = "FILE", arity = "1..*", description = "Checkpoints, inclusion proofs or consistency proofs, or directories of checkpoints")
        List<Path> files;

        @Override
        public Integer call() throws Exception {
            CheckpointKey key = CheckpointKey.fromJson(Files.readString(publicKey));
            int failed = 0;
            for (Path file : files.stream().flatMap(AuditCommand::filesIn).toList()) {
                String text = Files.readString(file);
                try {
                    String what;
                    if (text.startsWith("pathguard inclusion proof")) {
                        what = InclusionProof.parse(text).check(key);
                    } else if (text.startsWith("pathguard consistency proof")) {
                        what = ConsistencyProof.parse(text).check(key);
                    } else {
                        Checkpoint c = Checkpoint.open(text, key);
                        what = "checkpoint of " + c.origin() + " at size " + c.treeSize() + " (root " + c.rootHex() + ") is signed by the lab";
                    }
                    System.out.println("OK      " + file + ": " + what);
                } catch (IllegalArgumentException e) {
                    failed++;
                    System.out.println("FAILED  " + file + ": " + e.getMessage());
                }
            }
            return failed == 0 ? 0 : 1;
        }
    }

    @Command(name = "compare", mixinStandardHelpOptions = true,
            description = "Compare the stored log with the checkpoints a directory witness holds: detects rewritten history.")
    static final class Compare implements Callable<Integer> {
        @Mixin
        StoreOptions store;

        @Option(names = "--witness", required = true, description = "The witness directory")
        String witness;

        @Override
        public Integer call() {
            try (var context = PathGuardCommand.start(store, null); WriteOnceStore held = WriteOnceStore.open(witness)) {
                List<String> mismatches = context.getBean(Witnesses.class).compareWith(held);
                if (mismatches.isEmpty()) {
                    System.out.println("OK: the stored log matches every checkpoint the witness " + held.location() + " holds");
                    return 0;
                }
                mismatches.forEach(m -> System.out.println("REWRITTEN: " + m));
                return 1;
            }
        }
    }

    private static java.util.stream.Stream<Path> filesIn(Path path) {
        try {
            return Files.isDirectory(path) ? Files.walk(path).filter(Files::isRegularFile).sorted().toList().stream() : java.util.stream.Stream.of(path);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
