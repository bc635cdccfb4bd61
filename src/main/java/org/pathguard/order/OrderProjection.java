package org.pathguard.order;

import org.pathguard.crypto.FieldCipher;
import org.pathguard.eventlog.Projection;
import org.pathguard.eventlog.ProjectionWriter;
import org.pathguard.eventlog.RecordedEvent;
import org.pathguard.patient.PatientsMerged;
import org.pathguard.lab.Conflict;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

@Component
class OrderProjection implements Projection {

    private final FieldCipher cipher;

    OrderProjection(FieldCipher cipher) {
        this.cipher = cipher;
    }

    @Override
    public Set<String> eventTypes() {
        return Set.of("OrderPlaced", "TestAdded", "TestCancelled", "OrderCancelled", "PatientsMerged", "OrderDoneElsewhere");
    }

    @Override
    public List<String> tables() {
        return List.of("order_test", "lab_order");
    }

    @Override
    public void apply(RecordedEvent event, ProjectionWriter writer) {
        if (event.type().equals("TestCancelled")) {
            TestCancelled cancelled = event.payloadAs(TestCancelled.class);
            // Checked transition: a test is cancelled once, and only while it is still requested.
            if (writer.writeNow("update order_test set cancelled_at = ?, cancelled_by = ? where order_id = ? and test_code = ? "
                            + "and cancelled_at is null", Timestamp.from(cancelled.cancelledAt()), cancelled.cancelledBy(),
                    cancelled.orderId(), cancelled.testCode()) == 0) {
                throw new Conflict(cancelled.testCode() + " was cancelled by someone else a moment ago");
            }
            return;
        }
        if (event.type().equals("OrderCancelled")) {
            OrderCancelled cancelled = event.payloadAs(OrderCancelled.class);
            if (writer.writeNow("update lab_order set cancelled_at = ? where id = ? and cancelled_at is null",
                    Timestamp.from(cancelled.cancelledAt()), cancelled.orderId()) == 0) {
                throw new Conflict("The order was cancelled by someone else a moment ago");
            }
            return;
        }
        if (event.type().equals("OrderDoneElsewhere")) {
            // Reported by the partner: nothing here waits for it. Placed in the same append, so never received here.
            OrderDoneElsewhere done = event.payloadAs(OrderDoneElsewhere.class);
            if (writer.writeNow("""
                            update lab_order set performed_elsewhere = ?, partner_accession = ?, reported_at = ?
                            where id = ? and received_at is null and performed_elsewhere is null""",
                    done.partnerOds(), done.partnerAccession(), Timestamp.from(done.reportedAt()), done.orderId()) == 0) {
                throw new Conflict("The order was received here or filed from elsewhere a moment ago");
            }
            return;
        }
        if (event.type().equals("PatientsMerged")) {
            // The duplicate's orders, and so their specimens and reports, are the survivor's from now on.
            PatientsMerged merged = event.payloadAs(PatientsMerged.class);
            writer.write("update lab_order set patient_id = ? where patient_id = ?", merged.survivorId(), merged.duplicateId());
            return;
        }
        if (event.type().equals("TestAdded")) {
            TestAdded added = event.payloadAs(TestAdded.class);
            // When it was added: the sitrep counts an add-on as requested that day, not on the order's.
            writer.write("insert into order_test (order_id, test_code, added_at) values (?, ?, ?)", added.orderId(), added.testCode(),
                    Timestamp.from(added.addedAt()));
            // The order is open again until a report including the added test is released (worklists, turnaround).
            writer.write("update lab_order set target_minutes = ?, reported_at = null where id = ?",
                    added.targetMinutes(), added.orderId());
            return;
        }
        OrderPlaced o = event.payloadAs(OrderPlaced.class);
        byte[] details = o.clinicalDetails() == null ? null
                : cipher.seal(o.clinicalDetails().getBytes(StandardCharsets.UTF_8), clinicalDetailsBinding(o.orderId()));
        writer.write("""
                        insert into lab_order (id, accession, patient_id, requester_ods, clinician, priority,
                            placer_order_number, clinical_details, placed_at, target_minutes)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                o.orderId(), o.accession(), o.patientId(), o.requesterOds(), o.clinician(), o.priority().name(),
                o.placerOrderNumber(), details, Timestamp.from(o.placedAt()), o.targetMinutes());
        for (String test : o.tests()) {
            writer.write("insert into order_test (order_id, test_code) values (?, ?)", o.orderId(), test);
        }
    }

    static String clinicalDetailsBinding(Object orderId) {
        return FieldCipher.field("lab_order", "clinical_details", orderId);
    }
}
