package org.pathguard.audit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pathguard.Api;
import org.pathguard.StandaloneLab;
import org.pathguard.access.Accounts;
import org.pathguard.access.Actor;
import org.pathguard.cli.PathGuardCommand;
import org.pathguard.crypto.KeyStoreSettings;
import org.pathguard.crypto.Keyring;
import org.pathguard.demo.DemoDay;
import org.pathguard.eventlog.EventLog;
import org.pathguard.eventlog.HistoryRewrite;
import org.pathguard.writeonce.WriteOnceStore;
import org.springframework.jdbc.core.JdbcTemplate;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Witnesses catch rewritten history: an attacker with the database rewrites an old event and
 * recomputes the hash chain, so the chain alone verifies; the partner lab's witness refuses the
 * next checkpoint, and the directory witness's checkpoints no longer match the stored log.
 */
class WitnessTest {

    @TempDir
    Path root;

    @Test
    void historyRewrittenOnTheLabsOwnServerIsDetectedByItsWitnesses() throws Exception {
        Path labDir = root.resolve("lab");
        Path witnessDir = root.resolve("witness");
        Keyring.open(new KeyStoreSettings(labDir.resolve("keys"), null, null));
        Path labKey = labDir.resolve("keys").resolve("checkpoint-public.json");

        try (StandaloneLab partner = StandaloneLab.start(root.resolve("partner"), "--pathguard.lab.ods-code=RYJ",
                "--pathguard.witness.logs=" + labKey)) {
            String[] witnessed = {"--pathguard.witness.targets=" + witnessDir + ",http://localhost:" + partner.port()};
            JdbcTemplate partnerDb = partner.bean(JdbcTemplate.class);
            try (StandaloneLab lab = StandaloneLab.start(labDir, witnessed)) {
                lab.bean(DemoDay.class).seed(8, 11, 2);
                Checkpoints checkpoints = lab.bean(Checkpoints.class);
                Checkpoint first = checkpoints.makeCheckpoints().getLast();
                lab.bean(Accounts.class).createEnrolled(Actor.SYSTEM, "more.work", Actor.Role.SCIENTIST, "PGLAB");
                Checkpoint second = checkpoints.makeCheckpoints().getLast();

                assertThat(partnerDb.queryForList("select tree_size from witnessed_checkpoint order by tree_size", Long.class))
                        .containsExactly(first.treeSize(), second.treeSize());
                assertThat(lab.bean(Witnesses.class).refusals()).isEmpty();
                try (WriteOnceStore held = WriteOnceStore.open(witnessDir.toString())) {
                    assertThat(lab.bean(Witnesses.class).compareWith(held)).isEmpty();
                }
                proveAndCheckOffline(checkpoints, first, labKey);

                // The attack: hide who did something at sequence 5, and make the chain whole again.
                HistoryRewrite.changeActor(lab.bean(JdbcTemplate.class), 5, "someone-else");
                assertThat(lab.bean(EventLog.class).verify().intact()).as("the hash chain alone cannot tell").isTrue();
            }
            // The attacker restarts the server on the rewritten database; work goes on.
            try (StandaloneLab lab = StandaloneLab.start(labDir, witnessed)) {
                lab.bean(Accounts.class).createEnrolled(Actor.SYSTEM, "after.rewrite", Actor.Role.SCIENTIST, "PGLAB");
                Checkpoint third = lab.bean(Checkpoints.class).makeCheckpoints().getLast();

                assertThat(lab.bean(Witnesses.class).refusals()).hasSize(1).hasValueSatisfying(
                        new org.assertj.core.api.Condition<>(reason -> reason.contains("history before it was rewritten"), "a rewrite"));
                Accounts.Secrets auditor = lab.bean(Accounts.class).createEnrolled(Actor.SYSTEM, "privacy.officer", Actor.Role.AUDITOR, "PGLAB");
                String seen = Api.person(lab.port(), auditor.username(), auditor.password(), auditor.totpSecret())
                        .get("/api/audit/witnesses").body();
                assertThat(seen).as("the security team sees it").contains("http://localhost:" + partner.port(), "rewritten");
                assertThat(partnerDb.queryForObject("select max(tree_size) from witnessed_checkpoint", Long.class))
                        .as("the partner keeps the last honest checkpoint").isLessThan(third.treeSize());
                try (WriteOnceStore held = WriteOnceStore.open(witnessDir.toString())) {
                    List<String> mismatches = lab.bean(Witnesses.class).compareWith(held);
                    assertThat(mismatches).isNotEmpty().allSatisfy(m -> assertThat(m).contains("history was rewritten"));
                }
            }
            assertThat(PathGuardCommand.run("audit", "compare", "--witness", witnessDir.toString(), "--data-dir", labDir.toString()))
                    .as("the command says so too").isEqualTo(1);
        }
    }

    /** An inclusion proof and a consistency proof, written as files, check with the public key alone; altered, they fail. */
    private void proveAndCheckOffline(Checkpoints checkpoints, Checkpoint checkpoint, Path publicKey) throws Exception {
        Path inclusion = Files.writeString(root.resolve("inclusion.proof"), checkpoints.prove(7, checkpoint.treeSize()).toText());
        Path consistency = Files.writeString(root.resolve("consistency.proof"), checkpoints.consistency(checkpoint.treeSize(), 0).toText());
        assertThat(check(publicKey, inclusion, consistency)).contains("OK ", "event 7 is in the log").doesNotContain("FAILED");

        String proof = Files.readString(inclusion);
        Files.writeString(inclusion, proof.replace("sequence 7\n", "sequence 8\n"));
        String other = Files.readString(consistency);
        Files.writeString(consistency, other.replaceFirst("\n" + checkpoint.treeSize() + "\n", "\n" + (checkpoint.treeSize() - 1) + "\n"));
        assertThat(check(publicKey, inclusion)).contains("FAILED", "does not lead to the root");
        assertThat(check(publicKey, consistency)).contains("FAILED", "not signed");
    }

    private static String check(Path publicKey, Path... files) {
        PrintStream console = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try {
            String[] args = new String[files.length + 3];
            args[0] = "audit";
            args[1] = "check";
            args[2] = "--public-key=" + publicKey;
            for (int i = 0; i < files.length; i++) {
                args[i + 3] = files[i].toString();
            }
            int exit = PathGuardCommand.run(args);
            return "exit " + exit + "\n" + printed.toString(StandardCharsets.UTF_8);
        } finally {
            System.setOut(console);
        }
    }
}
