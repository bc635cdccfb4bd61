package org.pathguard.interop.hl7;

import org.pathguard.access.Actor;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/** For the administrator: the directory of HL7 senders. */
@RestController
class Hl7SenderController {

    private final Hl7Senders senders;

    Hl7SenderController(Hl7Senders senders) {
        this.senders = senders;
    }

    /** {@code partnerLab} (an ODS code) and {@code referableTests} only for a partner laboratory that refers tests to us. */
    record SenderRequest(String certificate, String address, List<String> requesters, List<String> departments,
                         String partnerLab, List<String> referableTests) {
    }

    @PutMapping("/api/admin/hl7-senders/{name}")
    Hl7Sender configure(Actor actor, @PathVariable String name, @RequestBody SenderRequest sender) {
        return senders.configure(actor, new Hl7Sender(name, sender.certificate(), sender.address(), sender.requesters(),
                sender.departments(), sender.partnerLab(), sender.referableTests()));
    }

    @GetMapping("/api/admin/hl7-senders")
    List<Hl7Sender> list(Actor actor) {
        return senders.list(actor);
    }

    @DeleteMapping("/api/admin/hl7-senders/{name}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void remove(Actor actor, @PathVariable String name) {
        senders.remove(actor, name);
    }
}
