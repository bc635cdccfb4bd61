package org.pathguard.breach;

import org.pathguard.breach.detect.DataCategory;

import java.util.Set;
import java.util.UUID;

/**
 * A registered patient found in one excerpt of a dump.
 *
 * @param patientId   the patient's id as the API gives it (pseudonymous)
 * @param confirmed   matched by NHS number, hospital number, or family name + date of birth with the given name
 *                    agreeing where one is written; otherwise possible (a name alone, or a number whose name disagrees)
 * @param identifiers how it was matched: "nhs-number", "hospital-number", "name+date-of-birth", "name"
 * @param categories  the data exposed about the patient there
 */
record Match(UUID patientId, boolean confirmed, Set<String> identifiers, Set<DataCategory> categories) {
}
