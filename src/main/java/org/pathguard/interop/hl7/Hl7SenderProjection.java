package org.pathguard.interop.hl7;

import org.pathguard.eventlog.Projection;
import org.pathguard.eventlog.ProjectionWriter;
import org.pathguard.eventlog.RecordedEvent;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.util.List;
import java.util.Set;

/** The directory of HL7 senders, as the administrator's changes left it. */
@Component
class Hl7SenderProjection implements Projection {

    @Override
    public Set<String> eventTypes() {
        return Set.of("Hl7SenderConfigured", "Hl7SenderRemoved");
    }

    @Override
    public List<String> tables() {
        return List.of("hl7_sender");
    }

    @Override
    public void apply(RecordedEvent event, ProjectionWriter writer) {
        if (event.type().equals("Hl7SenderRemoved")) {
            writer.write("delete from hl7_sender where name = ?", event.payloadAs(Hl7SenderRemoved.class).name());
            return;
        }
        Hl7SenderConfigured s = event.payloadAs(Hl7SenderConfigured.class);
        writer.write("""
                        insert into hl7_sender (name, certificate, address, requesters, departments, partner_lab, referable_tests,
                            configured_at, configured_by)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?)
                        on conflict (name) do update set certificate = excluded.certificate, address = excluded.address,
                            requesters = excluded.requesters, departments = excluded.departments,
                            partner_lab = excluded.partner_lab, referable_tests = excluded.referable_tests,
                            configured_at = excluded.configured_at, configured_by = excluded.configured_by""",
                s.name(), s.certificate(), s.address(), s.requesters().toArray(String[]::new),
                s.departments().toArray(String[]::new), s.partnerLab(),
                s.referableTests().toArray(String[]::new), Timestamp.from(event.recordedAt()), event.actor());
    }
}
