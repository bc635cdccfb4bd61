package org.pathguard.incident;

import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * A figure as the incident cell typed it, before it is checked ({@link FigureRules}): any part may be missing.
 *
 * @param organisationOds the organisation's ODS code (a trust RJ1, a site RJ122)
 * @param source          where the figure came from ("trust bed meeting 08:00", "blood bank stock count"); required
 */
public record FigureEntry(String organisationOds, String organisationName, LocalDate day, FigureKind kind, BigDecimal value,
                          String source) {
}
