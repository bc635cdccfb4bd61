package org.pathguard.network;

import org.pathguard.access.Actor;
import org.pathguard.lab.LabRuleViolation;
import org.pathguard.lab.LabTime;
import org.pathguard.lab.Priority;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.time.InstantSource;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/** The referring side of the lab network: agreements with partners, referrals, the referred-out worklist and dispatches. */
@RestController
class NetworkController {

    private final Agreements agreements;
    private final Referrals referrals;
    private final Dispatches dispatches;
    private final InstantSource clock;

    NetworkController(Agreements agreements, Referrals referrals, Dispatches dispatches, InstantSource clock) {
        this.clock = clock;
        this.agreements = agreements;
        this.referrals = referrals;
        this.dispatches = dispatches;
    }

    record Ending(String reason) {
    }

    record ReferralRequest(String accession, String test, String partner, String capacityOverride) {
    }

    record BatchRequest(String test, String partner, String capacityOverride) {
    }

    record Cancellation(String reason) {
    }

    record DispatchRequest(String partner, List<UUID> referrals) {
    }

    /** A referral with its moves. */
    record ReferralView(Referral referral, List<Referrals.Transition> history) {
    }

    @PutMapping("/api/network/agreements/{ods}")
    Agreement setAgreement(Actor actor, @PathVariable String ods, @RequestBody Agreement agreement) {
        if (agreement == null) {
            throw new LabRuleViolation("missing-field", "The request body is the agreement");
        }
        return agreements.set(actor, new Agreement(ods, agreement.name(), agreement.endpoint(), agreement.tests(),
                agreement.dailyCapacity(), agreement.hours(), agreement.turnaroundMinutes(), agreement.transportMinutes(),
                agreement.contact()));
    }

    @GetMapping("/api/network/agreements")
    List<Agreement> agreements(Actor actor) {
        return agreements.agreements(actor);
    }

    @GetMapping("/api/network/agreements/{ods}")
    Agreement agreement(Actor actor, @PathVariable String ods) {
        return agreements.agreement(actor, ods);
    }

    @DeleteMapping("/api/network/agreements/{ods}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void endAgreement(Actor actor, @PathVariable String ods, @RequestBody(required = false) Ending ending) {
        agreements.end(actor, ods, ending == null ? null : ending.reason());
    }

    /** How much of the partner's agreed capacity is used today (or on {@code day}), per priority. */
    @GetMapping("/api/network/agreements/{ods}/capacity")
    List<Capacity> capacity(Actor actor, @PathVariable String ods, @RequestParam(required = false) LocalDate day) {
        LocalDate on = day == null ? LocalDate.ofInstant(clock.instant(), LabTime.ZONE) : day;
        return Arrays.stream(Priority.values()).map(p -> referrals.capacity(actor, ods, p, on)).toList();
    }

    @PostMapping("/api/network/referrals")
    ResponseEntity<Referral> refer(Actor actor, @RequestBody ReferralRequest r) {
        if (r == null) {
            throw new LabRuleViolation("missing-field", "The request body names accession, test and partner");
        }
        Referral referral = referrals.refer(actor, r.accession(), r.test(), r.partner(), r.capacityOverride());
        return ResponseEntity.created(URI.create("/api/network/referrals/" + referral.id())).body(referral);
    }

    @PostMapping("/api/network/referrals/batch")
    @ResponseStatus(HttpStatus.CREATED)
    List<Referral> referAll(Actor actor, @RequestBody BatchRequest r) {
        if (r == null) {
            throw new LabRuleViolation("missing-field", "The request body names test and partner");
        }
        return referrals.referAll(actor, r.test(), r.partner(), r.capacityOverride());
    }

    @GetMapping("/api/network/referrals")
    List<Referral> forOrder(Actor actor, @RequestParam String accession) {
        return referrals.forOrder(actor, accession);
    }

    @GetMapping("/api/network/referrals/{id}")
    ReferralView referral(Actor actor, @PathVariable UUID id) {
        return new ReferralView(referrals.referral(actor, id), referrals.history(actor, id));
    }

    @PostMapping("/api/network/referrals/{id}/cancel")
    Referral cancel(Actor actor, @PathVariable UUID id, @RequestBody(required = false) Cancellation c) {
        return referrals.cancel(actor, id, c == null ? null : c.reason());
    }

    /**
     * The "Referred out" worklist, overdue first then oldest, a page at a time: {@code offset} + {@code limit} (at most
     * 1000) reach every open referral, and {@code total} says how many match the filters.
     */
    @GetMapping("/api/network/referred-out")
    Referrals.WorklistPage worklist(Actor actor, @RequestParam(defaultValue = "0") int offset, @RequestParam(defaultValue = "100") int limit,
                                    @RequestParam(required = false) String partner, @RequestParam(required = false) String state,
                                    @RequestParam(defaultValue = "false") boolean overdue) {
        return referrals.worklist(actor, new Referrals.WorklistFilter(partner, state(state), overdue), offset, limit);
    }

    private static ReferralState state(String written) {
        if (written == null || written.isBlank()) {
            return null;
        }
        try {
            return ReferralState.valueOf(written.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException unknown) {
            throw new LabRuleViolation("invalid-state", "state must be one of " + Arrays.stream(ReferralState.values())
                    .filter(ReferralState::open).toList());
        }
    }

    @PostMapping("/api/network/dispatches")
    ResponseEntity<Dispatches.Dispatch> dispatch(Actor actor, @RequestBody DispatchRequest d) {
        if (d == null) {
            throw new LabRuleViolation("missing-field", "The request body names partner and referrals");
        }
        Dispatches.Dispatch box = dispatches.pack(actor, d.partner(), d.referrals());
        return ResponseEntity.created(URI.create("/api/network/dispatches/" + box.id())).body(box);
    }

    @GetMapping("/api/network/dispatches")
    List<Dispatches.Dispatch> dispatches(Actor actor, @RequestParam(required = false) String partner) {
        return dispatches.dispatches(actor, partner);
    }

    @GetMapping("/api/network/dispatches/{id}")
    Dispatches.Dispatch box(Actor actor, @PathVariable UUID id) {
        return dispatches.dispatch(actor, id);
    }

    @GetMapping("/api/network/dispatches/{id}/manifest")
    Dispatches.Manifest manifest(Actor actor, @PathVariable UUID id) {
        return dispatches.manifest(actor, id);
    }
}
