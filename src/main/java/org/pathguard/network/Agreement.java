package org.pathguard.network;

import org.pathguard.lab.Priority;

import java.math.BigDecimal;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A mutual-aid agreement with a partner laboratory, as a lab manager set it: where its HL7 goes, the tests it
 * performs for us (our catalogue code, its own code, and LOINC where the codes differ), what it agreed to take
 * each day per priority, its hours, its turnaround per priority, how long a specimen takes to reach it, and whom
 * to phone.
 */
public record Agreement(String odsCode, String name, Endpoint endpoint, List<ReferredTest> tests,
                        Map<Priority, Integer> dailyCapacity, Hours hours, Map<Priority, Integer> turnaroundMinutes,
                        int transportMinutes, Contact contact) {

    public Agreement {
        tests = tests == null ? List.of() : List.copyOf(tests);
        dailyCapacity = dailyCapacity == null ? Map.of() : Map.copyOf(dailyCapacity);
        turnaroundMinutes = turnaroundMinutes == null ? Map.of() : Map.copyOf(turnaroundMinutes);
    }

    /** The partner's MLLP listener and how its system names itself (MSH-5, MSH-6). */
    public record Endpoint(String host, int port, String receivingApplication, String receivingFacility, boolean tls) {
    }

    /**
     * One of our tests the partner performs: its own test code (OBR-4 out) and the LOINC code where the two labs'
     * codes differ; {@code analytes} maps the partner's result codes (OBX-3) to ours where they are not our codes
     * or LOINC, with the factor that turns its unit into ours.
     */
    public record ReferredTest(String testCode, String partnerCode, String loinc, List<AnalyteCode> analytes) {

        public ReferredTest {
            analytes = analytes == null ? List.of() : List.copyOf(analytes);
        }
    }

    /** The partner's code for one of our analytes, its unit, and the factor from its unit to ours (1 when the same). */
    public record AnalyteCode(String partnerCode, String analyte, String partnerUnit, BigDecimal factor) {
    }

    /** When the partner takes work: the days and the opening and closing times, or every hour of every day. */
    public record Hours(Set<DayOfWeek> days, LocalTime opens, LocalTime closes, boolean always) {

        public static final Hours ALWAYS = new Hours(Set.of(DayOfWeek.values()), LocalTime.MIN, LocalTime.MAX, true);

        public Hours {
            days = days == null ? Set.of() : Set.copyOf(days);
        }
    }

    public record Contact(String name, String phone) {
    }

    public Optional<ReferredTest> test(String testCode) {
        return tests.stream().filter(t -> t.testCode().equals(testCode)).findFirst();
    }

    /** Our test for the partner's code (OBR-4 of its result) or for a LOINC code. */
    public Optional<ReferredTest> testForPartnerCode(String code) {
        return tests.stream().filter(t -> code.equals(t.partnerCode()) || code.equals(t.loinc())).findFirst();
    }

    /** What the partner agreed to take per day at this priority; no entry means none. */
    public int capacity(Priority priority) {
        return dailyCapacity.getOrDefault(priority, 0);
    }
}
