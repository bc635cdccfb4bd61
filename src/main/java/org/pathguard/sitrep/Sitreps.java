package org.pathguard.sitrep;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import org.pathguard.access.Actor;
import org.pathguard.lab.NotFound;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;

/**
 * The one way in for the API, the screen and the PDF: a sitrep asked for in words ("week", "2026-12-07", "RJ1"),
 * checked, and made by whichever {@link SitrepSource} this mode has (the lab's projections, or the router's ledger).
 */
@Service
public class Sitreps {

    private final ObjectProvider<SitrepSource> sources;

    // Each mode brings its own source; a mode without one answers in words rather than failing to start.
    Sitreps(ObjectProvider<SitrepSource> sources) {
        this.sources = sources;
    }

    public List<Sitrep.Subject> subjects(Actor actor) {
        return source().subjects(actor);
    }

    private SitrepSource source() {
        SitrepSource source = sources.getIfAvailable();
        if (source == null) {
            throw new NotFound("This server makes no sitreps");
        }
        return source;
    }

    /**
     * @param subject an ODS code, or "network" for the network's own; blank for the first this actor may see
     *                (the lab itself at a lab)
     */
    public Sitrep make(Actor actor, String length, String firstDay, String subject) {
        SitrepSource source = source();
        List<Sitrep.Subject> subjects = source.subjects(actor);
        SitrepPeriod period = SitrepPeriod.parse(length, firstDay);
        return source.make(actor, chosen(subjects, subject), period);
    }

    static Sitrep.Subject chosen(List<Sitrep.Subject> subjects, String asked) {
        if (asked == null || asked.isBlank()) {
            return subjects.getFirst();
        }
        String wanted = asked.strip();
        return subjects.stream()
                .filter(s -> wanted.equalsIgnoreCase(s.ods())
                        || s.kind() == Sitrep.Subject.Kind.NETWORK && wanted.toLowerCase(Locale.ROOT).equals("network"))
                .findFirst()
                .orElseThrow(() -> new NotFound("No sitrep about " + (wanted.length() > 12 ? wanted.substring(0, 12) + "…" : wanted)
                        + " here; ask about " + subjects.stream().map(s -> s.ods() == null ? "network" : s.ods())
                        .collect(Collectors.joining(", "))));
    }
}
