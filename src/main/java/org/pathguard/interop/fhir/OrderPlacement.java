package org.pathguard.interop.fhir;

import org.pathguard.access.Actor;
import org.pathguard.eventlog.EventLog;
import org.pathguard.lab.Conflict;
import org.pathguard.order.LabOrder;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Component;

/**
 * Appends a prepared order (and its patient's registration) as one commit, and answers with the order as prepared: the
 * append either committed those events or threw, so nothing needs reading back.
 */
@Component
class OrderPlacement {

    private final EventLog log;

    OrderPlacement(EventLog log) {
        this.log = log;
    }

    LabOrder place(Actor actor, OrderIntake.Intake order) {
        try {
            log.append(actor.logName(), order.events());
        } catch (DuplicateKeyException race) {
            throw new Conflict("The patient, placer order number or a barcode was recorded by another request at the same moment; nothing was recorded from this one");
        }
        return order.order();
    }
}
