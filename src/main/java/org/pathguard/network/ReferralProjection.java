package org.pathguard.network;

import org.pathguard.crypto.FieldCipher;
import org.pathguard.eventlog.Projection;
import org.pathguard.eventlog.ProjectionWriter;
import org.pathguard.eventlog.RecordedEvent;
import org.pathguard.lab.Conflict;
import org.pathguard.lab.LabTime;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;
import java.sql.Date;
import java.sql.Timestamp;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** Agreements, referrals with their history, and dispatched boxes. A transition changes a referral only from the state it was checked in. */
@Component
class ReferralProjection implements Projection {

    static final JsonMapper JSON = JsonMapper.builder().build();

    private final FieldCipher cipher;

    ReferralProjection(FieldCipher cipher) {
        this.cipher = cipher;
    }

    /** What people and partners wrote may name someone: sealed, bound to where it is kept. */
    static String reasonBinding(UUID referralId) {
        return "referral.reason:" + referralId;
    }

    static String overrideBinding(UUID referralId) {
        return "referral.capacity_override:" + referralId;
    }

    static String transitionBinding(UUID referralId, long sequence) {
        return "referral_transition.reason:" + referralId + ":" + sequence;
    }

    private byte[] sealed(String text, String binding) {
        return text == null ? null : cipher.seal(text.getBytes(StandardCharsets.UTF_8), binding);
    }

    @Override
    public Set<String> eventTypes() {
        return Set.of("AgreementSet", "AgreementEnded", "ReferralRequested", "ReferralStateChanged", "SpecimensDispatched");
    }

    @Override
    public List<String> tables() {
        return List.of("partner_agreement", "referral", "referral_transition", "referral_dispatch");
    }

    @Override
    public void apply(RecordedEvent event, ProjectionWriter writer) {
        Timestamp at = Timestamp.from(event.recordedAt());
        switch (event.type()) {
            case "AgreementSet" -> {
                Agreement a = event.payloadAs(AgreementSet.class).agreement();
                writer.write("""
                                insert into partner_agreement (ods_code, name, host, port, tls, terms, set_by, set_at)
                                values (?, ?, ?, ?, ?, cast(? as jsonb), ?, ?)
                                on conflict (ods_code) do update set name = excluded.name, host = excluded.host, port = excluded.port,
                                  tls = excluded.tls, terms = excluded.terms, set_by = excluded.set_by, set_at = excluded.set_at,
                                  ended_by = null, ended_at = null""",
                        a.odsCode(), a.name(), a.endpoint().host(), a.endpoint().port(), a.endpoint().tls(),
                        JSON.writeValueAsString(a), event.actor(), at);
            }
            case "AgreementEnded" -> {
                AgreementEnded e = event.payloadAs(AgreementEnded.class);
                writer.write("update partner_agreement set ended_by = ?, ended_at = ? where ods_code = ?",
                        event.actor(), at, e.odsCode());
            }
            case "ReferralRequested" -> {
                ReferralRequested r = event.payloadAs(ReferralRequested.class);
                // An event from before the due time was kept is timed by the agreement as replayed to this point,
                // as V15 timed the rows it found (the same turnaround plus transport as Overdue.dueBy).
                writer.write("""
                                insert into referral (id, order_id, accession, test_code, partner_ods, priority, state, way,
                                                      capacity_override, requested_by, requested_at, requested_day, changed_at, due_by)
                                values (?, ?, ?, ?, ?, ?, 'REQUESTED', ?, ?, ?, ?, ?, ?, coalesce(cast(? as timestamptz), (
                                  select cast(? as timestamptz) + make_interval(mins =>
                                         coalesce((a.terms -> 'turnaroundMinutes' ->> ?)::int, 0) + coalesce((a.terms ->> 'transportMinutes')::int, 0))
                                  from partner_agreement a where a.ods_code = ?)))""",
                        r.referralId(), r.orderId(), r.accession(), r.testCode(), r.partnerOds(), r.priority().name(),
                        r.way().name(), sealed(r.capacityOverride(), overrideBinding(r.referralId())), event.actor(), at,
                        Date.valueOf(event.recordedAt().atZone(LabTime.ZONE).toLocalDate()), at,
                        r.dueBy() == null ? null : Timestamp.from(r.dueBy()), at, r.priority().name(), r.partnerOds());
                history(writer, event, r.referralId(), null, "REQUESTED", r.capacityOverride());
            }
            case "ReferralStateChanged" -> {
                ReferralStateChanged c = event.payloadAs(ReferralStateChanged.class);
                int changed = writer.writeNow("""
                                update referral set state = ?, state_before = ?, changed_at = ?,
                                  reason = coalesce(?, reason), partner_accession = coalesce(?, partner_accession),
                                  dispatch_id = coalesce(?, dispatch_id)
                                where id = ? and state = ?""",
                        c.to().name(), c.from().name(), at, sealed(c.reason(), reasonBinding(c.referralId())), c.partnerAccession(), c.dispatchId(),
                        c.referralId(), c.from().name());
                if (changed != 1) {
                    throw new Conflict("Referral " + c.referralId() + " is no longer " + c.from() + "; someone else changed it first");
                }
                history(writer, event, c.referralId(), c.from().name(), c.to().name(), c.reason());
            }
            case "SpecimensDispatched" -> {
                SpecimensDispatched d = event.payloadAs(SpecimensDispatched.class);
                writer.write("insert into referral_dispatch (id, partner_ods, packed_by, packed_at) values (?, ?, ?, ?)",
                        d.dispatchId(), d.partnerOds(), event.actor(), at);
            }
            default -> throw new IllegalArgumentException("Unexpected event " + event.type());
        }
    }

    private void history(ProjectionWriter writer, RecordedEvent event, UUID referralId, String from, String to,
                                String reason) {
        writer.writeAtEnd("""
                        insert into referral_transition (referral_id, sequence, from_state, to_state, reason, actor, at)
                        values (?, ?, ?, ?, ?, ?, ?)""",
                referralId, event.sequence(), from, to, sealed(reason, transitionBinding(referralId, event.sequence())), event.actor(),
                Timestamp.from(event.recordedAt()));
    }
}
