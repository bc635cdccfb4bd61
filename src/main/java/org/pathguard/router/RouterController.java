package org.pathguard.router;

import org.pathguard.access.Actor;
import org.pathguard.lab.LabRuleViolation;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.UUID;

/** The network router's API: the directory and its proposals, declarations of labs down and back, and the ledger. */
@RestController
@ConditionalOnProperty(name = "pathguard.mode", havingValue = "router")
class RouterController {

    private final NetworkDirectory directory;
    private final LabStates states;
    private final Ledger ledger;

    RouterController(NetworkDirectory directory, LabStates states, Ledger ledger) {
        this.directory = directory;
        this.states = states;
        this.ledger = ledger;
    }

    record Decision(Boolean approve, String comment) {
    }

    record Down(String reason) {
    }

    record Back(Integer drainPerMinute) {
    }

    @GetMapping("/api/router/labs")
    List<LabStatus> labs(Actor actor) {
        return directory.labs(actor);
    }

    @GetMapping("/api/router/requesters")
    List<NetworkRequester> requesters(Actor actor) {
        return directory.requesters(actor);
    }

    @GetMapping("/api/router/mutual-aid")
    List<MutualAid> mutualAid(Actor actor) {
        return directory.mutualAid(actor);
    }

    @GetMapping("/api/router/proposals")
    List<DirectoryProposal> proposals(Actor actor) {
        return directory.proposals(actor);
    }

    @PostMapping("/api/router/proposals/labs")
    DirectoryProposal proposeLab(Actor actor, @RequestBody NetworkLab lab) {
        return directory.proposeLab(actor, lab);
    }

    @PostMapping("/api/router/proposals/requesters")
    DirectoryProposal proposeRequester(Actor actor, @RequestBody NetworkRequester requester) {
        return directory.proposeRequester(actor, requester);
    }

    @PostMapping("/api/router/proposals/mutual-aid")
    DirectoryProposal proposeMutualAid(Actor actor, @RequestBody MutualAid agreement) {
        return directory.proposeMutualAid(actor, agreement);
    }

    @PostMapping("/api/router/proposals/{id}/decision")
    DirectoryProposal decide(Actor actor, @PathVariable UUID id, @RequestBody Decision decision) {
        if (decision == null || decision.approve() == null) {
            throw new LabRuleViolation("missing-field", "approve (true or false) is required");
        }
        return directory.decide(actor, id, decision.approve(), decision.comment());
    }

    @PostMapping("/api/router/labs/{ods}/down")
    LabStatus declareDown(Actor actor, @PathVariable String ods, @RequestBody Down down) {
        return states.declareDown(actor, ods, down == null ? null : down.reason());
    }

    @PostMapping("/api/router/labs/{ods}/back")
    LabStatus declareBack(Actor actor, @PathVariable String ods, @RequestBody Back back) {
        if (back == null || back.drainPerMinute() == null) {
            throw new LabRuleViolation("missing-field", "drainPerMinute is required: how many held orders a minute the lab takes");
        }
        return states.declareBack(actor, ods, back.drainPerMinute());
    }

    @GetMapping("/api/router/ledger")
    Ledger.Account ledger(Actor actor, @RequestParam String lab, @RequestParam String from, @RequestParam String to) {
        return ledger.ledger(actor, lab, instant("from", from), instant("to", to));
    }

    @GetMapping("/api/router/requesters/{ods}/orders.csv")
    ResponseEntity<String> requesterOrders(Actor actor, @PathVariable String ods) {
        return ResponseEntity.ok().contentType(new MediaType("text", "csv", java.nio.charset.StandardCharsets.UTF_8))
                .header("Content-Disposition", "attachment; filename=\"" + ods.replaceAll("[^A-Za-z0-9]", "") + "-orders.csv\"")
                .body(ledger.requesterCsv(actor, ods));
    }

    private static Instant instant(String field, String value) {
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new LabRuleViolation("invalid-time", field + " must be an instant such as 2026-12-07T00:00:00Z");
        }
    }
}
