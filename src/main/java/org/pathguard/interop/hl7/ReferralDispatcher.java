package org.pathguard.interop.hl7;

import ca.uhn.hl7v2.app.Connection;
import ca.uhn.hl7v2.model.Message;
import org.pathguard.access.Actor;
import org.pathguard.lab.Catalogue;
import org.pathguard.lab.Conflict;
import org.pathguard.network.Agreement;
import org.pathguard.network.Agreements;
import org.pathguard.network.Referral;
import org.pathguard.network.Referrals;
import org.pathguard.order.LabOrder;
import org.pathguard.order.OrderDesk;
import org.pathguard.patient.PatientRegistry;
import org.pathguard.result.PerformingLab;
import org.pathguard.result.ThisLab;
import org.pathguard.specimen.Specimen;
import org.pathguard.specimen.SpecimenReception;
import org.pathguard.background.Rounds;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Sends referrals to partner laboratories: every REQUESTED referral of one order to one partner in one OML^O21,
 * every cancellation as ORC-1 CA, and records the partner's answer (ORL^O22 AA: SENT with its accession; AE/AR:
 * REFUSED with its reason). A partner that does not answer is tried again with backoff; what is due is read from
 * the referrals themselves, so nothing is lost across a restart. Only partners whose endpoint is on the
 * administrator's list of destinations are sent to: patient data goes nowhere else.
 */
@Component
@ConditionalOnProperty(name = "pathguard.outbound.enabled", havingValue = "true")
class ReferralDispatcher extends Rounds {

    private static final Logger log = LoggerFactory.getLogger(ReferralDispatcher.class);

    private final Referrals referrals;
    private final Agreements agreements;
    private final OrderDesk orders;
    private final PatientRegistry patients;
    private final SpecimenReception specimens;
    private final Catalogue catalogue;
    private final JdbcClient db;
    private final PerformingLab us;
    private final Backoff backoff;
    private final Duration ackTimeout;
    private final OutboundMllp mllp;
    /** Per partner: when it may be tried again, and how many tries in a row failed. Lost on restart, which only means trying sooner. */
    private final Map<String, Instant> notBefore = new ConcurrentHashMap<>();
    private final Map<String, Integer> failures = new ConcurrentHashMap<>();

    ReferralDispatcher(Referrals referrals, Agreements agreements, OrderDesk orders, PatientRegistry patients,
                       SpecimenReception specimens, Catalogue catalogue, JdbcClient db, OutboundMllp mllp,
                       ThisLab thisLab,
                       @Value("${pathguard.outbound.poll:PT1S}") Duration poll,
                       @Value("${pathguard.outbound.first-retry:PT2S}") Duration firstRetry,
                       @Value("${pathguard.outbound.longest-retry:PT5M}") Duration longestRetry,
                       @Value("${pathguard.outbound.ack-timeout:PT30S}") Duration ackTimeout) {
        super("referral-dispatcher", poll);
        this.referrals = referrals;
        this.agreements = agreements;
        this.orders = orders;
        this.patients = patients;
        this.specimens = specimens;
        this.catalogue = catalogue;
        this.db = db;
        this.mllp = mllp;
        this.us = thisLab.identity();
        this.backoff = new Backoff(firstRetry, longestRetry);
        this.ackTimeout = ackTimeout;
    }

    private record Batch(UUID orderId, String partnerOds) {
    }

    /** One round: new referrals, then cancellations. Returns how many referrals got an answer from their partner. */
    synchronized int sendDue() {
        int answered = 0;
        answered += send(referrals.toSend(Actor.SYSTEM), false);
        answered += send(referrals.toCancel(Actor.SYSTEM), true);
        return answered;
    }

    private int send(List<Referral> due, boolean cancel) {
        Map<Batch, List<Referral>> batches = new LinkedHashMap<>();
        for (Referral r : due) {
            // A cancellation goes on its own: each is answered for itself.
            Batch key = new Batch(cancel ? r.id() : r.orderId(), r.partnerOds());
            batches.computeIfAbsent(key, k -> new ArrayList<>()).add(r);
        }
        int answered = 0;
        for (Map.Entry<Batch, List<Referral>> batch : batches.entrySet()) {
            String partner = batch.getKey().partnerOds();
            if (Instant.now().isBefore(notBefore.getOrDefault(partner, Instant.MIN))) {
                continue;
            }
            Agreement agreement = agreements.find(partner).orElse(null);
            if (agreement == null) {
                if (!cancel) {
                    batch.getValue().forEach(r -> record(() -> referrals.refused(Actor.SYSTEM, r.id(),
                            "The agreement with " + partner + " ended before the order was sent")));
                }
                continue;
            }
            if (!allowed(agreement.endpoint())) {
                // Held, like a report route to a withdrawn destination, until the administrator allows it.
                continue;
            }
            answered += deliver(agreement, batch.getValue(), cancel);
        }
        return answered;
    }

    private boolean allowed(Agreement.Endpoint endpoint) {
        return db.sql("select 1 from route_destination where host = lower(?) and port = ?")
                .params(endpoint.host(), endpoint.port()).query(Integer.class).optional().isPresent();
    }

    private int deliver(Agreement agreement, List<Referral> batch, boolean cancel) {
        LabOrder order = orders.byId(batch.getFirst().orderId());
        Map<Referral, List<Specimen>> tubes = new LinkedHashMap<>();
        List<Specimen> onOrder = specimens.forOrder(order.id());
        for (Referral r : batch) {
            String type = catalogue.test(r.testCode()).specimenType();
            tubes.put(r, onOrder.stream().filter(s -> s.specimenType().equals(type) && s.status() != Specimen.Status.REJECTED).toList());
        }
        List<Referral> notAgreed = batch.stream().filter(r -> agreement.test(r.testCode()).isEmpty()).toList();
        if (!notAgreed.isEmpty() && !cancel) {
            // The agreement changed since the referral: the partner no longer does the test, so a person must decide.
            notAgreed.forEach(r -> record(() -> referrals.refused(Actor.SYSTEM, r.id(), agreement.odsCode()
                    + "'s agreement no longer lists " + r.testCode() + "; refer it elsewhere")));
            return notAgreed.size();
        }
        Message oml = ReferralMessage.of(UUID.randomUUID().toString().replace("-", "").substring(0, 20), cancel, us, agreement,
                order, patients.get(order.patientId()), batch, tubes);
        String ack;
        Connection connection = null;
        try {
            connection = mllp.connect(agreement.endpoint().host(), agreement.endpoint().port(), agreement.endpoint().tls());
            connection.getInitiator().setTimeout(ackTimeout.toMillis(), TimeUnit.MILLISECONDS);
            ack = connection.getInitiator().sendAndReceive(oml).encode();
        } catch (Exception unreachable) {
            if (connection != null) {
                mllp.discard(connection);
            }
            return notDelivered(agreement);
        }
        OrderResponse response = OrderResponse.read(ack);
        if (response.tryAgain()) {
            // The partner asks for the message again, unchanged (HL7 error 206 or 207).
            return notDelivered(agreement);
        }
        failures.remove(agreement.odsCode());
        notBefore.remove(agreement.odsCode());
        for (Referral r : batch) {
            if (response.accepted() && response.unableToAccept(r.placerNumber())) {
                // IHE's answer per order: the message was taken, but this test was not (ORC-1 UA, or UC for a cancellation).
                String why = agreement.odsCode() + " could not " + (cancel ? "cancel" : "accept") + " " + r.testCode()
                        + " (ORC-1 " + response.controls().get(r.placerNumber()) + ")";
                record(() -> {
                    if (cancel) {
                        referrals.cancellationRefused(Actor.SYSTEM, r.id(), why);
                    } else {
                        referrals.refused(Actor.SYSTEM, r.id(), why);
                    }
                });
            } else if (response.accepted()) {
                if (cancel) {
                    record(() -> referrals.cancellationConfirmed(Actor.SYSTEM, r.id()));
                } else {
                    record(() -> referrals.sent(Actor.SYSTEM, r.id(), response.accession(r.placerNumber())));
                }
            } else {
                String why = agreement.odsCode() + " answered " + response.code() + ": " + response.reason();
                log.warn("{} of a referral to {} refused with {}", cancel ? "Cancellation" : "Order", agreement.odsCode(), response.code());
                if (cancel) {
                    record(() -> referrals.cancellationRefused(Actor.SYSTEM, r.id(), why));
                } else {
                    record(() -> referrals.refused(Actor.SYSTEM, r.id(), why));
                }
            }
        }
        return batch.size();
    }

    /** The partner did not answer, or asked for the message again: the same referrals go again after a backoff. */
    private int notDelivered(Agreement agreement) {
        int failed = failures.merge(agreement.odsCode(), 1, Integer::sum);
        Instant next = Instant.now().plus(backoff.after(failed));
        notBefore.put(agreement.odsCode(), next);
        log.info("Referrals to {} not delivered (no connection, no acknowledgement, or asked to resend); try {} failed, next at {}",
                agreement.odsCode(), failed, next);
        return 0;
    }

    /** A referral a person moved meanwhile (cancelled while its order was in flight) keeps the person's move. */
    private static void record(Runnable move) {
        try {
            move.run();
        } catch (Conflict movedMeanwhile) {
            log.info("A referral changed while its message was answered: {}", movedMeanwhile.getMessage());
        }
    }

    @Override
    protected int round() {
        return sendDue();
    }
}
