package org.pathguard.crypto;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.nio.file.Path;

@Configuration(proxyBeanMethods = false)
class CryptoConfiguration {

    @Bean
    Keyring keyring(@Value("${pathguard.key-dir}") Path keyDir,
                    @Value("${pathguard.kms-key-uri:${PATHGUARD_KMS_KEY_URI:}}") String kmsKeyUri,
                    @Value("${PATHGUARD_MASTER_PASSPHRASE:}") String passphrase) {
        return Keyring.open(new KeyStoreSettings(keyDir, kmsKeyUri, passphrase.toCharArray()));
    }

    @Bean
    FieldCipher fieldCipher(Keyring keyring) {
        return keyring.fieldCipher();
    }

    @Bean
    BlindIndex blindIndex(Keyring keyring) {
        return keyring.blindIndex();
    }
}
