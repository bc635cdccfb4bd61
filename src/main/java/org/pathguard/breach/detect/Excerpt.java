package org.pathguard.breach.detect;

import java.time.LocalDate;
import java.util.List;
import java.util.Set;

/**
 * What one place in a document says about people: a line, a table row, or a few neighbouring lines (a letter's
 * address block). The detector fills it; the matcher turns it into patients by blind index. It lives in memory
 * only: its values are identifiers in clear and are never written anywhere.
 *
 * @param document      the path inside the dump ("exports/2024.zip/results.xlsx/Sheet1")
 * @param line          the first line (1-based) of the excerpt within the document's text
 * @param nhsNumbers    ten digits each, check digit valid, in an issued range or the 999 test range
 * @param hospitalNumbers upper-case, in one of the lab's hospital-number shapes
 * @param dates         every date written here that could be a date of birth (not in the future); a two-digit year
 *                      gives both centuries
 * @param names         candidate names in the order written, each normalised by {@link Names#normalise}
 * @param nameLabelled  the excerpt names a person explicitly ("Name:", a surname column, "Mr", "Dear Ms")
 * @param postcodes     UK postcodes, upper case with one space
 * @param odsCodes      organisation codes the lab knows (from its requesters), as written in the excerpt
 * @param categories    the kinds of data exposed here, identifiers and health data alike
 */
public record Excerpt(String document, long line, List<String> nhsNumbers, List<String> hospitalNumbers,
                      List<LocalDate> dates, List<Names.Candidate> names, boolean nameLabelled,
                      List<String> postcodes, List<String> odsCodes, Set<DataCategory> categories) {
}
