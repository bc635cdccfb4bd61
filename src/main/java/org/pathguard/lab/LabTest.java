package org.pathguard.lab;

import java.util.List;
import java.util.Map;

/**
 * An orderable test or panel: which analytes, on which specimen, within what turnaround, done in
 * which department; {@code manualEntry} tests are read at the bench and typed in, not sent by an analyser.
 */
public record LabTest(String code, String name, String department, boolean manualEntry, String specimenType,
                      List<String> analytes, Map<Priority, Integer> turnaroundMinutes) {

    public LabTest {
        analytes = List.copyOf(analytes);
        turnaroundMinutes = Map.copyOf(turnaroundMinutes);
    }
}
