package org.pathguard.database;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.nio.file.Path;

@Configuration(proxyBeanMethods = false)
class DatabaseConfiguration {

    @Bean(destroyMethod = "close")
    DatabaseServer databaseServer(@Value("${pathguard.db-url:}") String url,
                                  @Value("${pathguard.db-user:${PATHGUARD_DB_USER:}}") String user,
                                  @Value("${pathguard.db-password:${PATHGUARD_DB_PASSWORD:}}") String password,
                                  @Value("${pathguard.data-dir}") Path dataDir,
                                  @Value("${pathguard.key-dir}") Path keyDir) {
        return url.isBlank() ? DatabaseServer.embedded(dataDir.resolve("postgres"), keyDir)
                : DatabaseServer.external(url, user.isBlank() ? null : user, password.isBlank() ? null : password);
    }

    @Bean(destroyMethod = "close")
    HikariDataSource dataSource(DatabaseServer server, @Value("${pathguard.db-pool-size:16}") int poolSize) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(server.jdbcUrl());
        if (server.user() != null) {
            config.setUsername(server.user());
        }
        if (server.password() != null) {
            config.setPassword(server.password());
        }
        config.setMaximumPoolSize(poolSize);
        config.setPoolName("pathguard");
        // Batched inserts are rewritten into multi-row statements by the driver.
        config.addDataSourceProperty("reWriteBatchedInserts", "true");
        return new HikariDataSource(config);
    }
}
