package org.pathguard.qc;

import java.util.List;

/** Event: a lab manager registered an analyser, or changed what the lab knows of it (the same code again). */
record AnalyserRegistered(String code, String name, String department, List<String> analytes) {
}
