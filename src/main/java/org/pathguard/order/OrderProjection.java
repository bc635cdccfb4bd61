package org.pathguard.order;

import org.pathguard.crypto.FieldCipher;
import org.pathguard.eventlog.Projection;
import org.pathguard.eventlog.RecordedEvent;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

@Component
class OrderProjection implements Projection {

    private final JdbcClient db;
    private final FieldCipher cipher;

    OrderProjection(JdbcClient db, FieldCipher cipher) {
        this.db = db;
        this.cipher = cipher;
    }

    @Override
    public Set<String> eventTypes() {
        return Set.of("OrderPlaced");
    }

    @Override
    public List<String> tables() {
        return List.of("order_test", "lab_order");
    }

    @Override
    public void apply(RecordedEvent event) {
        OrderPlaced o = event.payloadAs(OrderPlaced.class);
        byte[] details = o.clinicalDetails() == null ? null
                : cipher.seal(o.clinicalDetails().getBytes(StandardCharsets.UTF_8), clinicalDetailsBinding(o.orderId()));
        db.sql("""
                        insert into lab_order (id, accession, patient_id, requester_ods, clinician, priority,
                            placer_order_number, clinical_details, placed_at, target_minutes)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(o.orderId(), o.accession(), o.patientId(), o.requesterOds(), o.clinician(), o.priority().name(),
                        o.placerOrderNumber(), details, Timestamp.from(o.placedAt()), o.targetMinutes())
                .update();
        for (String test : o.tests()) {
            db.sql("insert into order_test (order_id, test_code) values (?, ?)").params(o.orderId(), test).update();
        }
    }

    static String clinicalDetailsBinding(Object orderId) {
        return FieldCipher.field("lab_order", "clinical_details", orderId);
    }
}
