package org.pathguard.demo;

import org.pathguard.lab.RequesterSetting;
import org.pathguard.access.Actor;
import org.pathguard.lab.Analyte;
import org.pathguard.lab.Catalogue;
import org.pathguard.lab.LabRuleViolation;
import org.pathguard.lab.LabTest;
import org.pathguard.lab.Priority;
import org.pathguard.lab.ReferenceRange;
import org.pathguard.lab.Sex;
import org.pathguard.result.LabResult;
import org.pathguard.result.ResultDesk;
import org.pathguard.result.ResultStatus;
import org.pathguard.result.ResultSubmission;
import org.pathguard.result.Validation;
import org.pathguard.router.NetworkRequester;
import org.pathguard.specimen.SpecimenReception;
import org.springframework.context.ApplicationContext;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * A synthetic day of a network's orders, as requesters' order communications send them: OML^O21 over MLLP to the
 * router, one message per order, from GP practices (mostly routine), emergency departments (critical and urgent) and
 * wards (urgent and routine), with the tubes' barcodes in SPM. And the labs' side of each order, through the labs' own
 * services as the single-lab demo's day: reception receives the tubes, the analyser's results are recorded (values
 * within the patient's reference range, so most are autoverified) and any held result is authorised.
 */
public final class NetworkDay {

    private static final DateTimeFormatter HL7_TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");
    private static final List<String> CLINICIANS = List.of("C3456789^Okonkwo^Ada", "C4567890^Haldane^Joe", "C5678901^Ferreira^Ines",
            "C6789012^Nakamura^Ken");

    private NetworkDay() {
    }

    /** A tube: its barcode and specimen type. */
    public record Tube(String barcode, String specimenType) {
    }

    /** One order of the day: who asked, which lab normally does it, the placer number, and the message sent. */
    public record DemoOrder(int number, String requester, String homeLab, String placerNumber, Priority priority, List<String> tests,
                            List<Tube> tubes, Sex sex, int ageYears, String message) {
    }

    /**
     * {@code count} orders for as many synthetic patients (NHS numbers from the 999 test range), in the order they arrive.
     * {@code run} keeps placer numbers, barcodes and control ids apart from another day's on the same network.
     */
    public static List<DemoOrder> orders(int count, long seed, String run, Catalogue catalogue) {
        return orders(count, seed, run, catalogue, DemoNetwork.requesters());
    }

    /** As {@link #orders(int, long, String, Catalogue)}, from these requesters only. */
    public static List<DemoOrder> orders(int count, long seed, String run, Catalogue catalogue,
                                         List<Map.Entry<DemoNetwork.Requester, DemoNetwork.Member>> requesters) {
        List<DemoDay.SyntheticPatient> people = DemoDay.syntheticPatients(count, seed);
        Random random = new Random(seed);
        List<DemoOrder> orders = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            DemoDay.SyntheticPatient person = people.get(i);
            Map.Entry<DemoNetwork.Requester, DemoNetwork.Member> requester = requesters.get(random.nextInt(requesters.size()));
            Priority priority = priority(requester.getKey().setting(), random);
            List<String> tests = DemoDay.testsFor(priority, random);
            Map<String, Tube> tubes = new LinkedHashMap<>();
            for (String test : tests) {
                String type = catalogue.test(test).specimenType();
                if (!tubes.containsKey(type)) {
                    tubes.put(type, new Tube("N%s%05d%d".formatted(run, i, tubes.size()), type));
                }
            }
            Sex sex = random.nextBoolean() ? Sex.FEMALE : Sex.MALE;
            String placer = "P" + run + "%05d".formatted(i);
            String message = oml("OC" + run + "%05d".formatted(i), requester.getKey().ods(), placer, person, sex, priority,
                    CLINICIANS.get(random.nextInt(CLINICIANS.size())), tests, tubes, catalogue);
            orders.add(new DemoOrder(i, requester.getKey().ods(), requester.getValue().ods(), placer, priority, tests,
                    List.copyOf(tubes.values()), sex, Period.between(person.dateOfBirth(), LocalDate.now()).getYears(), message));
        }
        return orders;
    }

    /** Emergency departments send critical and urgent work, wards urgent and routine, GP practices mostly routine. */
    private static Priority priority(RequesterSetting setting, Random random) {
        double roll = random.nextDouble();
        return switch (setting) {
            case ED -> roll < 0.4 ? Priority.CRITICAL : Priority.URGENT;
            case WARD -> roll < 0.05 ? Priority.CRITICAL : roll < 0.5 ? Priority.URGENT : Priority.ROUTINE;
            case GP, OUTPATIENTS -> roll < 0.12 ? Priority.URGENT : Priority.ROUTINE;
        };
    }

    private static String oml(String controlId, String requester, String placer, DemoDay.SyntheticPatient p, Sex sex, Priority priority,
                              String clinician, List<String> tests, Map<String, Tube> tubes, Catalogue catalogue) {
        String now = ZonedDateTime.now(ZoneOffset.UTC).format(HL7_TIME) + "+0000";
        String code = switch (priority) {
            case CRITICAL -> "S";
            case URGENT -> "A";
            case ROUTINE -> "R";
        };
        StringBuilder m = new StringBuilder("MSH|^~\\&|ORDERCOMMS|" + requester + "|PATHGUARD|PGNET|" + now + "||OML^O21^OML_O21|"
                + controlId + "|P|2.5.1");
        m.append("\rPID|1||").append(p.nhsNumber()).append("^^^NHS^NH||").append(p.familyName()).append('^').append(p.givenName())
                .append("||").append(p.dateOfBirth().toString().replace("-", "")).append('|').append(sex == Sex.FEMALE ? "F" : "M")
                .append("|||^^^^").append(p.postcode());
        Set<String> sent = new LinkedHashSet<>();
        int n = 0;
        for (String test : tests) {
            m.append("\rORC|NW|").append(placer).append("||||||||||").append(clinician).append("|||||||||").append(requester)
                    .append("^^^^^^^^^").append(requester);
            m.append("\rTQ1|1||||||||").append(code);
            m.append("\rOBR|").append(++n).append('|').append(placer).append("||").append(test).append("^^L");
            Tube tube = tubes.get(catalogue.test(test).specimenType());
            if (sent.add(tube.barcode())) {
                m.append("\rSPM|1|").append(tube.barcode()).append("||").append(tube.specimenType()).append("^^L|||||||||||||")
                        .append(now);
            }
        }
        return m.toString();
    }

    /** What a lab's work on an order came to: results released, and why any were left held (none: the report goes). */
    public record Work(String lab, int released, List<String> held) {
    }

    /**
     * The lab's work on an order it holds: reception receives each tube, the analysers' results are recorded, a scientist
     * authorises what autoverification held.
     */
    public static Work result(ApplicationContext lab, String labOds, DemoOrder order) {
        Catalogue catalogue = lab.getBean(Catalogue.class);
        Actor reception = new Actor("mla.reception", Actor.Role.SCIENTIST, labOds, null);
        Actor analyser = new Actor("analyser.cobas-1", Actor.Role.INTERFACE, labOds, null);
        Actor authoriser = new Actor("cs.authoriser", Actor.Role.AUTHORISER, labOds, null);
        SpecimenReception specimens = lab.getBean(SpecimenReception.class);
        ResultDesk results = lab.getBean(ResultDesk.class);
        Validation validation = lab.getBean(Validation.class);
        int released = 0;
        List<String> held = new ArrayList<>();
        Actor scientist = new Actor("bms.duty", Actor.Role.SCIENTIST, labOds, null);
        for (Tube tube : order.tubes()) {
            specimens.receive(reception, tube.barcode(), Instant.now());
            // The analyser sends what it measured; a scientist types in the manual tests (a blood group read at the bench).
            Map<Boolean, List<ResultSubmission.Item>> byHand = new LinkedHashMap<>();
            Set<String> done = new LinkedHashSet<>();
            for (String code : order.tests()) {
                LabTest test = catalogue.test(code);
                if (!test.specimenType().equals(tube.specimenType())) {
                    continue;
                }
                for (String analyteCode : test.analytes()) {
                    Analyte analyte = catalogue.analyte(analyteCode);
                    if (done.add(analyteCode)) {
                        byHand.computeIfAbsent(test.manualEntry(), k -> new ArrayList<>())
                                .add(new ResultSubmission.Item(analyteCode, normal(analyte, order), analyte.unit(), null));
                    }
                }
            }
            for (Map.Entry<Boolean, List<ResultSubmission.Item>> entry : byHand.entrySet()) {
                for (LabResult r : results.record(entry.getKey() ? scientist : analyser,
                        new ResultSubmission(tube.barcode(), List.of(), entry.getValue()))) {
                    if (r.status() == ResultStatus.FINAL) {
                        released++;
                    } else if (r.status() == ResultStatus.PRELIMINARY) {
                        try {
                            validation.authorise(authoriser, r.id(), "Clinically consistent");
                            released++;
                        } catch (LabRuleViolation stillHeld) {
                            // A result the authoriser may not release yet stays held, as at a lab.
                            held.add(r.analyteCode() + ": " + stillHeld.getMessage());
                        }
                    } else {
                        held.add(r.analyteCode() + ": " + r.status());
                    }
                }
            }
        }
        return new Work(labOds, released, List.copyOf(held));
    }

    /** The middle of the patient's reference range: a value autoverification releases. */
    private static String normal(Analyte analyte, DemoOrder order) {
        if (analyte.coded()) {
            return "O RhD positive";
        }
        if (!analyte.numeric()) {
            return "No abnormality detected";
        }
        ReferenceRange range = analyte.rangeFor(order.sex(), order.ageYears())
                .orElse(analyte.ranges().isEmpty() ? null : analyte.ranges().getFirst());
        if (range == null) {
            return analyte.possible().low().add(analyte.possible().high()).divide(BigDecimal.TWO, 0, RoundingMode.HALF_UP).toPlainString();
        }
        double low = range.low() == null ? 0 : range.low().doubleValue();
        double high = range.high() == null ? low * 2 + 1 : range.high().doubleValue();
        int decimals = analyte.decimals() == null ? 2 : analyte.decimals();
        return BigDecimal.valueOf((low + high) / 2).setScale(decimals, RoundingMode.HALF_UP).toPlainString();
    }
}
