package org.pathguard.report;

import org.pathguard.qc.LookBackDetails;
import org.pathguard.qc.ReleasedResult;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * A QC look-back's results with what the lab needs to recall or confirm each: its order's accession and requester,
 * and the latest report that carried it. Nothing here is decrypted: these columns are not sealed.
 */
@Component
class ReportsForLookBack implements LookBackDetails {

    private final JdbcClient db;

    ReportsForLookBack(JdbcClient db) {
        this.db = db;
    }

    @Override
    public List<ReleasedResult> describe(List<UUID> resultIds) {
        Map<UUID, ReleasedResult> found = db.sql("""
                        select r.id, r.patient_id, o.accession, r.test_code, r.analyte_code, r.status, r.recorded_at, r.authorised_by,
                               o.requester_ods, o.clinician, (select max(version) from report where order_id = o.id) as report_version
                        from result r join lab_order o on o.id = r.order_id where r.id = any(?)""")
                .param(resultIds.toArray(UUID[]::new))
                .query((rs, n) -> new ReleasedResult(rs.getObject("id", UUID.class), rs.getObject("patient_id", UUID.class),
                        rs.getString("accession"), rs.getString("test_code"), rs.getString("analyte_code"), rs.getString("status"),
                        rs.getTimestamp("recorded_at").toInstant(), rs.getString("authorised_by"), rs.getString("requester_ods"),
                        rs.getString("clinician"), (Integer) rs.getObject("report_version")))
                .list().stream().collect(Collectors.toMap(ReleasedResult::resultId, r -> r));
        return resultIds.stream().map(found::get).toList();
    }
}
