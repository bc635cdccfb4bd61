package org.pathguard.result;

import org.pathguard.crypto.FieldCipher;
import org.pathguard.lab.HoldReason;
import org.pathguard.lab.NotFound;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.List;
import java.util.UUID;

/** Reads results back from the projection, decrypting each for the reader. */
@Service
public class Results {

    private final JdbcClient db;
    private final FieldCipher cipher;

    Results(JdbcClient db, FieldCipher cipher) {
        this.db = db;
        this.cipher = cipher;
    }

    public LabResult byId(UUID resultId) {
        return db.sql("select * from result where id = ?").param(resultId).query(this::result).optional()
                .orElseThrow(() -> new NotFound("No result with id " + resultId));
    }

    public List<LabResult> forOrder(UUID orderId) {
        return db.sql("select * from result where order_id = ? order by test_code, analyte_code").param(orderId)
                .query(this::result).list();
    }

    /** Every result on one specimen (all the analytes of its tests), whatever their status. */
    List<LabResult> forSpecimen(UUID specimenId) {
        return db.sql("select * from result where specimen_id = ? order by test_code, analyte_code").param(specimenId)
                .query(this::result).list();
    }

    /**
     * The patient's latest reportable value per analyte from other specimens: the delta check's
     * baseline. Text results have no numeric value and are left out.
     */
    Map<String, BigDecimal> previousValues(UUID patientId, UUID excludingSpecimen) {
        Map<String, BigDecimal> previous = new HashMap<>();
        db.sql("""
                        select distinct on (analyte_code) * from result
                        where patient_id = ? and specimen_id <> ? and status in ('FINAL', 'AMENDED')
                        order by analyte_code, recorded_at desc, id desc""")
                .params(patientId, excludingSpecimen).query(this::result).list()
                .forEach(r -> {
                    if (r.measurement().numeric() != null) {
                        previous.put(r.analyteCode(), r.measurement().numeric());
                    }
                });
        return previous;
    }

    List<LabResult> byIds(List<UUID> ids) {
        Map<UUID, LabResult> found = db.sql("select * from result where id = any(?)").param(ids.toArray(UUID[]::new))
                .query(this::result).list().stream().collect(Collectors.toMap(LabResult::id, r -> r));
        return ids.stream().map(found::get).toList();
    }

    /** Reportable results of one patient, oldest first, for the cumulative view. */
    public List<LabResult> reportableForPatient(UUID patientId) {
        return db.sql("""
                        select * from result where patient_id = ? and status in ('FINAL', 'AMENDED')
                        order by analyte_code, recorded_at, id""")
                .param(patientId).query(this::result).list();
    }

    /** Every value the result has had, oldest first. */
    public List<ResultVersion> history(UUID resultId) {
        byId(resultId);
        return db.sql("select * from result_version where result_id = ? order by version").param(resultId)
                .query((rs, n) -> {
                    int version = rs.getInt("version");
                    return new ResultVersion(version, cipher.openJson(rs.getBytes("sealed"),
                            ResultProjection.versionBinding(resultId, version), Measurement.class),
                            rs.getTimestamp("recorded_at").toInstant(), rs.getString("recorded_by"));
                }).list();
    }

    public record ResultVersion(int version, Measurement measurement, Instant recordedAt, String recordedBy) {
    }

    /** The partner laboratory on a referred result; null (this lab) for the rest. */
    private static PerformingLab performedBy(ResultSet rs) throws SQLException {
        String odsCode = rs.getString("performed_by_ods");
        return odsCode == null ? null : new PerformingLab(odsCode, rs.getString("performed_by_name"));
    }

    LabResult result(ResultSet rs, int n) throws SQLException {
        UUID id = rs.getObject("id", UUID.class);
        String reasons = rs.getString("hold_reasons");
        Timestamp authorisedAt = rs.getTimestamp("authorised_at");
        return new LabResult(id, rs.getObject("order_id", UUID.class), rs.getObject("specimen_id", UUID.class),
                rs.getObject("patient_id", UUID.class), rs.getString("test_code"), rs.getString("analyte_code"),
                rs.getInt("version"), ResultStatus.valueOf(rs.getString("status")), rs.getBoolean("critical"),
                reasons == null ? List.of() : Arrays.stream(reasons.split(",")).map(HoldReason::valueOf).toList(),
                cipher.openJson(rs.getBytes("sealed"), ResultProjection.currentBinding(id), Measurement.class),
                rs.getTimestamp("recorded_at").toInstant(), rs.getString("recorded_by"),
                authorisedAt == null ? null : authorisedAt.toInstant(), rs.getString("authorised_by"), performedBy(rs),
                rs.getString("analyser_code"));
    }
}
