package org.pathguard.interop.hl7;

import org.pathguard.access.Actor;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;
import java.util.UUID;

/** For interface engineers: the outbound queue with its dead letters. */
@RestController
class InterfaceController {

    private final Interfaces interfaces;

    InterfaceController(Interfaces interfaces) {
        this.interfaces = interfaces;
    }

    @GetMapping("/api/interfaces/outbound")
    List<OutboundMessage> outbound(Actor actor, @RequestParam(required = false) OutboundMessage.State state,
                                   @RequestParam(defaultValue = "100") int limit) {
        return interfaces.outbound(actor, state, limit);
    }

    @GetMapping("/api/interfaces/outbound/{id}")
    OutboundMessage message(Actor actor, @PathVariable UUID id) {
        return interfaces.message(actor, id);
    }

    @PostMapping("/api/interfaces/outbound/{id}/replay")
    OutboundMessage replay(Actor actor, @PathVariable UUID id) {
        return interfaces.replay(actor, id);
    }
}
