package org.pathguard.incident;

import org.pathguard.lab.FreeText;
import org.pathguard.lab.LabRuleViolation;
import org.pathguard.lab.OdsCode;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * What the incident cell may record as a figure: an organisation by its ODS code and name, a day of the incident that
 * has happened (in UK time), a kind, a value that is not negative (a whole number for counts) and where it came from.
 * A figure for tomorrow or for before the incident was declared would be a guess or a mistake on the NHS's update.
 */
public final class FigureRules {

    /** Larger than any trust's daily postponements or any blood bank's days of stock: a typing slip, not a figure. */
    static final BigDecimal LARGEST = new BigDecimal("1000000");
    /** Days of stock are counted to a tenth or a hundredth of a day at most. */
    static final int DECIMAL_PLACES = 2;

    /** One thing wrong with an entry: the form field it is about, a stable code and words for the person. */
    public record Problem(String field, String code, String message) {
    }

    private FigureRules() {
    }

    /**
     * Every problem with the entry, in the form's order; empty when it may be recorded.
     *
     * @param today      today in UK time ({@code LabTime.ZONE})
     * @param declaredOn the day (UK time) the incident was declared
     */
    public static List<Problem> problems(FigureEntry entry, LocalDate today, LocalDate declaredOn) {
        List<Problem> problems = new ArrayList<>();
        try {
            OdsCode.parse(entry.organisationOds());
        } catch (LabRuleViolation e) {
            problems.add(new Problem("organisationOds", e.code(), "Enter the organisation's ODS code: 3 to 6 letters or digits, e.g. RJ1"));
        }
        text(problems, "organisationName", "the organisation's name", entry.organisationName());
        LocalDate day = entry.day();
        if (day == null) {
            problems.add(new Problem("day", "missing-field", "Enter the day the figure is for"));
        } else if (day.isAfter(today)) {
            problems.add(new Problem("day", "day-in-future", "The day " + day + " has not happened yet (today is " + today
                    + " in the UK): enter figures for days that have passed or today"));
        } else if (day.isBefore(declaredOn)) {
            problems.add(new Problem("day", "day-before-incident", "The day " + day + " is before the incident was declared on "
                    + declaredOn + ": enter figures for the incident's days"));
        }
        if (entry.kind() == null) {
            problems.add(new Problem("kind", "missing-field", "Choose what the figure counts"));
        }
        BigDecimal value = entry.value();
        if (value == null) {
            problems.add(new Problem("value", "missing-field", "Enter the figure"));
        } else if (value.signum() < 0) {
            problems.add(new Problem("value", "value-negative", "The figure cannot be negative"));
        } else if (entry.kind() != null && entry.kind().whole() && value.stripTrailingZeros().scale() > 0) {
            problems.add(new Problem("value", "value-not-whole", "The number of " + entry.kind().words()
                    + " is a count: enter a whole number"));
        } else if (value.stripTrailingZeros().scale() > DECIMAL_PLACES) {
            problems.add(new Problem("value", "value-too-precise", "Enter the figure with at most " + DECIMAL_PLACES + " decimal places"));
        } else if (value.compareTo(LARGEST) > 0) {
            problems.add(new Problem("value", "value-too-large", "The figure is larger than " + LARGEST.toPlainString()
                    + "; check what was typed"));
        }
        text(problems, "source", "where the figure came from (e.g. \"trust bed meeting 08:00\")", entry.source());
        return problems;
    }

    /** The entry as it is recorded (ODS code in capitals, text trimmed), or the first problem as a refusal. */
    public static FigureEntry checked(FigureEntry entry, LocalDate today, LocalDate declaredOn) {
        List<Problem> problems = problems(entry, today, declaredOn);
        if (!problems.isEmpty()) {
            Problem first = problems.getFirst();
            throw new LabRuleViolation(first.code(), first.field() + ": " + first.message());
        }
        return new FigureEntry(OdsCode.parse(entry.organisationOds()).value(), entry.organisationName().strip(), entry.day(),
                entry.kind(), plain(entry.value()), entry.source().strip());
    }

    /** 12.50 as 12.5 and 100 as 100 (not 1E+2): the value as a person would write it. */
    static BigDecimal plain(BigDecimal value) {
        BigDecimal stripped = value.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }

    private static void text(List<Problem> problems, String field, String words, String value) {
        try {
            FreeText.line(field, value);
        } catch (LabRuleViolation e) {
            problems.add(new Problem(field, e.code(), value == null || value.isBlank() ? "Enter " + words
                    : e.getMessage().replace(field, "This")));
        }
    }
}
