package org.pathguard.demo;

import java.math.BigDecimal;
import java.time.InstantSource;
import java.time.LocalDate;
import java.util.List;

import org.pathguard.access.Actor;
import org.pathguard.incident.FigureEntry;
import org.pathguard.incident.FigureKind;
import org.pathguard.incident.Incident;
import org.pathguard.incident.Incidents;
import org.pathguard.lab.LabTime;
import org.pathguard.lab.RequesterSetting;
import org.pathguard.result.CriticalResults;
import org.springframework.stereotype.Service;

/**
 * What the demo day's sitrep needs beyond the day's work, done through the lab's own services as its people would:
 * each requester's setting in the lab's directory (with whom to phone), so turnaround is measured against the right
 * target; and an incident declared by the lab manager, confirmed by the duty pathologist, with the figures the trusts'
 * incident cell reported for the day (elective procedures and outpatient appointments postponed, O-negative stock).
 */
@Service
public class DemoIncident {

    private static final Actor MANAGER = new Actor("lm.duty", Actor.Role.LAB_MANAGER);
    private static final Actor PATHOLOGIST = new Actor("cs.authoriser", Actor.Role.AUTHORISER);

    /** A requester of the demo day, where it works and whom the lab phones there; synthetic numbers (Ofcom's drama range). */
    private record Requester(String ods, String contact, String phone, String bleep, RequesterSetting setting) {
    }

    private static final List<Requester> REQUESTERS = List.of(
            new Requester("RJZ01", "Emergency department nurse in charge", "020 7946 0101", "4401", RequesterSetting.ED),
            new Requester("RJ122", "Ward 7 nurses' station", "020 7946 0122", "4122", RequesterSetting.WARD),
            new Requester("RJ224", "Cardiac ward coordinator", "020 7946 0224", "4224", RequesterSetting.WARD),
            new Requester("RJ231", "Outpatient clinics reception", "020 7946 0231", null, RequesterSetting.OUTPATIENTS),
            new Requester("G85001", "Duty doctor", "020 7946 0001", null, RequesterSetting.GP),
            new Requester("G85013", "Duty doctor", "020 7946 0013", null, RequesterSetting.GP),
            new Requester("G85026", "Duty doctor", "020 7946 0026", null, RequesterSetting.GP),
            new Requester("G85038", "Duty doctor", "020 7946 0038", null, RequesterSetting.GP),
            new Requester("G85055", "Practice manager", "020 7946 0055", null, RequesterSetting.GP),
            new Requester("G85711", "Duty doctor", "020 7946 0711", null, RequesterSetting.GP));

    private final CriticalResults criticals;
    private final Incidents incidents;
    private final InstantSource clock;

    DemoIncident(CriticalResults criticals, Incidents incidents, InstantSource clock) {
        this.criticals = criticals;
        this.incidents = incidents;
        this.clock = clock;
    }

    /** Records every demo requester's setting and contact; then, unless one is in force, the demo's incident and its figures. */
    public Incident declare() {
        for (Requester r : REQUESTERS) {
            criticals.setContact(MANAGER, r.ods(), r.contact(), r.phone(), r.bleep(), r.setting());
        }
        if (incidents.inForce().isPresent()) {
            return incidents.inForce().get();
        }
        Incident incident = incidents.declare(MANAGER, "Ransomware on the LIS: the chemistry analysers' middleware is offline; "
                + "critical and urgent work referred to partner labs, routine GP work deferred");
        incidents.confirm(PATHOLOGIST, incident.id());
        LocalDate today = LocalDate.ofInstant(clock.instant(), LabTime.ZONE);
        enter(incident, "RJ1", "Guy's and St Thomas' NHS Foundation Trust", today, FigureKind.ELECTIVE_PROCEDURES_POSTPONED, "312",
                "Trust bed meeting 08:00");
        enter(incident, "RJ1", "Guy's and St Thomas' NHS Foundation Trust", today, FigureKind.OUTPATIENT_APPOINTMENTS_POSTPONED, "1480",
                "Outpatient bookings report");
        enter(incident, "RJZ", "King's College Hospital NHS Foundation Trust", today, FigureKind.ELECTIVE_PROCEDURES_POSTPONED, "176",
                "Trust silver command");
        enter(incident, "RJZ", "King's College Hospital NHS Foundation Trust", today, FigureKind.O_NEGATIVE_STOCK_DAYS, "2.5",
                "Blood bank stock count 07:30");
        return incidents.incident(incident.id());
    }

    private void enter(Incident incident, String ods, String name, LocalDate day, FigureKind kind, String value, String source) {
        incidents.enterFigure(MANAGER, incident.id(), new FigureEntry(ods, name, day, kind, new BigDecimal(value), source));
    }
}
