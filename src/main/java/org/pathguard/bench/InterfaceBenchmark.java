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
import org.pathguard.lab.NhsNumber;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.IntPredicate;

/**
 * A load generator for a running PathGuard (./pathguard serve): analyser results as ORU^R01 over K
 * MLLP connections, and orders as FHIR transaction Bundles over K HTTP connections. Every message
 * waits for its acknowledgement; only AA (HL7) or 200 (FHIR) counts as success.
 */
public final class InterfaceBenchmark {

    // U&E and LFT on one serum tube: ten results, all within the adult reference ranges (autoverified, reported).
    private static final List<SyntheticMessages.Observation> TEN_RESULTS = List.of(
            obs("NA", "140", "mmol/L"), obs("K", "4.2", "mmol/L"), obs("UREA", "5.0", "mmol/L"), obs("CREA", "80", "umol/L"),
            obs("BILI", "10", "umol/L"), obs("ALT", "25", "U/L"), obs("ALP", "80", "U/L"), obs("ALB", "42", "g/L"),
            obs("TP", "70", "g/L"), obs("GGT", "30", "U/L"));

    private final String host;
    private final int mllpPort;
    private final int httpPort;
    private final String credential;
    private final PrintStream out;
    private final String run = Long.toString(System.currentTimeMillis() % 1_000_000_000L, 36).toUpperCase();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private int made;

    public InterfaceBenchmark(String host, int mllpPort, int httpPort, String credential, PrintStream out) {
        this.credential = credential == null ? "" : credential;
        this.host = host;
        this.mllpPort = mllpPort;
        this.httpPort = httpPort;
        this.out = out;
    }

    private static SyntheticMessages.Observation obs(String code, String value, String unit) {
        return new SyntheticMessages.Observation(code, "L", value, unit);
    }

    /** ORU^R01 with ten OBX each, after (untimed) orders by OML^O21 and specimen receipt through the API. */
    public void hl7(int[] connectionCounts, int messages) throws Exception {
        for (int connections : connectionCounts) {
            List<String> barcodes = new ArrayList<>();
            List<String> orders = new ArrayList<>();
            for (int i = 0; i < messages; i++) {
                String barcode = "B" + run + "-" + (made++);
                barcodes.add(barcode);
                orders.add(SyntheticMessages.oml("O" + barcode, "RJ122", "P" + barcode, person(), "R", null,
                        List.of(new SyntheticMessages.Request("UE", barcode, "SER"), new SyntheticMessages.Request("LFT", null, null))));
            }
            Load.run(connections, messages, () -> mllp(orders)).print(out, "  set-up: OML^O21 orders over " + connections
                    + " MLLP connections", 1, "orders");
            Load.run(connections, messages, () -> i -> receive(barcodes.get(i)))
                    .print(out, "  set-up: specimen receipts over HTTP", 1, "receipts");
            List<String> results = new ArrayList<>();
            for (String barcode : barcodes) {
                results.add(SyntheticMessages.oru("R" + barcode, barcode, null, TEN_RESULTS));
            }
            Load.run(connections, messages, () -> mllp(results))
                    .print(out, "ORU^R01 (10 OBX) over " + connections + " MLLP connections", TEN_RESULTS.size(), "results");
        }
    }

    /** Transaction Bundles placing an order each: Patient, U&E and LFT ServiceRequests, the serum Specimen. */
    public void fhir(int[] connectionCounts, int bundles) throws Exception {
        FhirContext fhir = FhirContext.forR4Cached();
        for (int connections : connectionCounts) {
            List<String> bodies = new ArrayList<>();
            for (int i = 0; i < bundles; i++) {
                bodies.add(fhir.newJsonParser().encodeResourceToString(orderBundle("F" + run + "-" + (made++))));
            }
            Load.run(connections, bundles, () -> i -> post("/fhir", "application/fhir+json", bodies.get(i)))
                    .print(out, "FHIR transaction Bundles (order: 1 Patient, 2 ServiceRequests, 1 Specimen) over "
                            + connections + " HTTP connections", 1, "orders");
        }
    }

    /** One MLLP connection per worker; success is an AA (or an order response with MSA AA). */
    private IntPredicate mllp(List<String> messages) {
        try {
            Socket socket = new Socket(host, mllpPort);
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(60_000);
            InputStream in = new BufferedInputStream(socket.getInputStream());
            OutputStream outStream = new BufferedOutputStream(socket.getOutputStream());
            return i -> {
                try {
                    MllpFrame.write(outStream, messages.get(i), StandardCharsets.UTF_8);
                    MllpFrame.Read ack = MllpFrame.read(in, 1 << 20, StandardCharsets.UTF_8);
                    return ack != null && ack.message() != null && ack.message().contains("\rMSA|AA|");
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            };
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot connect to MLLP at " + host + ":" + mllpPort, e);
        }
    }

    private boolean receive(String barcode) {
        return post("/api/specimens/" + barcode + "/receipt", "application/json", "{}");
    }

    private boolean post(String path, String type, String body) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + host + ":" + httpPort + path))
                .header("Content-Type", type).header("Authorization", "Bearer " + credential)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        try {
            int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            return status == 200 || status == 201;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
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
