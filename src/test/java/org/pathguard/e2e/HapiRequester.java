package org.pathguard.e2e;

import ca.uhn.hl7v2.AcknowledgmentCode;
import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.app.Connection;
import ca.uhn.hl7v2.app.HL7Service;
import ca.uhn.hl7v2.llp.LLPException;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.parser.CanonicalModelClassFactory;
import ca.uhn.hl7v2.protocol.ReceivingApplication;
import ca.uhn.hl7v2.util.StandardSocketFactory;
import ca.uhn.hl7v2.util.idgenerator.InMemoryIDGenerator;
import ca.uhn.hl7v2.validation.impl.ValidationContextFactory;
import org.pathguard.Api;
import org.pathguard.bench.SyntheticMessages;
import org.pathguard.bench.SyntheticMessages.Person;
import org.pathguard.bench.SyntheticMessages.Request;
import org.pathguard.catalogue.CatalogueFile;
import org.pathguard.interop.hl7.Mllp;
import org.pathguard.lab.Catalogue;
import org.pathguard.lab.Priority;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A requester's order communications (a GP practice's, an emergency department's), played by HAPI, an HL7 stack
 * independent of PathGuard's: it sends OML^O21 orders over MLLP with HAPI's client, and listens with HAPI's server for
 * whatever comes back on its results endpoint (ORU^R01 reports, order status messages), keeping each and answering AA.
 */
public final class HapiRequester implements AutoCloseable {

    private static final Catalogue CATALOGUE = CatalogueFile.loadShipped();

    /** An order as sent: its HL7 text, and the acknowledgement it got (null until one came). */
    public record Order(String controlId, String placerOrderNumber, Priority priority, List<Request> tests, Person patient,
                        String text, String ack) {

        /** MSA-1 of the acknowledgement: AA when the receiver took the order. */
        public String ackCode() {
            return ack == null ? null : Mllp.field(ack, "MSA", 1);
        }

        /** The receiving lab's accession (ORC-3 of its ORL^O22), when the lab itself answered. */
        public String accession() {
            return ack == null ? null : Mllp.field(ack, "ORC", 3).split("\\^")[0];
        }

        public List<String> testCodes() {
            return tests.stream().map(Request::testCode).toList();
        }

        Order answered(String acknowledgement) {
            return new Order(controlId, placerOrderNumber, priority, tests, patient, text, acknowledgement);
        }
    }

    /** A message that came to the results endpoint, and when. */
    public record Received(String text, Instant at) {

        /** MSH-9, e.g. ORU^R01^ORU_R01. */
        public String type() {
            return Mllp.field(text, "MSH", 9);
        }

        /** The requester's placer order number (ORC-2, else OBR-2), by which it knows its order. */
        public String placerOrderNumber() {
            String orc = Mllp.field(text, "ORC", 2);
            return (orc == null || orc.isEmpty() ? Mllp.field(text, "OBR", 2) : orc).split("\\^")[0];
        }

        public String field(String segment, int field) {
            return Mllp.field(text, segment, field);
        }
    }

    private final String odsCode;
    private final int resultsPort;
    private final String address;
    private final HapiContext hapi = new DefaultHapiContext();
    private final HL7Service server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final List<Order> sent = new CopyOnWriteArrayList<>();

    private HapiRequester(String odsCode, int resultsPort, String address) throws InterruptedException {
        this.odsCode = odsCode;
        this.resultsPort = resultsPort;
        this.address = address;
        hapi.setModelClassFactory(new CanonicalModelClassFactory("2.5.1"));
        // It keeps what it is sent, as sent: judging PathGuard's messages is the test's work, not HAPI's validation's.
        hapi.setValidationContext(ValidationContextFactory.noValidation());
        // HAPI's default control-id generator writes a counter file into the working directory.
        hapi.getParserConfiguration().setIdGenerator(new InMemoryIDGenerator());
        // HAPI's default executor is shared by every context in the JVM; closing another context would stop ours.
        hapi.setExecutorService(Executors.newCachedThreadPool(Thread.ofPlatform().name("hapi-requester-" + odsCode + "-", 0)
                .daemon().factory()));
        // Its connections come from its own loopback address (all of 127/8 is loopback on Linux): a lab and the router
        // know each sender by its address, and the router and every other process also connect from 127.0.0.1.
        hapi.setSocketFactory(new StandardSocketFactory() {
            @Override
            public Socket createSocket() throws IOException {
                Socket socket = super.createSocket();
                socket.bind(new InetSocketAddress(address, 0));
                return socket;
            }
        });
        server = hapi.newServer(resultsPort, false);
        server.registerApplication("*", "*", new ReceivingApplication<>() {
            @Override
            public Message processMessage(Message message, Map<String, Object> metadata) throws HL7Exception {
                received.add(new Received(message.encode(), Instant.now()));
                try {
                    return message.generateACK(AcknowledgmentCode.AA, null);
                } catch (IOException e) {
                    throw new HL7Exception(e);
                }
            }

            @Override
            public boolean canProcess(Message message) {
                return true;
            }
        });
        server.startAndWait();
    }

    /**
     * The requester {@code odsCode} (MSH-4, ORC-21), listening for results on {@code resultsPort} (loopback), sending
     * from {@code address}, e.g. 127.0.0.11: register it as an HL7 sender at that address.
     */
    public static HapiRequester start(String odsCode, int resultsPort, String address) {
        try {
            return new HapiRequester(odsCode, resultsPort, address);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public String odsCode() {
        return odsCode;
    }

    public int resultsPort() {
        return resultsPort;
    }

    /** The address its orders come from: what the receiving lab or router registers it by. */
    public String address() {
        return address;
    }

    /**
     * A new order for a new patient: one ORC/TQ1/OBR/SPM group per test, each test its own tube of the catalogue's
     * specimen type, all under one placer order number, with the priority in TQ1-9 (S critical, A urgent, R routine).
     * Not yet sent: {@link #send(int, Order)}.
     */
    public Order order(Priority priority, String... tests) {
        String controlId = Api.unique(odsCode + "-");
        String placer = Api.unique("PL");
        List<Request> requests = java.util.Arrays.stream(tests)
                .map(test -> new Request(test, Api.unique("T"), CATALOGUE.test(test).specimenType())).toList();
        Person patient = new Person(Api.newNhsNumber(), null, Api.randomName(9), "Ada", "19700101", "F", "SE1 7EH");
        String text = SyntheticMessages.oml(controlId, odsCode, placer, patient, switch (priority) {
            case CRITICAL -> "S";
            case URGENT -> "A";
            case ROUTINE -> "R";
        }, null, requests);
        return new Order(controlId, placer, priority, requests, patient, text, null);
    }

    /**
     * Sends the order (or sends it again: the same message, as a requester resends one never acknowledged) to the MLLP
     * listener on {@code port} and returns it with the acknowledgement. Throws if no acknowledgement came: the sender
     * does not know whether it was taken, and a real one would send it again.
     */
    public Order send(int port, Order order) {
        Connection connection = null;
        try {
            connection = hapi.newClient("localhost", port, false);
            connection.getInitiator().setTimeout(LabProcess.GIVE_UP.toSeconds(), TimeUnit.SECONDS);
            Message ack = connection.getInitiator().sendAndReceive(hapi.getPipeParser().parse(order.text()));
            Order answered = order.answered(ack.encode());
            sent.add(answered);
            return answered;
        } catch (HL7Exception | LLPException | IOException e) {
            if (connection != null) {
                // The next send opens a new connection rather than reusing a broken one.
                hapi.getConnectionHub().discard(connection);
            }
            throw new IllegalStateException("No acknowledgement from port " + port + " for order " + order.controlId() + ": " + e, e);
        }
    }

    /** Every order acknowledged, in the order sent. */
    public List<Order> sent() {
        return List.copyOf(sent);
    }

    /** Everything received on the results endpoint, in the order it came. */
    public List<Received> received() {
        return List.copyOf(received);
    }

    /** The ORU^R01 reports received for this placer order number. */
    public List<Received> reports(String placerOrderNumber) {
        return received.stream().filter(r -> r.type().startsWith("ORU^R01") && placerOrderNumber.equals(r.placerOrderNumber()))
                .toList();
    }

    /** Waits until a report for each of these orders has come. */
    public void awaitReports(List<Order> orders) {
        LabProcess.await(() -> "requester " + odsCode + " has a report for each of "
                        + orders.stream().map(Order::placerOrderNumber).toList() + " (it has received: "
                        + received.stream().map(r -> r.type() + " " + r.placerOrderNumber()).toList() + ")",
                () -> orders.stream().allMatch(o -> !reports(o.placerOrderNumber()).isEmpty()));
    }

    @Override
    public void close() {
        server.stopAndWait();
        try {
            hapi.close();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
