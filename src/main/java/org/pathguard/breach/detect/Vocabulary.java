package org.pathguard.breach.detect;

import java.util.Set;

/**
 * What the detector knows of this lab, none of it a patient's identifier.
 *
 * @param testNames           the catalogue's test and analyte names and codes ("Potassium", "HbA1c", "K"), as written
 * @param units               result units ("mmol/L", "g/L") that mark a number beside them as a result value
 * @param hospitalNumberShapes the shapes of the lab's hospital numbers as letter/digit patterns ("LLDDDDDD" for
 *                            "RX123456"; L a letter, D a digit), learned from the registry or configured
 * @param odsCodes            the organisation codes of the lab's requesters and partner labs
 */
public record Vocabulary(Set<String> testNames, Set<String> units, Set<String> hospitalNumberShapes, Set<String> odsCodes) {
}
