package org.pathguard.router;

import org.pathguard.eventlog.Projection;
import org.pathguard.eventlog.ProjectionWriter;
import org.pathguard.eventlog.RecordedEvent;
import org.pathguard.lab.Conflict;
import org.pathguard.lab.Priority;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

import java.sql.Timestamp;
import java.util.List;
import java.util.Set;

/**
 * The network directory (labs with their state, requesters, mutual aid) and the proposals that change it. Kept in every
 * mode, so a rebuild of the router's data directory needs no mode. A lab's state moves only from the state the event
 * names: a declaration that crossed another is refused, not applied twice.
 */
@Component
class DirectoryProjection implements Projection {

    static final JsonMapper JSON = JsonMapper.builder()
            .disable(tools.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    @Override
    public Set<String> eventTypes() {
        return Set.of("DirectoryChangeProposed", "DirectoryChangeDecided", "NetworkLabSet", "NetworkRequesterSet", "MutualAidSet",
                "NetworkLabStateChanged", "LabUnreachable", "LabReachable");
    }

    @Override
    public List<String> tables() {
        return List.of("router_change", "router_lab", "router_requester", "router_mutual_aid");
    }

    @Override
    public void apply(RecordedEvent event, ProjectionWriter writer) {
        Timestamp at = Timestamp.from(event.recordedAt());
        switch (event.type()) {
            case "DirectoryChangeProposed" -> {
                DirectoryChangeProposed p = event.payloadAs(DirectoryChangeProposed.class);
                writer.write("""
                                insert into router_change (id, kind, subject, change, proposed_by, proposed_at, state)
                                values (?, ?, ?, ?::jsonb, ?, ?, 'AWAITING_APPROVAL')""",
                        p.proposalId(), p.change().kind().name(), p.change().subject(), JSON.writeValueAsString(p.change()),
                        event.actor(), at);
            }
            case "DirectoryChangeDecided" -> {
                DirectoryChangeDecided d = event.payloadAs(DirectoryChangeDecided.class);
                int changed = writer.writeNow("""
                                update router_change set state = ?, decided_by = ?, decided_at = ?, comment = ?
                                where id = ? and state = 'AWAITING_APPROVAL'""",
                        d.approved() ? "APPROVED" : "REFUSED", event.actor(), at, d.comment(), d.proposalId());
                if (changed == 0) {
                    throw new Conflict("Directory change " + d.proposalId() + " was decided already");
                }
            }
            case "NetworkLabSet" -> {
                NetworkLab l = event.payloadAs(NetworkLabSet.class).lab();
                writer.write("""
                                insert into router_lab (ods, name, host, port, tls, receiving_application, receiving_facility, state, state_since)
                                values (?, ?, ?, ?, ?, ?, ?, 'UP', ?)
                                on conflict (ods) do update set name = excluded.name, host = excluded.host, port = excluded.port,
                                    tls = excluded.tls, receiving_application = excluded.receiving_application,
                                    receiving_facility = excluded.receiving_facility""",
                        l.ods(), l.name(), l.host(), l.port(), l.tls(), l.receivingApplication(), l.receivingFacility(), at);
            }
            case "NetworkRequesterSet" -> {
                NetworkRequester r = event.payloadAs(NetworkRequesterSet.class).requester();
                writer.write("""
                                insert into router_requester (ods, name, setting, home_lab, results_host, results_port, results_tls,
                                                              routine_quota_per_day)
                                values (?, ?, ?, ?, ?, ?, ?, ?)
                                on conflict (ods) do update set name = excluded.name, setting = excluded.setting,
                                    home_lab = excluded.home_lab, results_host = excluded.results_host,
                                    results_port = excluded.results_port, results_tls = excluded.results_tls,
                                    routine_quota_per_day = excluded.routine_quota_per_day""",
                        r.ods(), r.name(), r.setting().name(), r.homeLab(), r.resultsHost(), r.resultsPort(), r.resultsTls(),
                        r.routineQuotaPerDay());
            }
            case "MutualAidSet" -> {
                MutualAid m = event.payloadAs(MutualAidSet.class).agreement();
                writer.write("""
                                insert into router_mutual_aid (home_lab, partner, tests, critical_per_day, urgent_per_day, routine_per_day,
                                                               critical_minutes, urgent_minutes, routine_minutes, transport_minutes)
                                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                                on conflict (home_lab, partner) do update set tests = excluded.tests,
                                    critical_per_day = excluded.critical_per_day, urgent_per_day = excluded.urgent_per_day,
                                    routine_per_day = excluded.routine_per_day, critical_minutes = excluded.critical_minutes,
                                    urgent_minutes = excluded.urgent_minutes, routine_minutes = excluded.routine_minutes,
                                    transport_minutes = excluded.transport_minutes""",
                        m.homeLab(), m.partner(), m.tests().toArray(String[]::new),
                        m.dailyCapacity().getOrDefault(Priority.CRITICAL, 0), m.dailyCapacity().getOrDefault(Priority.URGENT, 0),
                        m.dailyCapacity().getOrDefault(Priority.ROUTINE, 0), m.turnaroundMinutes().get(Priority.CRITICAL),
                        m.turnaroundMinutes().get(Priority.URGENT), m.turnaroundMinutes().get(Priority.ROUTINE), m.transportMinutes());
            }
            case "NetworkLabStateChanged" -> {
                NetworkLabStateChanged c = event.payloadAs(NetworkLabStateChanged.class);
                int changed = writer.writeNow("""
                                update router_lab set state = ?, state_since = ?, state_reason = ?, drain_per_minute = ?,
                                    unreachable_since = case when ? then unreachable_since end
                                where ods = ? and state = ?""",
                        // A declaration starts the count of failures afresh; the router's suspicion keeps it, to show.
                        c.to().name(), at, c.reason(), c.drainPerMinute(), c.to() == LabState.SUSPECTED, c.labOds(), c.from().name());
                if (changed == 0) {
                    throw new Conflict("Lab " + c.labOds() + " is no longer " + c.from() + "; someone declared it first");
                }
            }
            case "LabUnreachable" -> {
                LabUnreachable u = event.payloadAs(LabUnreachable.class);
                writer.write("update router_lab set unreachable_since = ? where ods = ? and unreachable_since is null",
                        Timestamp.from(u.since()), u.labOds());
            }
            case "LabReachable" -> writer.write("update router_lab set unreachable_since = null where ods = ?",
                    event.payloadAs(LabReachable.class).labOds());
            default -> throw new IllegalArgumentException("Unexpected event " + event.type());
        }
    }
}
