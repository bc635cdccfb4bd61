package org.pathguard.interop.hl7;

import ca.uhn.hl7v2.app.Connection;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.util.Terser;
import org.pathguard.access.Actor;
import org.pathguard.eventlog.EventLog;
import org.pathguard.eventlog.NewEvent;
import org.pathguard.lab.Catalogue;
import org.pathguard.order.LabOrder;
import org.pathguard.order.OrderDesk;
import org.pathguard.patient.PatientRegistry;
import org.pathguard.specimen.Specimen;
import org.pathguard.specimen.SpecimenReception;
import org.pathguard.report.Report;
import org.pathguard.report.Reports;
import org.pathguard.background.Rounds;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Sends queued report messages to requesters' systems, oldest first per requester. A requester that
 * does not answer is retried with exponential backoff and jitter, its later messages waiting behind
 * the first so reports arrive in order; a refusal (AE/AR) or too many failures dead-letters the
 * message, which stays until someone replays it. Nothing is dropped. Only routes to a destination
 * on the administrator's list are served; the others' reports wait.
 */
@Component
@ConditionalOnProperty(name = "pathguard.outbound.enabled", havingValue = "true")
class ReportDispatcher extends Rounds {

    private static final Logger log = LoggerFactory.getLogger(ReportDispatcher.class);

    private final JdbcClient db;
    private final EventLog events;
    private final Reports reports;
    private final OrderDesk orders;
    private final PatientRegistry patients;
    private final SpecimenReception specimens;
    private final Catalogue catalogue;
    private final String labFacility;
    private final Backoff backoff;
    private final int maxAttempts;
    private final Duration ackTimeout;
    private final OutboundMllp outbound;

    ReportDispatcher(JdbcClient db, EventLog events, Reports reports, OrderDesk orders, PatientRegistry patients,
                     SpecimenReception specimens, Catalogue catalogue, OutboundMllp outbound, @Value("${pathguard.lab.ods-code:PGLAB}") String labFacility,
                     @Value("${pathguard.outbound.poll:PT1S}") Duration poll,
                     @Value("${pathguard.outbound.first-retry:PT2S}") Duration firstRetry,
                     @Value("${pathguard.outbound.longest-retry:PT5M}") Duration longestRetry,
                     @Value("${pathguard.outbound.max-attempts:300}") int maxAttempts,
                     @Value("${pathguard.outbound.ack-timeout:PT30S}") Duration ackTimeout) {
        super("report-dispatcher", poll);
        this.db = db;
        this.events = events;
        this.reports = reports;
        this.orders = orders;
        this.patients = patients;
        this.specimens = specimens;
        this.catalogue = catalogue;
        this.labFacility = labFacility;
        this.backoff = new Backoff(firstRetry, longestRetry);
        this.maxAttempts = maxAttempts;
        this.ackTimeout = ackTimeout;
        this.outbound = outbound;
    }

    private record Due(UUID id, UUID orderId, int version, int attempts, Route route) {
    }



    /** One round over what is due; returns how many messages were delivered or dead-lettered. */
    int sendDue() {
        List<Due> due = db.sql("""
                        select m.id, m.order_id, m.report_version, m.attempts, r.*
                        from outbound_message m join requester_route r using (requester_ods)
                          join route_destination d on d.host = lower(r.host) and d.port = r.port
                        where m.state = 'PENDING' and m.next_attempt_at <= now()
                        order by m.created_at limit 200""")
                .query((rs, n) -> new Due(rs.getObject("id", UUID.class), rs.getObject("order_id", UUID.class),
                        rs.getInt("report_version"), rs.getInt("attempts"), Routes.route(rs))).list();
        Set<String> unreachable = new HashSet<>();
        int settled = 0;
        for (Due message : due) {
            if (!unreachable.contains(message.route().requesterOds())) {
                if (send(message)) {
                    settled++;
                } else {
                    unreachable.add(message.route().requesterOds());
                }
            }
        }
        return settled;
    }

    /** True when the message reached a final state (delivered or dead-lettered). */
    private boolean send(Due message) {
        Connection connection = null;
        String ackCode;
        try {
            LabOrder order = orders.byId(message.orderId());
            Report report = reports.versions(order.id()).get(message.version() - 1);
            Message oru = ReportMessage.of(message.id().toString().replace("-", ""), labFacility, message.route(), order,
                    patients.get(order.patientId()), report, catalogue,
                    specimens.forOrder(order.id()).stream().map(Specimen::collectedAt).min(Instant::compareTo).orElse(null));
            connection = outbound.connect(message.route().host(), message.route().port(), message.route().tls());
            connection.getInitiator().setTimeout(ackTimeout.toMillis(), TimeUnit.MILLISECONDS);
            Message ack = connection.getInitiator().sendAndReceive(oru);
            Terser answer = new Terser(ack);
            ackCode = answer.get("/MSA-1");
            if (Acknowledgement.asksForResend(ackCode, answer.get("/ERR-3-1"))) {
                retryLater(message);
                return false;
            }
        } catch (Exception unreachable) {
            log.debug("Report message {} not delivered", message.id(), unreachable);
            if (connection != null) {
                outbound.discard(connection);
            }
            retryLater(message);
            return false;
        }
        int attempts = message.attempts() + 1;
        if ("AA".equals(ackCode) || "CA".equals(ackCode)) {
            events.append(Actor.SYSTEM.logName(), NewEvent.of(message.id(), new ReportDelivered(message.id(), attempts)));
        } else {
            events.append(Actor.SYSTEM.logName(), NewEvent.of(message.id(), new DeliveryAbandoned(message.id(), attempts,
                    "The receiving system answered " + ackCode + "; fix the cause there and replay")));
            log.warn("Report message {} to {} refused with {}", message.id(), message.route().requesterOds(), ackCode);
        }
        return true;
    }

    /**
     * One wording for every failure (refused, timed out, reset, no valid acknowledgement): what the queue records and
     * shows must not tell an open port from a closed one.
     */
    private static final String NOT_DELIVERED = "could not deliver: no connection or no acknowledgement";

    private void retryLater(Due message) {
        int attempts = message.attempts() + 1;
        if (attempts >= maxAttempts) {
            events.append(Actor.SYSTEM.logName(), NewEvent.of(message.id(), new DeliveryAbandoned(message.id(), attempts,
                    "Gave up after " + attempts + " attempts (" + NOT_DELIVERED + "); replay once the receiver is back")));
            log.warn("Report message {} to {} dead-lettered after {} attempts", message.id(), message.route().requesterOds(), attempts);
            return;
        }
        Instant next = Instant.now().plus(backoff.after(attempts));
        db.sql("update outbound_message set attempts = ?, last_error = ? where id = ?")
                .params(attempts, NOT_DELIVERED, message.id()).update();
        // The requester's later messages wait with the first, so reports arrive in the order released.
        db.sql("update outbound_message set next_attempt_at = ? where requester_ods = ? and state = 'PENDING'")
                .params(Timestamp.from(next), message.route().requesterOds()).update();
        log.info("Report message {} to {} not delivered; attempt {} of {}, next at {}", message.id(),
                message.route().requesterOds(), attempts, maxAttempts, next);
    }

    @Override
    protected int round() {
        return sendDue();
    }
}
