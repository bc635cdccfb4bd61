package org.pathguard.hapi;

import ca.uhn.fhir.batch2.jobs.config.Batch2JobsConfig;
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.batch2.JpaBatch2Config;
import ca.uhn.fhir.jpa.api.config.JpaStorageSettings;
import ca.uhn.fhir.jpa.api.config.ThreadPoolFactoryConfig;
import ca.uhn.fhir.jpa.config.HapiJpaConfig;
import ca.uhn.fhir.jpa.config.r4.JpaR4Config;
import ca.uhn.fhir.jpa.config.util.HapiEntityManagerFactoryUtil;
import ca.uhn.fhir.jpa.model.config.PartitionSettings;
import ca.uhn.fhir.jpa.model.config.SubscriptionSettings;
import ca.uhn.fhir.jpa.model.dialect.HapiFhirPostgresDialect;
import ca.uhn.fhir.jpa.subscription.channel.config.SubscriptionChannelConfig;
import com.zaxxer.hikari.HikariConfig;
import ca.uhn.fhir.jpa.subscription.channel.config.SubscriptionChannelConfig;
import com.zaxxer.hikari.HikariDataSource;
import jakarta.persistence.EntityManagerFactory;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.core.env.Environment;
import org.springframework.orm.jpa.JpaTransactionManager;
import org.springframework.orm.jpa.LocalContainerEntityManagerFactoryBean;

import java.util.Properties;

/**
 * HAPI's JPA server for R4 with the settings the JPA server starter ships (its application.yaml and AppProperties
 * defaults), less what only a browser or an operator uses (the tester UI, CORS, the terminology uploader and the other
 * operation providers): a HikariCP pool of 10, Hibernate creating the schema ("update") with the starter's Hibernate
 * defaults (batches of 20, no caches), the PostgreSQL dialect the starter names, no full-text indexing, missing fields
 * not indexed, no external references or placeholders; subscriptions, MDM, bulk export and validation off.
 */
@Configuration
@Import({JpaR4Config.class, HapiJpaConfig.class, JpaBatch2Config.class, Batch2JobsConfig.class,
        SubscriptionChannelConfig.class, ThreadPoolFactoryConfig.class})
public class StarterConfiguration {

    @Bean(destroyMethod = "close")
    public HikariDataSource dataSource(Environment environment) {
        HikariConfig pool = new HikariConfig();
        pool.setJdbcUrl(environment.getRequiredProperty("hapi.jdbc-url"));
        pool.setUsername(environment.getProperty("hapi.jdbc-user", "postgres"));
        pool.setMaximumPoolSize(10);
        return new HikariDataSource(pool);
    }

    @Bean
    public JpaStorageSettings storageSettings() {
        JpaStorageSettings settings = new JpaStorageSettings();
        settings.setIndexMissingFields(JpaStorageSettings.IndexEnabledEnum.DISABLED);
        settings.setAdvancedHSearchIndexing(false);
        settings.setAllowExternalReferences(false);
        settings.setAutoCreatePlaceholderReferenceTargets(false);
        return settings;
    }

    @Bean
    public PartitionSettings partitionSettings() {
        return new PartitionSettings();
    }

    @Bean
    public SubscriptionSettings subscriptionSettings() {
        return new SubscriptionSettings();
    }

    @Primary
    @Bean
    public LocalContainerEntityManagerFactoryBean entityManagerFactory(ConfigurableListableBeanFactory beans, FhirContext fhir,
                                                                       JpaStorageSettings settings, HikariDataSource dataSource) {
        LocalContainerEntityManagerFactoryBean factory = HapiEntityManagerFactoryUtil.newEntityManagerFactory(beans, fhir, settings);
        factory.setPersistenceUnitName("HAPI_PU");
        factory.setDataSource(dataSource);
        Properties hibernate = new Properties();
        hibernate.put("hibernate.dialect", HapiFhirPostgresDialect.class.getName());
        hibernate.put("hibernate.hbm2ddl.auto", "update");
        hibernate.put("hibernate.search.enabled", "false");
        hibernate.put("hibernate.format_sql", "false");
        hibernate.put("hibernate.show_sql", "false");
        hibernate.put("hibernate.jdbc.batch_size", "20");
        hibernate.put("hibernate.cache.use_query_cache", "false");
        hibernate.put("hibernate.cache.use_second_level_cache", "false");
        hibernate.put("hibernate.cache.use_structured_entries", "false");
        hibernate.put("hibernate.cache.use_minimal_puts", "false");
        factory.setJpaProperties(hibernate);
        return factory;
    }

    @Primary
    @Bean
    public JpaTransactionManager transactionManager(EntityManagerFactory entityManagerFactory) {
        return new JpaTransactionManager(entityManagerFactory);
    }
}
