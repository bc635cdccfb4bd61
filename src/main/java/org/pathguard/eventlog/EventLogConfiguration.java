package org.pathguard.eventlog;

import org.pathguard.crypto.FieldCipher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.util.List;

@Configuration(proxyBeanMethods = false)
class EventLogConfiguration {

    // Flyway must have created the table before the writer reads the chain head.
    @Bean(destroyMethod = "close")
    @org.springframework.context.annotation.DependsOn("flywayInitializer")
    EventLog eventLog(DataSource dataSource, TransactionTemplate transactions, FieldCipher cipher,
                      List<Projection> projections) {
        return new EventLog(dataSource, transactions, cipher, projections);
    }
}
