package org.pathguard.router;

import org.pathguard.access.Actor;
import org.pathguard.crypto.BlindIndex;
import org.pathguard.crypto.FieldCipher;
import org.pathguard.eventlog.EventLog;
import org.pathguard.eventlog.NewEvent;
import org.pathguard.interop.hl7.Acknowledgement;
import org.pathguard.interop.hl7.Hl7Intake;
import org.pathguard.interop.hl7.Hl7Rejection;
import org.pathguard.interop.hl7.Hl7Sender;
import org.pathguard.interop.hl7.Hl7Senders;
import org.pathguard.interop.hl7.InboundMessages;
import org.pathguard.interop.hl7.KnownSenderIntake;
import org.pathguard.interop.hl7.MessageHeader;
import org.pathguard.interop.hl7.MllpFrame;
import org.pathguard.lab.Conflict;
import org.pathguard.lab.LabRuleViolation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Primary;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * What the router's MLLP listener hands each message to in router mode. From a requester's registered sender: an order
 * (OML^O21, ORM^O01), recorded with its message sealed and, if its home lab is down, triaged at once; the answer
 * (ORL^O22, ORR^O02) says its fate and goes only after the commit. From a lab's registered sender: a partner's result
 * (ORU^R01) for an order routed to it, kept sealed for the home lab and queued for the requester. A resend gets the first
 * answer and changes nothing; anything refused gets AE or AR with the reason, and nothing is written.
 */
@Service
@Primary
@ConditionalOnProperty(name = "pathguard.mode", havingValue = "router")
public class RouterIntake implements Hl7Intake, KnownSenderIntake {

    private static final Logger log = LoggerFactory.getLogger(RouterIntake.class);
    private static final Set<String> TAKEN = Set.of("OML^O21", "ORM^O01", "ORU^R01");

    private final EventLog events;
    private final JdbcClient db;
    private final FieldCipher cipher;
    private final BlindIndex index;
    private final Hl7Senders senders;
    private final NetworkDirectory directory;
    private final Triage triage;
    private final OrderBook book;
    private final String facility;

    RouterIntake(EventLog events, JdbcClient db, FieldCipher cipher, BlindIndex index, Hl7Senders senders, NetworkDirectory directory,
                 Triage triage, OrderBook book, @Value("${pathguard.router.facility:PGNET}") String facility) {
        this.events = events;
        this.db = db;
        this.cipher = cipher;
        this.index = index;
        this.senders = senders;
        this.directory = directory;
        this.triage = triage;
        this.book = book;
        this.facility = facility;
    }

    @Override
    public String answer(MllpFrame.Read frame, int maxBytes, Hl7Sender.Peer peer) {
        if (frame.problem() == null) {
            return answer(frame.message(), peer);
        }
        MessageHeader header = MessageHeader.of(normalise(frame.head()));
        if (senders.identify(peer).isEmpty()) {
            return Acknowledgement.refuse(header, facility, unknown(peer));
        }
        return Acknowledgement.refuse(header, facility, frame.problem() == MllpFrame.Problem.TOO_LARGE
                ? Hl7Rejection.reject(Hl7Rejection.APPLICATION_INTERNAL_ERROR, "The message is larger than the limit of " + maxBytes
                + " bytes and was not read; nothing was recorded")
                : Hl7Rejection.reject(Hl7Rejection.SEGMENT_SEQUENCE_ERROR, "Bytes arrived outside an MLLP frame; nothing was recorded"));
    }

    /** One message (segments separated by CR) from {@code peer}; returns the answer to send. */
    public String answer(String text, Hl7Sender.Peer peer) {
        String message = normalise(text);
        MessageHeader header = MessageHeader.of(message);
        Optional<Hl7Sender> known = senders.identify(peer);
        if (known.isEmpty()) {
            log.warn("HL7 message refused at the router: {} is not a registered HL7 sender", peer);
            return Acknowledgement.refuse(header, facility, unknown(peer));
        }
        return answer(message, known.get());
    }

    /** One message from a sender already known: over MLLP by its certificate or address, or by the FHIR door under its credential. */
    @Override
    public String answer(String text, Hl7Sender sender) {
        String message = normalise(text);
        MessageHeader header = MessageHeader.of(message);
        if (message.indexOf('\0') >= 0) {
            return Acknowledgement.refuse(header, facility, Hl7Rejection.reject(Hl7Rejection.DATA_TYPE_ERROR,
                    "The message contains a NUL character (byte 0x00), which HL7 v2 text cannot carry; nothing was recorded"));
        }
        byte[] digest = RoutedOrderProjection.digest(index, message);
        boolean result = "ORU".equals(header.messageType());
        try {
            InboundMessages.checkHeader(header);
            String type = header.messageType() + "^" + header.triggerEvent();
            if (!TAKEN.contains(type)) {
                throw Hl7Rejection.reject(Hl7Rejection.UNSUPPORTED_MESSAGE_TYPE, "The network router takes OML^O21 and ORM^O01 "
                        + "(orders) and ORU^R01 (a partner lab's results), not " + type + "; nothing was recorded");
            }
            Optional<String> earlier = earlierAnswer(result, sender, header, digest);
            if (earlier.isPresent()) {
                return earlier.get();
            }
            return result ? result(sender, header, message, digest) : order(sender, header, message, digest);
        } catch (Hl7Rejection | LabRuleViolation | Conflict refused) {
            // The same message taken on another connection while this one was checked makes this a resend.
            Optional<String> earlier = header.controlId().isEmpty() ? Optional.empty() : earlierAnswer(result, sender, header, digest);
            return earlier.orElseGet(() -> Acknowledgement.refuse(header, facility, refused instanceof Hl7Rejection r ? r
                    : Hl7Rejection.error(Hl7Rejection.TABLE_VALUE_NOT_FOUND, refused.getMessage())));
        } catch (RuntimeException e) {
            String incident = UUID.randomUUID().toString();
            // The class only: lower layers' messages may quote message content.
            log.error("HL7 message {} failed at the router, incident {}: {}", header, incident, e.getClass().getName());
            return Acknowledgement.refuse(header, facility, Hl7Rejection.error(Hl7Rejection.APPLICATION_INTERNAL_ERROR,
                    "The network router could not confirm this message was recorded (incident " + incident
                            + "); resend it unchanged: a message already recorded is not recorded twice"));
        }
    }

    private String order(Hl7Sender sender, MessageHeader header, String message, byte[] digest) {
        if (sender.requesters().isEmpty()) {
            throw Hl7Rejection.reject(Hl7Rejection.UNSUPPORTED_MESSAGE_TYPE, "HL7 sender " + sender.name() + " is registered at the "
                    + "router to send results, not orders; nothing was recorded");
        }
        MessageFacts.Order facts = MessageFacts.order(header, message);
        if (!"NW".equals(facts.orderControl()) && !facts.orderControl().isEmpty()) {
            throw Hl7Rejection.reject(Hl7Rejection.TABLE_VALUE_NOT_FOUND, "The network router passes on new orders (ORC-1 NW); "
                    + "order control " + facts.orderControl() + " goes to the lab that has the order; nothing was recorded");
        }
        String requesterOds = facts.requesterOds().toUpperCase(java.util.Locale.ROOT);
        if (!sender.requesters().contains(requesterOds)) {
            throw Hl7Rejection.reject(Hl7Rejection.TABLE_VALUE_NOT_FOUND, "HL7 sender " + sender.name() + " is registered to order for "
                    + sender.requesters() + ", not for " + requesterOds + " (ORC-21, ORC-17 or MSH-4); nothing was recorded");
        }
        NetworkRequester requester = directory.requester(requesterOds).orElseThrow(() -> Hl7Rejection.reject(
                Hl7Rejection.TABLE_VALUE_NOT_FOUND, "Requester " + requesterOds + " is not in the network directory: the network "
                        + "manager adds it with its home lab; nothing was recorded"));
        String type = header.messageType() + "^" + header.triggerEvent();
        UUID id = UUID.randomUUID();
        return triage.exclusively(() -> {
            LabStatus home = directory.lab(requester.homeLab()).orElseThrow(() -> Hl7Rejection.error(
                    Hl7Rejection.TABLE_VALUE_NOT_FOUND, "Home lab " + requester.homeLab() + " of " + requesterOds
                            + " is not in the network directory; nothing was recorded"));
            List<NewEvent> toAppend = new ArrayList<>();
            String ack;
            OrderTriaged triaged = null;
            if (home.state() == LabState.DOWN) {
                triaged = triage.new Round(home.lab().ods()).decide(new Triage.Candidate(id, requesterOds, facts.priority(),
                        new HashSet<>(facts.tests()), Set.of())).triaged();
                ack = Acknowledgement.orderFate(header, facility, triaged.outcome() == OrderTriaged.Outcome.REFUSED ? "UA" : "OK",
                        facts.placerNumber(), facts.placerGroup(), StatusNotice.orderStatus(triaged.outcome()), triaged.note());
            } else {
                ack = Acknowledgement.orderFate(header, facility, "OK", facts.placerNumber(), facts.placerGroup(), "IP",
                        "Received by the network router and passed to " + home.lab().name() + " (" + home.lab().ods() + ") as usual.");
            }
            toAppend.add(NewEvent.of("router-order:" + id, new OrderReceivedAtRouter(id, sender.name(), header.sender(),
                    header.controlId(), type, message, ack, requesterOds, home.lab().ods(), facts.placerNumber(), facts.placerGroup(),
                    facts.priority(), facts.tests())));
            if (triaged != null) {
                toAppend.add(NewEvent.of("router-order:" + id, triaged));
            }
            return commit(sender, header, digest, false, toAppend, ack);
        });
    }

    private String result(Hl7Sender sender, MessageHeader header, String message, byte[] digest) {
        if (sender.partnerLab() == null) {
            throw Hl7Rejection.reject(Hl7Rejection.UNSUPPORTED_MESSAGE_TYPE, "HL7 sender " + sender.name() + " is registered at the "
                    + "router to send orders; only a lab of the network sends results here; nothing was recorded");
        }
        MessageFacts.Result facts = MessageFacts.result(header, message);
        String lab = sender.partnerLab();
        RoutedOrder order = (facts.requesterOds() == null ? Optional.<RoutedOrder>empty()
                : book.routedTo(lab, facts.requesterOds().toUpperCase(java.util.Locale.ROOT), facts.placerNumber()))
                .orElseThrow(() -> Hl7Rejection.error(Hl7Rejection.UNKNOWN_KEY_IDENTIFIER, "The router routed no order with placer "
                        + "number " + facts.placerNumber() + " of requester " + facts.requesterOds() + " (ORC-2, ORC-21) to " + lab
                        + "; nothing was recorded"));
        UUID resultId = UUID.randomUUID();
        String ack = Acknowledgement.accept(header, facility);
        List<NewEvent> toAppend = new ArrayList<>();
        toAppend.add(NewEvent.of("router-order:" + order.id(), new PartnerResultReceived(resultId, order.id(), sender.name(),
                header.sender(), header.controlId(), message, ack, lab)));
        toAppend.add(NewEvent.of("router-order:" + order.id(), new RouterMessageQueued(UUID.randomUUID(),
                RouterMessageQueued.Kind.RESULT_TO_REQUESTER, order.id(), null, RouterMessageQueued.Target.REQUESTER,
                order.requesterOds(), message)));
        // A late result for a lab already back goes to it at once, as the others went when it was declared back.
        if (directory.lab(order.homeLab()).map(l -> l.state() == LabState.UP && l.drainPerMinute() != null).orElse(false)) {
            toAppend.add(NewEvent.of("router-order:" + order.id(), new RouterMessageQueued(UUID.randomUUID(),
                    RouterMessageQueued.Kind.RESULT_TO_HOME_LAB, order.id(), resultId, RouterMessageQueued.Target.LAB,
                    order.homeLab(), message)));
        }
        return commit(sender, header, digest, true, toAppend, ack);
    }

    private String commit(Hl7Sender sender, MessageHeader header, byte[] digest, boolean result, List<NewEvent> toAppend, String ack) {
        try {
            events.append(new Actor("hl7:" + sender.name(), Actor.Role.INTERFACE).logName(), toAppend);
            return ack;
        } catch (DuplicateKeyException clash) {
            // The same message on two connections at once: the first one's answer stands.
            return earlierAnswer(result, sender, header, digest).orElseThrow(() -> clash);
        }
    }

    /** For a control id this sender used before: the first answer when the content is the same (a resend), else a refusal. */
    private Optional<String> earlierAnswer(boolean result, Hl7Sender sender, MessageHeader header, byte[] digest) {
        String table = result ? "router_result" : "router_order";
        return db.sql("select id, ack, content_digest from " + table + " where source = ? and sender = ? and control_id = ?")
                .params(sender.name(), header.sender(), header.controlId())
                .query((rs, n) -> {
                    if (!MessageDigest.isEqual(rs.getBytes("content_digest"), digest)) {
                        return Acknowledgement.refuse(header, facility, Hl7Rejection.reject(Hl7Rejection.DUPLICATE_KEY_IDENTIFIER,
                                "Message control id " + header.controlId() + " (MSH-10) was used before by " + header.sender()
                                        + " for a different message; a resend must be the same message. Send new content under "
                                        + "a new control id; nothing was recorded"));
                    }
                    UUID id = rs.getObject("id", UUID.class);
                    return new String(cipher.open(rs.getBytes("ack"), RoutedOrderProjection.binding(table, "ack", id)),
                            StandardCharsets.UTF_8);
                })
                .optional();
    }

    private static Hl7Rejection unknown(Hl7Sender.Peer peer) {
        return Hl7Rejection.reject(Hl7Rejection.UNKNOWN_KEY_IDENTIFIER, "This sender (" + peer + ") is not registered as an HL7 "
                + "sender of the network router; its administrator registers it; nothing was recorded");
    }

    private static String normalise(String text) {
        return text == null ? "" : text.replace("\r\n", "\r").replace('\n', '\r').strip();
    }
}
