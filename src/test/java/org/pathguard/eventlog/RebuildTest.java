package org.pathguard.eventlog;

import org.junit.jupiter.api.Test;
import org.pathguard.LabServerTest;
import org.pathguard.demo.DemoDay;
import org.pathguard.order.OrderDesk;
import org.pathguard.patient.PatientRegistry;
import org.pathguard.report.Reports;
import org.pathguard.result.CriticalResults;
import org.pathguard.result.Results;
import org.pathguard.result.Validation;
import org.springframework.beans.factory.annotation.Autowired;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Rebuilding every projection from the log gives exactly the same answers as before. */
class RebuildTest extends LabServerTest {

    @Autowired EventLog log;
    @Autowired DemoDay demo;
    @Autowired PatientRegistry patients;
    @Autowired OrderDesk orders;
    @Autowired Results results;
    @Autowired Reports reports;
    @Autowired Validation validation;
    @Autowired CriticalResults criticals;

    @Test
    void rebuildReproducesEveryQueryResult() throws Exception {
        // Seed 7 of the demo (NHS numbers 9990xxxxx) does not collide with other tests' patients.
        demo.seed(40, 7, 4);
        Map<String, Object> before = snapshot();
        assertThat((List<?>) before.get("table result")).isNotEmpty();
        assertThat((List<?>) before.get("reports")).isNotEmpty();

        long replayed = log.rebuild();

        assertThat(replayed).isEqualTo(eventCount());
        Map<String, Object> after = snapshot();
        assertThat(after.keySet()).isEqualTo(before.keySet());
        for (String key : before.keySet()) {
            assertThat(after.get(key)).as(key).isEqualTo(before.get(key));
        }
    }

    /** Plain columns of every projection table, plus the decrypted content behind the sealed ones. */
    private Map<String, Object> snapshot() {
        Map<String, Object> s = new LinkedHashMap<>();
        for (String table : List.of("patient", "lab_order", "order_test", "specimen", "result", "result_version",
                "critical_alert", "report")) {
            List<String> columns = db.sql("""
                            select column_name from information_schema.columns
                            where table_name = ? and data_type <> 'bytea' order by ordinal_position""")
                    .param(table).query(String.class).list();
            String list = String.join(", ", columns);
            s.put("table " + table, db.sql("select " + list + " from " + table + " order by " + list)
                    .query((rs, n) -> {
                        List<Object> row = new ArrayList<>();
                        for (int i = 1; i <= columns.size(); i++) {
                            row.add(String.valueOf(rs.getObject(i)));
                        }
                        return row;
                    }).list());
        }
        List<UUID> patientIds = db.sql("select id from patient order by id").query(UUID.class).list();
        s.put("patients", patientIds.stream().map(patients::get).toList());
        List<UUID> orderIds = db.sql("select id from lab_order order by id").query(UUID.class).list();
        s.put("clinical details", orderIds.stream().map(orders::clinicalDetails).toList());
        s.put("results", orderIds.stream().map(results::forOrder).toList());
        s.put("reports", orderIds.stream().flatMap(o -> reports.versions(o).stream()).toList());
        s.put("history", db.sql("select id from result order by id").query(UUID.class).list().stream()
                .map(results::history).toList());
        s.put("cumulative", patientIds.stream().map(results::reportableForPatient).toList());
        s.put("validation queue", validation.queue(new org.pathguard.access.Actor("rebuild.check", org.pathguard.access.Actor.Role.SCIENTIST, "PGLAB", null),
                org.pathguard.result.Validation.QueueFilter.NONE, 0, 1000));
        s.put("critical alerts", criticals.list(false));
        return s;
    }
}
