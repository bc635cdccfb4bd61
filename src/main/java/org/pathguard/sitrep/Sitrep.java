package org.pathguard.sitrep;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.pathguard.incident.Incident;
import org.pathguard.incident.IncidentFigure;

/**
 * A situation report: what a lab (or the network) did over a day or a week, made from the event log's projections,
 * in the shape NHS England's incident updates ask for. Days are counted in UK time ({@code LabTime.ZONE}). The unit
 * is a test (one requested test of an order) unless a part says otherwise. {@code method} says, for every part, how
 * its figures were computed: it is printed under each table.
 *
 * @param incident  the incident in force during the period (the latest that overlaps it); null when none
 * @param reported  what the incident cell entered for the period's days (the latest entry per organisation, day and kind)
 */
public record Sitrep(Subject subject, SitrepPeriod period, Instant madeAt, Incident incident,
                     List<Activity> activity, List<ReferredOut> referredOut, List<CapacityDay> capacity,
                     List<TurnaroundFigure> turnaround, List<BacklogPoint> backlog, List<ReferredAge> referredByAge,
                     CriticalPhoning criticals, List<IncidentFigure> reported, Map<Section, String> method) {

    public Sitrep {
        activity = List.copyOf(activity);
        referredOut = List.copyOf(referredOut);
        capacity = List.copyOf(capacity);
        turnaround = List.copyOf(turnaround);
        backlog = List.copyOf(backlog);
        referredByAge = List.copyOf(referredByAge);
        reported = List.copyOf(reported);
        method = Map.copyOf(method);
    }

    /** Whom the report is about: one lab (at the lab, or at the router for a lab of the network) or the network. */
    public record Subject(Kind kind, String ods, String name) {
        public enum Kind { LAB, NETWORK }
    }

    /** The parts of a sitrep, each a table (and a chart on the screen) with its method line. */
    public enum Section {
        ACTIVITY("Tests requested, performed, referred out, deferred and rejected"),
        REFERRED_OUT("Tests referred out, by partner laboratory"),
        CAPACITY("Capacity as a share of normal"),
        TURNAROUND("Turnaround against the national consensus"),
        BACKLOG("Backlog"),
        REFERRED_AGE("Referred work awaiting results, by age"),
        CRITICALS("Critical results phoned"),
        REPORTED("Figures reported by the incident cell");

        private final String title;

        Section(String title) {
            this.title = title;
        }

        public String title() {
            return title;
        }
    }
}
