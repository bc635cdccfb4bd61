package org.pathguard.result;

import org.pathguard.eventlog.NewEvent;
import org.pathguard.qc.AnalyserResults;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Patient results by the analyser that measured them, for quality control: its look-back and its holds. */
@Component
class ResultsOnAnalysers implements AnalyserResults {

    private final JdbcClient db;

    ResultsOnAnalysers(JdbcClient db) {
        this.db = db;
    }

    @Override
    public List<UUID> released(String analyser, String analyte, Instant since) {
        return db.sql("""
                        select id from result where analyser_code = ? and analyte_code = ? and status in ('FINAL', 'AMENDED')
                          and recorded_at > coalesce(?, '-infinity'::timestamptz) order by recorded_at, id""")
                .params(analyser, analyte, since == null ? null : Timestamp.from(since)).query(UUID.class).list();
    }

    @Override
    public List<NewEvent> holdAwaitingValidation(String analyser, String analyte, Instant since, UUID failureId) {
        record Held(UUID id, UUID orderId) {
        }
        return db.sql("""
                        select id, order_id from result where analyser_code = ? and analyte_code = ? and status = 'PRELIMINARY'
                          and recorded_at > coalesce(?, '-infinity'::timestamptz)
                          and not 'QC' = any(string_to_array(coalesce(hold_reasons, ''), ','))
                        order by recorded_at, id""")
                .params(analyser, analyte, since == null ? null : Timestamp.from(since))
                .query((rs, n) -> new Held(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class))).list().stream()
                .map(h -> NewEvent.of(h.orderId(), new ResultHeldForQc(h.id(), h.orderId(), failureId))).toList();
    }

    @Override
    public int heldForQc(String analyser, String analyte) {
        return db.sql("""
                        select count(*) from result where analyser_code = ? and analyte_code = ? and status = 'PRELIMINARY'
                          and 'QC' = any(string_to_array(coalesce(hold_reasons, ''), ','))""")
                .params(analyser, analyte).query(Integer.class).single();
    }
}
