package org.pathguard.cli;

import org.pathguard.crypto.KeyEscrow;
import org.pathguard.crypto.KeyStoreSettings;
import org.pathguard.crypto.Keyring;
import org.pathguard.crypto.MasterRewrap;
import org.pathguard.eventlog.EventLog;
import org.pathguard.keys.KeyRotated;
import org.pathguard.keys.KeyRotations;
import org.pathguard.writeonce.WriteOnceStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "keys", mixinStandardHelpOptions = true, description = "The lab's keys: rotate them (server stopped).",
        subcommands = {KeysCommand.Rotate.class})
final class KeysCommand {

    enum Which {
        data, index, master, checkpoint
    }

    @Command(name = "rotate", mixinStandardHelpOptions = true, description = """
            Rotate one of the lab's keys, with the server stopped (ADR 0049). Old keys stay, so nothing becomes unreadable.
              data        a new data key seals new writes; the projections' sealed columns are sealed again under it
                          (the event log is never re-encrypted: its hash chain covers the ciphertext)
              index       a new blind-index key; every blind index is recomputed (one transaction)
              checkpoint  a new Ed25519 key signs new checkpoints; checkpoint-public.json keeps the old public keys
              master      the keysets are rewrapped under a new master key: a new key file, or the passphrase in
                          PATHGUARD_NEW_MASTER_PASSPHRASE (then start the server with it as PATHGUARD_MASTER_PASSPHRASE)""")
    static final class Rotate implements Callable<Integer> {

        @Mixin
        StoreOptions store;

        @Parameters(index = "0", description = "data, index, master or checkpoint")
        Which which;

        @Option(names = "--operator", defaultValue = "${sys:user.name}", description = "Who is rotating, for the lab's record (default: ${DEFAULT-VALUE})")
        String operator;

        @Option(names = "--key-escrow", description = "Escrow the rotated keys here (where the backups escrow them)")
        String keyEscrow;

        @Option(names = "--recovery-public-key", description = "The recovery public key the escrow is wrapped to")
        Path recoveryPublicKey;

        @Override
        public Integer call() throws Exception {
            if ((keyEscrow == null) != (recoveryPublicKey == null)) {
                System.err.println("Give both --key-escrow and --recovery-public-key, or neither.");
                return 2;
            }
            Path postgres = store.dataDir.toAbsolutePath().normalize().resolve("postgres");
            if ((store.dbUrl == null || store.dbUrl.isBlank()) && Files.exists(postgres.resolve("postmaster.pid"))) {
                // A running server keeps the keys it opened: rotating under it would split the lab between two keys.
                System.err.println("REFUSED: the lab's database in " + postgres + " is running (or was not shut down cleanly):"
                        + " stop the server first (start and stop it once after a crash). The keys are as they were.");
                return 1;
            }
            char[] passphrase = System.getenv().getOrDefault("PATHGUARD_MASTER_PASSPHRASE", "").toCharArray();
            KeyStoreSettings settings = new KeyStoreSettings(store.keyDirectory(), store.kmsKeyUri, passphrase);
            // This command rebuilds the projections under the new key itself: it starts where the lab would refuse to.
            List<String> spring = new ArrayList<>(List.of("--pathguard.keys.index-key-check=false"));
            String keyset = which.name().toUpperCase();
            String newKeyId;
            String note;
            try {
                if (which == Which.master) {
                    char[] next = System.getenv().getOrDefault("PATHGUARD_NEW_MASTER_PASSPHRASE", "").toCharArray();
                    newKeyId = MasterRewrap.rewrap(settings, next).name();
                    // This command's own context opens the keys with the new master key.
                    spring.add("--PATHGUARD_MASTER_PASSPHRASE=" + new String(next));
                    note = "every keyset rewrapped under a new master " + (next.length == 0 ? "key file" : "passphrase");
                } else {
                    Keyring.Kind kind = Keyring.Kind.valueOf(keyset);
                    newKeyId = Keyring.rotate(settings, kind);
                    note = switch (kind) {
                        case DATA -> "new writes sealed under the new key; projections sealed again";
                        case INDEX -> "every blind index recomputed under the new key";
                        case CHECKPOINT -> "new checkpoints signed by the new key; the public keyset keeps the old keys";
                    };
                }
            } catch (IllegalStateException refused) {
                System.err.println("REFUSED: " + refused.getMessage() + ". The keys are as they were.");
                return 1;
            }
            System.out.println("Rotated the " + which + " key: new key " + newKeyId + " in " + store.keyDirectory());
            try (var context = PathGuardCommand.start(store, null, spring.toArray(String[]::new))) {
                if (which == Which.data || which == Which.index) {
                    // Replaying the log into every projection seals each column and computes each blind index with the
                    // new primary key, in one transaction. The rotation is recorded only after it commits: if it fails
                    // (or the power does), the lab refuses to start on indexes made with the old key until
                    // ./pathguard rebuild finishes it and records the rotation; rotating again would add another key.
                    long events = context.getBean(EventLog.class).rebuild();
                    System.out.println("Projections rebuilt from " + events + " events under the new key.");
                }
                context.getBean(KeyRotations.class).recordRotation(new KeyRotated(keyset, newKeyId, operator, note));
                Keyring keyring = context.getBean(Keyring.class);
                if (keyEscrow != null) {
                    try (WriteOnceStore escrow = WriteOnceStore.open(keyEscrow)) {
                        String name = KeyEscrow.escrow(escrow, keyring, Files.readString(recoveryPublicKey), Instant.now());
                        System.out.println("Escrowed the rotated keys in " + escrow.location() + " as " + name + ".");
                    }
                } else {
                    System.out.println("Not escrowed here: the server escrows the rotated keys when it next starts with"
                            + " --backup-repo (or give --key-escrow and --recovery-public-key).");
                }
            }
            if (which == Which.checkpoint) {
                System.out.println("Hand the new " + store.keyDirectory().resolve("checkpoint-public.json")
                        + " (old and new public keys) to every witness that checks this lab's checkpoints (--witness-for).");
            }
            if (which == Which.master) {
                System.out.println("Start the server with " + ("PASSPHRASE".equals(newKeyId)
                        ? "PATHGUARD_MASTER_PASSPHRASE set to the new passphrase." : "PATHGUARD_MASTER_PASSPHRASE unset (the new key file)."));
            }
            return 0;
        }
    }
}
