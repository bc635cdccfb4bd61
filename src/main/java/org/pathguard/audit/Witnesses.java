package org.pathguard.audit;

import org.pathguard.writeonce.WriteOnceStore;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Sends every new checkpoint to the configured witnesses: a directory (write-once, one file per
 * checkpoint) or a partner lab's witness endpoint, which checks it extends what it saw last. If
 * this lab's history is rewritten, the witnesses keep the checkpoints that prove it.
 */
@Component
public class Witnesses {

    private static final Logger log = LoggerFactory.getLogger(Witnesses.class);
    static final String ADD_CHECKPOINT = "/witness/add-checkpoint";

    private final Checkpoints checkpoints;
    private final List<String> targets;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<String, Long> witnessedSize = new ConcurrentHashMap<>();
    private final Map<String, String> refusals = new ConcurrentHashMap<>();
    private final Map<String, Witnessed> accepted = new ConcurrentHashMap<>();
    private final Map<String, Instant> failingSince = new ConcurrentHashMap<>();

    Witnesses(Checkpoints checkpoints, @Value("${pathguard.witness.targets:}") List<String> targets) {
        this.checkpoints = checkpoints;
        this.targets = targets.stream().filter(t -> !t.isBlank()).toList();
    }

    @EventListener
    void checkpointMade(Checkpoint checkpoint) {
        for (String target : targets) {
            try {
                if (target.startsWith("http://") || target.startsWith("https://")) {
                    sendToPartner(target, checkpoint);
                } else {
                    try (WriteOnceStore directory = WriteOnceStore.open(target)) {
                        directory.putOnce(fileName(checkpoint), checkpoint.note().getBytes(StandardCharsets.UTF_8));
                    }
                }
                refusals.remove(target);
                accepted.put(target, new Witnessed(checkpoint.treeSize(), checkpoint.time()));
                failingSince.remove(target);
            } catch (WitnessRefusal refusal) {
                refusals.put(target, refusal.getMessage());
                log.error("SECURITY: the witness {} refused checkpoint {}: {}", target, checkpoint.treeSize(), refusal.getMessage());
            } catch (IOException | RuntimeException e) {
                // A witness that cannot be reached gets the next checkpoint, with a proof from what it last saw.
                log.warn("The witness {} could not take checkpoint {}: {}", target, checkpoint.treeSize(), e.getMessage());
                failingSince.putIfAbsent(target, checkpoint.time());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    static String fileName(Checkpoint checkpoint) {
        return checkpoint.origin().replaceAll("[^A-Za-z0-9.-]", "_") + "/%012d.checkpoint".formatted(checkpoint.treeSize());
    }

    /** The witness's answer to a checkpoint that does not extend what it holds: the alarm. */
    static final class WitnessRefusal extends RuntimeException {
        WitnessRefusal(String message) {
            super(message);
        }
    }

    private void sendToPartner(String target, Checkpoint checkpoint) throws IOException, InterruptedException {
        long old = witnessedSize.getOrDefault(target, 0L);
        for (int attempt = 0; attempt < 2; attempt++) {
            if (old > checkpoint.treeSize()) {
                throw new WitnessRefusal("it has already witnessed a larger log (" + old + " events) than this checkpoint: history was rewritten or rolled back");
            }
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(target + ADD_CHECKPOINT))
                    .timeout(Duration.ofSeconds(30))
                    .POST(HttpRequest.BodyPublishers.ofString(request(old, checkpoint))).build(), HttpResponse.BodyHandlers.ofString());
            switch (answer.statusCode()) {
                case 200 -> {
                    witnessedSize.put(target, checkpoint.treeSize());
                    return;
                }
                // The witness holds another size (a restart, or a checkpoint it missed): prove from that one.
                case 409 -> old = Long.parseLong(answer.body().strip());
                case 422 -> throw new WitnessRefusal("this checkpoint does not extend the one it witnessed at size " + old
                        + ": history before it was rewritten (" + answer.body().strip() + ")");
                default -> throw new IOException("HTTP " + answer.statusCode() + ": " + answer.body().strip());
            }
        }
        throw new IOException("the witness kept changing its latest size");
    }

    /** C2SP tlog-witness add-checkpoint: "old N", the consistency proof from N, a blank line, the checkpoint. */
    private String request(long old, Checkpoint checkpoint) {
        StringBuilder body = new StringBuilder("old ").append(old).append('\n');
        if (old > 0) {
            checkpoints.consistencyPath(old, checkpoint.treeSize())
                    .forEach(hash -> body.append(Base64.getEncoder().encodeToString(hash)).append('\n'));
        }
        return body.append('\n').append(checkpoint.note()).toString();
    }

    public List<String> targets() {
        return targets;
    }

    /** Targets whose last answer was a refusal, with the reason: what the security team must look at. */
    public Map<String, String> refusals() {
        return Map.copyOf(refusals);
    }

    /** The latest checkpoint a witness took: its size and when it was made. */
    public record Witnessed(long treeSize, Instant checkpointMadeAt) {
    }

    /** The latest checkpoint each target took since this server started (none yet for a target absent here). */
    public Map<String, Witnessed> accepted() {
        return Map.copyOf(accepted);
    }

    /**
     * Targets that could not be reached, with when the first checkpoint they missed was made: how far behind each
     * is (it gets them all, by a consistency proof, once it answers again). A refusal is not here but in {@link #refusals()}.
     */
    public Map<String, Instant> failingSince() {
        return Map.copyOf(failingSince);
    }

    /**
     * Compares the stored log with every checkpoint a directory witness holds for this log;
     * returns one line per checkpoint that no longer matches (empty when history is intact).
     */
    public List<String> compareWith(WriteOnceStore witness) {
        List<String> mismatches = new ArrayList<>();
        Checkpoint latest = checkpoints.latest().orElseThrow(() -> new IllegalStateException("No checkpoint has been made yet"));
        String folder = fileName(latest).replaceAll("/[^/]*$", "/");
        long head = latest.treeSize();
        for (String name : witness.list(folder)) {
            Checkpoint witnessed = Checkpoint.open(new String(witness.read(name).orElseThrow(), StandardCharsets.UTF_8), checkpoints.key());
            if (witnessed.treeSize() > head) {
                mismatches.add("the witness holds a checkpoint of " + witnessed.treeSize() + " events; this log has only " + head
                        + " checkpointed: events were removed");
            } else if (!Arrays.equals(checkpoints.rootOfStoredLog(witnessed.treeSize()), witnessed.rootHash())) {
                mismatches.add("the first " + witnessed.treeSize() + " events no longer have the root the witness holds ("
                        + witnessed.rootHex() + "): history was rewritten");
            }
        }
        return mismatches;
    }
}
