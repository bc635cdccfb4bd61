package org.pathguard.sitrep;

import java.time.LocalDate;

/** Tests referred to one partner laboratory on one day. */
public record ReferredOut(LocalDate day, String partnerOds, String partnerName, int tests) {
}
