package org.pathguard.lab;

import java.util.List;
import java.util.Map;

/**
 * An orderable test or panel: which analytes, on which specimen, within what turnaround, done in
 * which department; {@code manualEntry} tests are read at the bench and typed in, not sent by an analyser.
 * {@code minimumRetestDays} is the lab's minimum retest interval (0 for none): a repeat sooner rarely
 * changes what is done for the patient, so order entry asks why. {@code referredTo} is the partner laboratory
 * (ODS code) that performs a test this lab does not: such a test is always referred there; null for our own tests.
 */
public record LabTest(String code, String name, String department, boolean manualEntry, String specimenType,
                      List<String> analytes, Map<Priority, Integer> turnaroundMinutes, int minimumRetestDays,
                      String referredTo) {

    public LabTest(String code, String name, String department, boolean manualEntry, String specimenType,
                   List<String> analytes, Map<Priority, Integer> turnaroundMinutes, int minimumRetestDays) {
        this(code, name, department, manualEntry, specimenType, analytes, turnaroundMinutes, minimumRetestDays, null);
    }

    public LabTest {
        analytes = List.copyOf(analytes);
        turnaroundMinutes = Map.copyOf(turnaroundMinutes);
        if (minimumRetestDays < 0) {
            throw new IllegalArgumentException("Test " + code + " has a negative minimum retest interval");
        }
    }
}
