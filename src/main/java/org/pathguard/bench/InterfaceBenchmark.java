package org.pathguard.bench;

import ca.uhn.fhir.context.FhirContext;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.PractitionerRole;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Specimen;
import org.pathguard.interop.hl7.MllpFrame;
import org.pathguard.interop.hl7.OrderResponse;
import org.pathguard.lab.NhsNumber;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * A load generator for a PathGuard server (one the bench started, {@link ServerProcess}, or one already running):
 * analyser results as ORU^R01 over K MLLP connections, and orders as FHIR transaction Bundles over K HTTP
 * connections. Every message waits for its answer; only AA (HL7) or a 2xx (HTTP) is a success, and every
 * other answer, timeout or broken connection is an error with its reason, set-up steps included.
 */
public final class InterfaceBenchmark {

    // U&E and LFT on one serum tube: ten results, all within the adult reference ranges (autoverified, reported).
    static final List<SyntheticMessages.Observation> TEN_RESULTS = List.of(
            obs("NA", "140", "mmol/L"), obs("K", "4.2", "mmol/L"), obs("UREA", "5.0", "mmol/L"), obs("CREA", "80", "umol/L"),
            obs("BILI", "10", "umol/L"), obs("ALT", "25", "U/L"), obs("ALP", "80", "U/L"), obs("ALB", "42", "g/L"),
            obs("TP", "70", "g/L"), obs("GGT", "30", "U/L"));

    private static final int TIMEOUT_MILLIS = 60_000;

    /** Where the load goes: the server's address, its MLLP and HTTP ports, and a credential with the orders and reception scopes. */
    public record Target(String host, int mllpPort, int httpPort, String credential) {
    }

    /** One step of a round: what was sent and how it went; set-up steps are untimed in the report but their errors count. */
    public record Step(String what, boolean setUp, Load.Figures figures) {
    }

    /** A round's steps, the measured one last. */
    public record Round(List<Step> steps) {

        public Round {
            steps = List.copyOf(steps);
        }

        public Step measured() {
            return steps.getLast();
        }

        public int errors() {
            return steps.stream().mapToInt(s -> s.figures().errors().count()).sum();
        }
    }

    private final Target target;
    private final String run = Long.toString(System.currentTimeMillis() % 1_000_000_000L, 36).toUpperCase();
    private final Pattern ours = Pattern.compile("[A-Z]{1,2}" + run + "-\\d+");
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofMillis(TIMEOUT_MILLIS)).build();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private int made;

    public InterfaceBenchmark(Target target) {
        this.target = target;
    }

    private static SyntheticMessages.Observation obs(String code, String value, String unit) {
        return new SyntheticMessages.Observation(code, "L", value, unit);
    }

    /** ORU^R01 with ten OBX each, after (untimed) orders by OML^O21 and specimen receipt through the API. */
    public Round hl7(int connections, int messages) throws InterruptedException {
        List<String> barcodes = new ArrayList<>();
        List<String> orders = new ArrayList<>();
        for (int i = 0; i < messages; i++) {
            String barcode = "B" + run + "-" + (made++);
            barcodes.add(barcode);
            orders.add(SyntheticMessages.oml("O" + barcode, "RJ122", "P" + barcode, person(), "R", null,
                    List.of(new SyntheticMessages.Request("UE", barcode, "SER"), new SyntheticMessages.Request("LFT", null, null))));
        }
        List<String> results = new ArrayList<>();
        for (String barcode : barcodes) {
            results.add(SyntheticMessages.oru("R" + barcode, barcode, null, TEN_RESULTS));
        }
        try {
            return new Round(List.of(
                    new Step("OML^O21 orders over MLLP", true, Load.run(connections, messages, () -> mllp(orders))),
                    new Step("specimen receipts over HTTP", true, Load.run(connections, messages, () -> i -> receive(barcodes.get(i)))),
                    new Step("ORU^R01 (10 OBX)", false, Load.run(connections, messages, () -> mllp(results)))));
        } finally {
            closeSockets();
        }
    }

    /**
     * Transaction Bundles placing an order each: Patient, U&E and LFT ServiceRequests, the serum Specimen. Half as many
     * go first, untimed, so that each server is measured after its JIT has compiled the path, not while it does: a
     * larger server (HAPI's JPA stack) would otherwise be timed mostly cold.
     */
    public Round fhir(int connections, int bundles) throws InterruptedException {
        List<String> warmUp = orderBundles(Math.max(1, bundles / 2));
        List<String> bodies = orderBundles(bundles);
        return new Round(List.of(
                new Step("warm-up Bundles", true,
                        Load.run(connections, warmUp.size(), () -> i -> post("/fhir", "application/fhir+json", warmUp.get(i)))),
                new Step("FHIR transaction Bundles (1 Patient, 2 ServiceRequests, 1 Specimen)", false,
                        Load.run(connections, bundles, () -> i -> post("/fhir", "application/fhir+json", bodies.get(i))))));
    }

    private List<String> orderBundles(int count) {
        FhirContext fhir = FhirContext.forR4Cached();
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            bodies.add(fhir.newJsonParser().encodeResourceToString(orderBundle("F" + run + "-" + (made++))));
        }
        return bodies;
    }

    /** One MLLP connection per worker; success is an AA (or an order response with MSA AA). */
    private Load.Operation mllp(List<String> messages) throws IOException {
        Socket socket = new Socket();
        sockets.add(socket);
        socket.connect(new InetSocketAddress(target.host(), target.mllpPort()), TIMEOUT_MILLIS);
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(TIMEOUT_MILLIS);
        InputStream in = new BufferedInputStream(socket.getInputStream());
        OutputStream outStream = new BufferedOutputStream(socket.getOutputStream());
        return i -> {
            MllpFrame.write(outStream, messages.get(i), StandardCharsets.UTF_8);
            MllpFrame.Read ack = MllpFrame.read(in, 1 << 20, StandardCharsets.UTF_8);
            if (ack == null || ack.message() == null) {
                throw new IOException("connection closed by the server without an acknowledgement");
            }
            accepted(ack.message());
        };
    }

    /**
     * Nothing when MSA-1 is AA; a refusal with MSA-1 and the reason (ERR-8, else MSA-3) otherwise, as the lab's own
     * reader of answers gives them, this run's identifiers blanked so alike refusals group.
     */
    void accepted(String ack) throws Load.Refused {
        OrderResponse answer = OrderResponse.read(ack);
        if (answer.code().equals("AA")) {
            return;
        }
        if (answer.code().isEmpty()) {
            throw new Load.Refused(ack.contains("MSA|") ? "HL7 MSA without a code" : "HL7 answer without an MSA segment");
        }
        throw new Load.Refused("HL7 " + answer.code() + " \"" + ours.matcher(answer.reason()).replaceAll("<id>") + "\"");
    }

    private void receive(String barcode) throws Load.Refused, IOException, InterruptedException {
        post("/api/specimens/" + barcode + "/receipt", "application/json", "{}");
    }

    private void post(String path, String type, String body) throws Load.Refused, IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + target.host() + ":" + target.httpPort() + path))
                .timeout(Duration.ofMillis(TIMEOUT_MILLIS))
                .header("Content-Type", type).header("Authorization", "Bearer " + (target.credential() == null ? "" : target.credential()))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        if (status / 100 != 2) {
            throw new Load.Refused("HTTP " + status);
        }
    }

    private void closeSockets() {
        for (Socket socket : sockets) {
            try {
                socket.close();
            } catch (IOException alreadyGone) {
                // closing a connection the server dropped: nothing left to release
            }
        }
        sockets.clear();
    }

    private static final java.util.concurrent.atomic.AtomicInteger NEXT_PATIENT =
            new java.util.concurrent.atomic.AtomicInteger(ThreadLocalRandom.current().nextInt(300_000));

    /**
     * A synthetic patient from 9997000000 up in the 999 test range (apart from the demo's and the tests'),
     * a different one per order; the same NHS number always gets the same details, so a rerun's patients match.
     */
    private static SyntheticMessages.Person person() {
        NhsNumber nhs;
        do {
            nhs = NhsNumber.withCheckDigit("999" + (700_000 + NEXT_PATIENT.getAndIncrement() % 300_000)).orElse(null);
        } while (nhs == null);
        int n = Integer.parseInt(nhs.value().substring(3, 9));
        return new SyntheticMessages.Person(nhs.value(), null, "Bench" + letters(n), "Load", LocalDate.of(1950, 1, 1).plusDays(n % 18_000)
                .format(java.time.format.DateTimeFormatter.BASIC_ISO_DATE), n % 2 == 0 ? "F" : "M", null);
    }

    /** The number in letters (0 is a, 9 is j): names may hold letters, not digits. */
    private static String letters(int n) {
        StringBuilder s = new StringBuilder();
        for (char c : Integer.toString(n).toCharArray()) {
            s.append((char) ('a' + (c - '0')));
        }
        return s.toString();
    }

    private static Bundle orderBundle(String barcode) {
        SyntheticMessages.Person person = person();
        Patient patient = new Patient();
        patient.addIdentifier().setSystem("https://fhir.nhs.uk/Id/nhs-number").setValue(person.nhsNumber());
        patient.addName().setFamily(person.familyName()).addGiven(person.givenName());
        patient.setGender("F".equals(person.sex()) ? Enumerations.AdministrativeGender.FEMALE : Enumerations.AdministrativeGender.MALE);
        patient.setBirthDate(java.sql.Date.valueOf(LocalDate.parse(person.dateOfBirth(), java.time.format.DateTimeFormatter.BASIC_ISO_DATE)));
        Bundle bundle = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        String patientUrl = "urn:uuid:" + UUID.randomUUID();
        add(bundle, patientUrl, patient);
        String ueUrl = "urn:uuid:" + UUID.randomUUID();
        add(bundle, ueUrl, request("UE", patientUrl, barcode));
        add(bundle, "urn:uuid:" + UUID.randomUUID(), request("LFT", patientUrl, barcode));
        Specimen serum = new Specimen();
        serum.addIdentifier().setSystem("https://pathguard.nhs.uk/Id/specimen-barcode").setValue(barcode);
        serum.setType(new CodeableConcept(new Coding("https://pathguard.nhs.uk/CodeSystem/specimen-type", "SER", null)));
        serum.addRequest(new Reference(ueUrl));
        serum.getCollection().setCollected(new DateTimeType(new Date()));
        add(bundle, "urn:uuid:" + UUID.randomUUID(), serum);
        return bundle;
    }

    private static ServiceRequest request(String test, String patientUrl, String placer) {
        ServiceRequest request = new ServiceRequest();
        request.setStatus(ServiceRequest.ServiceRequestStatus.ACTIVE);
        request.setIntent(ServiceRequest.ServiceRequestIntent.ORDER);
        request.setCode(new CodeableConcept(new Coding("https://pathguard.nhs.uk/CodeSystem/lab-test", test, null)));
        request.setSubject(new Reference(patientUrl));
        request.addIdentifier().setType(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/v2-0203", "PLAC", null)))
                .setValue(placer);
        PractitionerRole requester = new PractitionerRole();
        requester.setId("requester");
        requester.setPractitioner(new Reference().setDisplay("Dr Bench"));
        requester.setOrganization(new Reference().setType("Organization")
                .setIdentifier(new Identifier().setSystem("https://fhir.nhs.uk/Id/ods-organization-code").setValue("RJ122")));
        request.addContained(requester);
        request.setRequester(new Reference("#requester"));
        return request;
    }

    private static void add(Bundle bundle, String fullUrl, Resource resource) {
        bundle.addEntry().setFullUrl(fullUrl).setResource(resource).getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl(resource.fhirType());
    }
}
