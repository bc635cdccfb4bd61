package org.pathguard.interop.hl7;

import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.parser.CanonicalModelClassFactory;
import ca.uhn.hl7v2.parser.PipeParser;
import ca.uhn.hl7v2.validation.impl.ValidationContextFactory;
import org.pathguard.access.Actor;
import org.pathguard.access.ReadRefused;
import org.pathguard.crypto.BlindIndex;
import org.pathguard.crypto.FieldCipher;
import org.pathguard.eventlog.EventLog;
import org.pathguard.eventlog.NewEvent;
import org.pathguard.lab.Conflict;
import org.pathguard.lab.LabRuleViolation;
import org.pathguard.lab.NotFound;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Takes one inbound HL7 v2 message and returns its acknowledgement. Only senders in the directory
 * are heard, and each only for what it may send. AA only once the message's events, and the record
 * of the message itself, are committed in one append; AE or AR with the reason otherwise, and then
 * nothing is written. A message already accepted (same sender, MSH-3/MSH-4 and MSH-10) gets its
 * first acknowledgement again and changes nothing, but only when its content is the same.
 */
@Service
public class InboundMessages implements Hl7Intake {

    private static final Logger log = LoggerFactory.getLogger(InboundMessages.class);
    // Earlier 2.x versions are read into the 2.5.1 model: lab order communications still send 2.3 and 2.4.
    private static final Set<String> READABLE_VERSIONS = Set.of("2.3", "2.3.1", "2.4", "2.5", "2.5.1");
    private static final Set<String> PROCESSING_IDS = Set.of("P", "T", "D");

    private final PipeParser parser;
    private final PipeParser orderParser;
    private final OrderMessages orders;
    private final ResultMessages results;
    private final ReferralResults referralResults;
    private final ElsewhereResults elsewhereResults;
    /** The HL7 sender that is the network router: its results are a partner's, done while this lab was down. */
    private final String routerSender;
    private final EventLog events;
    private final JdbcClient db;
    private final FieldCipher cipher;
    private final BlindIndex index;
    private final Hl7Senders senders;
    private final String labFacility;

    InboundMessages(OrderMessages orders, ResultMessages results, ReferralResults referralResults, ElsewhereResults elsewhereResults,
                    EventLog log, JdbcClient db, FieldCipher cipher, BlindIndex index, Hl7Senders senders,
                    @Value("${pathguard.lab.ods-code:PGLAB}") String labFacility,
                    @Value("${pathguard.network.router-sender:}") String routerSender) {
        this.parser = parser(false);
        // Greedy parsing files a second ORC of an OML^O21 under the first order's prior results; non-greedy
        // parsing fails on ORU^R01 (HAPI 2.6), so each message type gets the mode that reads it right.
        this.orderParser = parser(true);
        this.orders = orders;
        this.results = results;
        this.referralResults = referralResults;
        this.elsewhereResults = elsewhereResults;
        this.routerSender = routerSender == null ? "" : routerSender.strip();
        this.events = log;
        this.db = db;
        this.cipher = cipher;
        this.index = index;
        this.senders = senders;
        this.labFacility = labFacility;
    }

    private static PipeParser parser(boolean nonGreedy) {
        HapiContext hapi = new DefaultHapiContext();
        hapi.setModelClassFactory(new CanonicalModelClassFactory("2.5.1"));
        hapi.setValidationContext(ValidationContextFactory.noValidation());
        hapi.getParserConfiguration().setNonGreedyMode(nonGreedy);
        // Our own checks decide what is acceptable; HAPI's per-field checks would only cost time.
        hapi.getParserConfiguration().setValidating(false);
        return hapi.getPipeParser();
    }

    /** What a message asks the lab to record, checked and ready to append, its acknowledgement, and what follows the commit. */
    record Accepted(List<NewEvent> events, String ack, Runnable afterCommit) {
    }

    // A clash with a concurrent append (same patient registered, same order's report) is retried from the start.
    private static final int ATTEMPTS = 3;

    @Override
    public String answer(MllpFrame.Read frame, int maxBytes, Hl7Sender.Peer peer) {
        if (frame.problem() == null) {
            return answer(frame.message(), peer);
        }
        MessageHeader header = MessageHeader.of(normalise(frame.head()));
        if (senders.identify(peer).isEmpty()) {
            return Acknowledgement.refuse(header, labFacility, unknown(peer));
        }
        if (frame.problem() == MllpFrame.Problem.TOO_LARGE) {
            return Acknowledgement.refuse(header, labFacility, Hl7Rejection.reject(Hl7Rejection.APPLICATION_INTERNAL_ERROR,
                    "The message is larger than the limit of " + maxBytes + " bytes and was not read; nothing was recorded"));
        }
        return Acknowledgement.refuse(header, labFacility, Hl7Rejection.reject(Hl7Rejection.SEGMENT_SEQUENCE_ERROR,
                "Bytes arrived outside an MLLP frame: a message must start with byte 0x0B and end with 0x1C 0x0D; nothing was recorded"));
    }

    /** Processes one message (segments separated by CR) from {@code peer} and returns the acknowledgement to send. */
    public String answer(String text, Hl7Sender.Peer peer) {
        String message = normalise(text);
        MessageHeader header = MessageHeader.of(message);
        Optional<Hl7Sender> known = senders.identify(peer);
        if (known.isEmpty()) {
            log.warn("HL7 message refused: {} is not a registered HL7 sender", peer);
            return Acknowledgement.refuse(header, labFacility, unknown(peer));
        }
        Hl7Sender sender = known.get();
        if (message.indexOf('\0') >= 0) {
            // Refused before the resend lookup: PostgreSQL text cannot hold NUL, so even the resend check would fail.
            return Acknowledgement.refuse(header, labFacility, Hl7Rejection.reject(Hl7Rejection.DATA_TYPE_ERROR,
                    "The message contains a NUL character (byte 0x00), which HL7 v2 text cannot carry; nothing was recorded"));
        }
        byte[] digest = InboundMessageProjection.digest(index, message);
        try {
            checkHeader(header);
            Optional<String> earlier = earlierAcknowledgement(sender, header, digest);
            if (earlier.isPresent()) {
                return earlier.get();
            }
            maySend(sender, header, fromRouter(sender));
            // The registered sender is the principal (what budgets and guess limits count); MSH-3/4, which it chooses
            // freely, stays in the message's own record.
            Actor actor = new Actor("hl7:" + sender.name(), Actor.Role.INTERFACE);
            Message parsed = parse(header, message);
            for (int attempt = 1; ; attempt++) {
                Optional<String> ack = commit(actor, sender, header, message, digest, interpret(actor, sender, header, parsed));
                if (ack.isPresent()) {
                    return ack.get();
                }
                if (attempt == ATTEMPTS) {
                    throw Hl7Rejection.error(Hl7Rejection.DUPLICATE_KEY_IDENTIFIER, "Other messages recorded the same patient, "
                            + "order, specimen or report at the same moment; nothing was recorded from this one: resend it");
                }
            }
        } catch (Hl7Rejection | LabRuleViolation | NotFound | Conflict | ReadRefused refused) {
            // The same message accepted on another connection while this one was checked makes this a resend.
            Optional<String> earlier = header.controlId().isEmpty() ? Optional.empty() : earlierAcknowledgement(sender, header, digest);
            return earlier.orElseGet(() -> Acknowledgement.refuse(header, labFacility, rejection(refused)));
        } catch (RuntimeException e) {
            String incident = UUID.randomUUID().toString();
            // The class only: lower layers' messages may quote message content.
            log.error("HL7 message {} failed, incident {}: {}", header, incident, e.getClass().getName());
            return Acknowledgement.refuse(header, labFacility, Hl7Rejection.error(Hl7Rejection.APPLICATION_INTERNAL_ERROR,
                    "The lab system could not confirm this message was recorded (incident " + incident
                            + "); resend it unchanged: a message already recorded is not recorded twice"));
        }
    }

    private boolean fromRouter(Hl7Sender sender) {
        return !routerSender.isEmpty() && routerSender.equals(sender.name());
    }

    private static Hl7Rejection unknown(Hl7Sender.Peer peer) {
        return Hl7Rejection.reject(Hl7Rejection.UNKNOWN_KEY_IDENTIFIER, "This sender (" + peer + ") is not registered as an "
                + "HL7 sender of this lab; an administrator registers it (PUT /api/admin/hl7-senders/NAME or "
                + "./pathguard admin hl7-sender); nothing was recorded");
    }

    /**
     * Orders only from a sender registered for some requesters, results only from one registered for some departments;
     * the network router sends both (its results are partners' reports to the requesters it orders for).
     */
    private static void maySend(Hl7Sender sender, MessageHeader header, boolean router) {
        boolean results = "ORU".equals(header.messageType());
        // A partner laboratory's results are those of tests we referred to it, whatever department does them.
        boolean partnerResults = results && (sender.partnerLab() != null || router);
        if (!partnerResults && (results ? sender.departments().isEmpty() : sender.requesters().isEmpty())) {
            throw Hl7Rejection.reject(Hl7Rejection.UNSUPPORTED_MESSAGE_TYPE, "HL7 sender " + sender.name() + " is not registered to send "
                    + (results ? "results (it sends orders)" : "orders (it sends results)") + "; nothing was recorded");
        }
    }

    /** What any receiver of PathGuard's (the lab, the network router) checks of a message's header before anything else. */
    public static void checkHeader(MessageHeader header) {
        if (header == MessageHeader.UNKNOWN) {
            throw Hl7Rejection.reject(Hl7Rejection.SEGMENT_SEQUENCE_ERROR, "The message does not start with an MSH segment");
        }
        if (!READABLE_VERSIONS.contains(header.version())) {
            throw Hl7Rejection.reject(Hl7Rejection.UNSUPPORTED_VERSION_ID, "HL7 version '" + header.version()
                    + "' (MSH-12) is not supported; send 2.5.1 (2.3 to 2.5 are also read)");
        }
        if (header.controlId().isEmpty()) {
            throw Hl7Rejection.reject(Hl7Rejection.REQUIRED_FIELD_MISSING, "MSH-10 (message control id) is empty");
        }
        if (header.controlId().length() > 199 || header.sender().length() > 400) {
            throw Hl7Rejection.reject(Hl7Rejection.DATA_TYPE_ERROR, "MSH-3, MSH-4 or MSH-10 is too long");
        }
        if (!PROCESSING_IDS.contains(header.processingId())) {
            throw Hl7Rejection.reject(Hl7Rejection.UNSUPPORTED_PROCESSING_ID, "Processing id '" + header.processingId()
                    + "' (MSH-11) is not supported; use P, T or D");
        }
        String type = header.messageType() + "^" + header.triggerEvent();
        if (!Set.of("OML^O21", "ORM^O01", "ORU^R01").contains(type)) {
            throw Hl7Rejection.reject(Hl7Rejection.UNSUPPORTED_MESSAGE_TYPE, "Message type " + type
                    + " (MSH-9) is not taken here; send OML^O21 or ORM^O01 (orders) or ORU^R01 (results)");
        }
    }

    private Message parse(MessageHeader header, String message) {
        boolean order = "OML".equals(header.messageType());
        if (order) {
            requireAnOrcForEachObr(header, message);
        }
        try {
            return (order ? orderParser : parser).parse(message);
        } catch (HL7Exception e) {
            // HAPI's own text may quote the message; name only where it failed.
            String where = e.getLocation() == null || e.getLocation().getSegmentName() == null ? ""
                    : " (at " + e.getLocation().getSegmentName()
                    + (e.getLocation().getField() > 0 ? "-" + e.getLocation().getField() : "") + ")";
            throw Hl7Rejection.reject(Hl7Rejection.SEGMENT_SEQUENCE_ERROR, "The message is not well-formed HL7 v2" + where);
        } catch (RuntimeException e) {
            throw Hl7Rejection.reject(Hl7Rejection.SEGMENT_SEQUENCE_ERROR, "The message is not well-formed HL7 v2");
        }
    }

    /**
     * An OML^O21 order group holds one OBR. Another OBR before the next ORC could only be a prior result, never
     * read as a request, and HAPI 2.6's non-greedy parser looks for its place forever, holding a thread: such a
     * message is refused before parsing. Segment names are read as HAPI reads them.
     */
    private static void requireAnOrcForEachObr(MessageHeader header, String message) {
        boolean orderOpen = false;
        for (String segment : message.split("\r")) {
            String text = segment.stripLeading();
            int end = text.indexOf(header.fieldSeparator());
            String name = end < 0 ? text : text.substring(0, end);
            if (name.equals("ORC")) {
                orderOpen = true;
            } else if (name.equals("OBR")) {
                if (!orderOpen) {
                    throw Hl7Rejection.reject(Hl7Rejection.SEGMENT_SEQUENCE_ERROR,
                            "Each OBR of an OML^O21 needs an ORC of its own before it (one test request per order group)");
                }
                orderOpen = false;
            }
        }
    }

    private Accepted interpret(Actor actor, Hl7Sender sender, MessageHeader header, Message message) {
        try {
            return switch (header.messageType()) {
                // A partner laboratory's ORU is the result of our referrals, not an analyser's run.
                // The router's ORU is a partner's report of our requester's order, done while we were down.
                case "ORU" -> fromRouter(sender) ? elsewhereResults.accept(actor, sender, header, message, labFacility)
                        : sender.partnerLab() != null ? referralResults.accept(actor, sender, header, message, labFacility)
                        : results.accept(actor, sender, header, message, labFacility);
                default -> orders.accept(actor, sender, header, message, labFacility);
            };
        } catch (HL7Exception e) {
            throw Hl7Rejection.error(Hl7Rejection.DATA_TYPE_ERROR, "A field could not be read"
                    + (e.getLocation() == null ? "" : " at " + e.getLocation().getSegmentName()));
        }
    }

    /** The acknowledgement once committed; empty when a concurrent append clashed and nothing was written. */
    private Optional<String> commit(Actor actor, Hl7Sender sender, MessageHeader header, String message, byte[] digest,
                                    Accepted accepted) {
        UUID id = UUID.randomUUID();
        List<NewEvent> toAppend = new ArrayList<>(accepted.events());
        toAppend.add(NewEvent.of(id, new MessageAccepted(id, header.sender(), header.controlId(),
                header.messageType() + "^" + header.triggerEvent(), message, accepted.ack(), sender.name())));
        try {
            events.append(actor.logName(), toAppend);
            accepted.afterCommit().run();
            return Optional.of(accepted.ack());
        } catch (DuplicateKeyException clash) {
            // The same message on two connections at once: the first one's acknowledgement stands.
            return earlierAcknowledgement(sender, header, digest);
        }
    }

    /**
     * For a control id this sender used before: the first acknowledgement when the content is the same (a resend),
     * else a refusal; nothing is recorded either way. Messages from before senders were known are matched too.
     */
    private Optional<String> earlierAcknowledgement(Hl7Sender sender, MessageHeader header, byte[] digest) {
        return db.sql("""
                        select source, ack, content_digest from inbound_message
                        where source in (?, '') and sender = ? and control_id = ? order by source desc limit 1""")
                .params(sender.name(), header.sender(), header.controlId())
                .query((rs, n) -> {
                    byte[] first = rs.getBytes("content_digest");
                    if (first == null || !java.security.MessageDigest.isEqual(first, digest)) {
                        return Acknowledgement.refuse(header, labFacility, Hl7Rejection.reject(Hl7Rejection.DUPLICATE_KEY_IDENTIFIER,
                                "Message control id " + header.controlId() + " (MSH-10) was used before by " + header.sender()
                                        + " for a different message; a resend must be the same message. Send new content under "
                                        + "a new control id; nothing was recorded"));
                    }
                    return new String(cipher.open(rs.getBytes("ack"), InboundMessageProjection.ackBinding(rs.getString("source"),
                            header.sender(), header.controlId())), StandardCharsets.UTF_8);
                })
                .optional();
    }

    private static Hl7Rejection rejection(RuntimeException refused) {
        return switch (refused) {
            case Hl7Rejection rejection -> rejection;
            case LabRuleViolation e -> Hl7Rejection.error(errorCode(e.code()), e.getMessage());
            case NotFound e -> Hl7Rejection.error(Hl7Rejection.UNKNOWN_KEY_IDENTIFIER, e.getMessage());
            case ReadRefused e -> Hl7Rejection.error(Hl7Rejection.APPLICATION_RECORD_LOCKED, e.getMessage());
            default -> Hl7Rejection.error(Hl7Rejection.DUPLICATE_KEY_IDENTIFIER, refused.getMessage());
        };
    }

    private static String errorCode(String ruleCode) {
        return switch (ruleCode) {
            case "unknown-test-code", "unknown-analyte-code", "unknown-specimen-type", "analyte-not-requested" ->
                    Hl7Rejection.TABLE_VALUE_NOT_FOUND;
            case "missing-field", "missing-value", "no-tests", "no-results" -> Hl7Rejection.REQUIRED_FIELD_MISSING;
            case "patient-mismatch", "patient-merged" -> Hl7Rejection.UNKNOWN_KEY_IDENTIFIER;
            default -> Hl7Rejection.DATA_TYPE_ERROR;
        };
    }

    private static String normalise(String text) {
        return text == null ? "" : text.replace("\r\n", "\r").replace('\n', '\r').strip();
    }
}
