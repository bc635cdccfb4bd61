package org.pathguard.eventlog;

import org.pathguard.crypto.FieldCipher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.time.InstantSource;
import java.util.List;

@Configuration(proxyBeanMethods = false)
class EventLogConfiguration {

    /**
     * The one clock the lab's records are stamped by: the system's, except where a benchmark or a test replays weeks
     * of the past through the real services (it declares its own, {@code @Primary}).
     */
    @Bean
    InstantSource clock() {
        return InstantSource.system();
    }

    // Flyway must have created the table before the writer reads the chain head.
    @Bean(destroyMethod = "close")
    @org.springframework.context.annotation.DependsOn("flywayInitializer")
    EventLog eventLog(DataSource dataSource, TransactionTemplate transactions, FieldCipher cipher,
                      List<Projection> projections, InstantSource clock) {
        return new EventLog(dataSource, transactions, cipher, projections, clock);
    }
}
