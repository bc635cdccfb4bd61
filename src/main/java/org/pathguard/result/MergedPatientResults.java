package org.pathguard.result;

import org.pathguard.eventlog.Projection;
import org.pathguard.eventlog.ProjectionWriter;
import org.pathguard.eventlog.RecordedEvent;
import org.pathguard.patient.PatientsMerged;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Set;

/**
 * After a merge the duplicate's results are the survivor's: the cumulative view, the delta check and every read by
 * patient find them there. Values, flags and versions stay as they were released. The result table is
 * {@link ResultProjection}'s; this only moves rows between patients, so it owns no table of its own.
 */
@Component
class MergedPatientResults implements Projection {

    @Override
    public Set<String> eventTypes() {
        return Set.of("PatientsMerged");
    }

    @Override
    public List<String> tables() {
        return List.of();
    }

    @Override
    public void apply(RecordedEvent event, ProjectionWriter writer) {
        PatientsMerged merged = event.payloadAs(PatientsMerged.class);
        writer.write("update result set patient_id = ? where patient_id = ?", merged.survivorId(), merged.duplicateId());
    }
}
