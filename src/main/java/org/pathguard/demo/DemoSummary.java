package org.pathguard.demo;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import java.util.LinkedHashMap;
import java.util.Map;

/** Counts what is in the lab right now, for the demo's summary. Reads projections only. */
@Service
public class DemoSummary {

    private final JdbcClient db;

    DemoSummary(JdbcClient db) {
        this.db = db;
    }

    public Map<String, Long> counts() {
        Map<String, Long> c = new LinkedHashMap<>();
        c.put("patients", count("select count(*) from patient"));
        c.put("orders", count("select count(*) from lab_order"));
        c.put("orders.critical", count("select count(*) from lab_order where priority = 'CRITICAL'"));
        c.put("orders.urgent", count("select count(*) from lab_order where priority = 'URGENT'"));
        c.put("orders.routine", count("select count(*) from lab_order where priority = 'ROUTINE'"));
        c.put("specimens.received", count("select count(*) from specimen where status = 'RECEIVED'"));
        c.put("specimens.rejected", count("select count(*) from specimen where status = 'REJECTED'"));
        c.put("specimens.awaited", count("select count(*) from specimen where status = 'COLLECTED'"));
        c.put("results", count("select count(*) from result"));
        c.put("results.autoverified", count("select count(*) from result where authorised_by = 'autoverification'"));
        c.put("results.authorised", count("select count(*) from result where status = 'FINAL' and authorised_by <> 'autoverification'"));
        c.put("results.held", count("select count(*) from result where status = 'PRELIMINARY'"));
        c.put("results.rejected", count("select count(*) from result where status = 'REJECTED'"));
        c.put("critical.open", count("select count(*) from critical_alert where status = 'OPEN'"));
        c.put("critical.phoned", count("select count(*) from critical_alert where status = 'ACKNOWLEDGED'"));
        c.put("reports", count("select count(*) from report"));
        c.put("orders.reported", count("select count(*) from lab_order where reported_at is not null"));
        c.put("events", count("select count(*) from event_log"));
        return c;
    }

    private long count(String sql) {
        return db.sql(sql).query(Long.class).single();
    }
}
