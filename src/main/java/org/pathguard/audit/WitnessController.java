package org.pathguard.audit;

import org.pathguard.access.Actor;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * This lab as a witness for partner labs' logs (C2SP tlog-witness add-checkpoint): a checkpoint
 * signed by a configured partner key is kept only if a consistency proof shows it extends the last
 * one kept for that log. Anyone may post; only the partner's signature and a valid proof count.
 */
@RestController
class WitnessController {

    private static final MediaType TLOG_SIZE = MediaType.parseMediaType("text/x.tlog.size");

    private final JdbcTemplate jdbc;
    private final LogSigner signer;
    private final Checkpoints checkpoints;
    private final Witnesses witnesses;
    private final List<CheckpointKey> partners = new ArrayList<>();

    WitnessController(JdbcTemplate jdbc, LogSigner signer, Checkpoints checkpoints, Witnesses witnesses,
                      @Value("${pathguard.witness.logs:}") List<String> partnerKeyFiles) {
        this.jdbc = jdbc;
        this.signer = signer;
        this.checkpoints = checkpoints;
        this.witnesses = witnesses;
        for (String file : partnerKeyFiles) {
            if (!file.isBlank()) {
                try {
                    partners.add(CheckpointKey.fromJson(Files.readString(Path.of(file))));
                } catch (IOException e) {
                    throw new UncheckedIOException("Cannot read the partner lab's checkpoint key " + file, e);
                }
            }
        }
    }

    @PostMapping(path = Witnesses.ADD_CHECKPOINT, consumes = MediaType.ALL_VALUE)
    synchronized ResponseEntity<?> addCheckpoint(@RequestBody String request) {
        int blank = request.indexOf("\n\n");
        String[] head = blank < 0 ? new String[0] : request.substring(0, blank).split("\n");
        if (head.length == 0 || !head[0].startsWith("old ")) {
            return refuse(HttpStatus.BAD_REQUEST, "Send 'old N', the consistency proof lines, a blank line and the signed checkpoint");
        }
        Checkpoint checkpoint = null;
        for (CheckpointKey partner : partners) {
            try {
                checkpoint = Checkpoint.open(request.substring(blank + 2), partner);
                break;
            } catch (IllegalArgumentException notThisPartner) {
                // Try the next partner's key.
            }
        }
        if (checkpoint == null) {
            return refuse(HttpStatus.FORBIDDEN, "This checkpoint is not signed by a log this lab witnesses");
        }
        long old;
        List<byte[]> proof = new ArrayList<>();
        try {
            old = Long.parseLong(head[0].substring(4).strip());
            for (int i = 1; i < head.length; i++) {
                proof.add(Base64.getDecoder().decode(head[i]));
            }
        } catch (IllegalArgumentException e) {
            return refuse(HttpStatus.BAD_REQUEST, "The old size or a proof line cannot be read: " + e.getMessage());
        }
        List<Object[]> latest = jdbc.query("select tree_size, root_hash from witnessed_checkpoint where origin = ? order by tree_size desc limit 1",
                (rs, n) -> new Object[]{rs.getLong(1), rs.getBytes(2)}, checkpoint.origin());
        long held = latest.isEmpty() ? 0 : (long) latest.getFirst()[0];
        if (old != held) {
            return ResponseEntity.status(HttpStatus.CONFLICT).contentType(TLOG_SIZE).body(held + "\n");
        }
        if (held > 0 && !MerkleTree.verifyConsistency(held, checkpoint.treeSize(), (byte[]) latest.getFirst()[1],
                checkpoint.rootHash(), proof)) {
            return refuse(HttpStatus.UNPROCESSABLE_CONTENT, "Checkpoint " + checkpoint.treeSize() + " of " + checkpoint.origin()
                    + " does not extend the checkpoint of size " + held + " this lab witnessed: its history was rewritten");
        }
        if (checkpoint.treeSize() > held) {
            jdbc.update("insert into witnessed_checkpoint (origin, tree_size, root_hash, note, received_at) values (?, ?, ?, ?, ?)",
                    checkpoint.origin(), checkpoint.treeSize(), checkpoint.rootHash(), checkpoint.note(), Timestamp.from(Instant.now()));
        }
        // The cosignature: this lab's own signature line over the checkpoint it now vouches for.
        String cosigned = signer.sign(SignedNote.parse(checkpoint.note()).body());
        return ResponseEntity.ok().contentType(MediaType.TEXT_PLAIN).body(cosigned.substring(cosigned.lastIndexOf("\n\n") + 2));
    }

    record WitnessStatus(String latestCheckpoint, List<String> targets, Map<String, String> refusals) {
    }

    /** For the security team: the latest checkpoint, where it goes, and any witness that refused one. */
    @GetMapping("/api/audit/witnesses")
    WitnessStatus witnesses(Actor actor) {
        actor.require(Actor.Role.AUDITOR);
        return new WitnessStatus(checkpoints.latest().map(Checkpoint::note).orElse(null), witnesses.targets(), witnesses.refusals());
    }

    private static ResponseEntity<ProblemDetail> refuse(HttpStatus status, String detail) {
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(ProblemDetail.forStatusAndDetail(status, detail));
    }
}
