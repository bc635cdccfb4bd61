package org.pathguard.breach.detect;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** What a line, or the few lines of an excerpt being gathered, says: filled by the rules, turned into an {@link Excerpt}. */
final class Facts {

    /** The most names one excerpt offers the matcher: a line of forty capitalised words is a heading, not a register. */
    private static final int MOST_NAMES = 24;

    long firstLine;
    int lines;
    final List<String> nhsNumbers = new ArrayList<>(2);
    final List<String> hospitalNumbers = new ArrayList<>(2);
    final List<LocalDate> dates = new ArrayList<>(2);
    final List<Names.Candidate> names = new ArrayList<>(4);
    /** "Surname: X" and "Forename: Y" written apart (on one line or neighbouring ones), joined when the excerpt ends. */
    final List<String> labelledFamilies = new ArrayList<>(1);
    final List<String> labelledGivens = new ArrayList<>(1);
    boolean nameLabelled;
    boolean birthLabelled;
    final List<String> postcodes = new ArrayList<>(1);
    final List<String> odsCodes = new ArrayList<>(1);
    final Set<DataCategory> health = EnumSet.noneOf(DataCategory.class);

    void clear(long line) {
        firstLine = line;
        lines = 0;
        nhsNumbers.clear();
        hospitalNumbers.clear();
        dates.clear();
        names.clear();
        labelledFamilies.clear();
        labelledGivens.clear();
        nameLabelled = false;
        birthLabelled = false;
        postcodes.clear();
        odsCodes.clear();
        health.clear();
    }

    boolean open() {
        return lines > 0;
    }

    boolean nothing() {
        return nhsNumbers.isEmpty() && hospitalNumbers.isEmpty() && dates.isEmpty() && !naming() && labelledGivens.isEmpty()
                && postcodes.isEmpty() && odsCodes.isEmpty();
    }

    /** Holds an identifier or a name: what an excerpt needs to be one. */
    boolean identifies() {
        return !nhsNumbers.isEmpty() || !hospitalNumbers.isEmpty() || naming();
    }

    private boolean naming() {
        return !names.isEmpty() || !labelledFamilies.isEmpty();
    }

    /** Whether {@code line} names someone again in a way this excerpt already does: then it is the next person. */
    boolean clashes(Facts line) {
        return !nhsNumbers.isEmpty() && !line.nhsNumbers.isEmpty()
                || !hospitalNumbers.isEmpty() && !line.hospitalNumbers.isEmpty()
                || naming() && line.naming()
                || !labelledGivens.isEmpty() && !line.labelledGivens.isEmpty();
    }

    void add(Facts line) {
        addAll(nhsNumbers, line.nhsNumbers);
        addAll(hospitalNumbers, line.hospitalNumbers);
        addAll(dates, line.dates);
        for (int i = 0; i < line.names.size(); i++) {
            name(line.names.get(i));
        }
        addAll(labelledFamilies, line.labelledFamilies);
        addAll(labelledGivens, line.labelledGivens);
        nameLabelled |= line.nameLabelled;
        birthLabelled |= line.birthLabelled;
        addAll(postcodes, line.postcodes);
        addAll(odsCodes, line.odsCodes);
        if (!line.health.isEmpty()) {
            health.addAll(line.health);
        }
    }

    void name(Names.Candidate candidate) {
        if (!candidate.family().isEmpty() && names.size() < MOST_NAMES && !names.contains(candidate)) {
            names.add(candidate);
        }
    }

    static <T> void addOnce(List<T> list, T value) {
        if (!list.contains(value)) {
            list.add(value);
        }
    }

    private static <T> void addAll(List<T> into, List<T> values) {
        for (int i = 0; i < values.size(); i++) {
            addOnce(into, values.get(i));
        }
    }

    /** The excerpt, or null when it holds no identifier and no name (a date or a postcode alone finds nobody). */
    Excerpt excerpt(String document) {
        if (!labelledFamilies.isEmpty()) {
            String given = labelledGivens.isEmpty() ? "" : labelledGivens.getFirst();
            for (String family : labelledFamilies) {
                name(new Names.Candidate(family, given));
            }
            nameLabelled = true;
        }
        if (nhsNumbers.isEmpty() && hospitalNumbers.isEmpty() && names.isEmpty()) {
            return null;
        }
        Set<DataCategory> categories = EnumSet.copyOf(health);
        if (!nhsNumbers.isEmpty()) {
            categories.add(DataCategory.NHS_NUMBER);
        }
        if (!hospitalNumbers.isEmpty()) {
            categories.add(DataCategory.HOSPITAL_NUMBER);
        }
        if (!names.isEmpty()) {
            categories.add(DataCategory.NAME);
        }
        if (!dates.isEmpty() && (birthLabelled || !names.isEmpty())) {
            categories.add(DataCategory.DATE_OF_BIRTH);
        }
        if (!postcodes.isEmpty()) {
            categories.add(DataCategory.POSTCODE);
        }
        return new Excerpt(document, firstLine, List.copyOf(nhsNumbers), List.copyOf(hospitalNumbers), List.copyOf(dates),
                List.copyOf(names), nameLabelled, List.copyOf(postcodes), List.copyOf(odsCodes),
                Collections.unmodifiableSet(categories));
    }
}
