package org.pathguard.catalogue;

import org.pathguard.lab.Catalogue;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class CatalogueConfiguration {

    @Bean
    Catalogue catalogue() {
        return CatalogueFile.loadShipped();
    }
}
