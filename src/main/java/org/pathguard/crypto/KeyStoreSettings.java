package org.pathguard.crypto;

import java.nio.file.Path;

/**
 * Where the data keys live and what unlocks them. Exactly one master key source is used: a KMS key
 * URI if given, else a passphrase if given, else a local master key file (created on first run).
 */
public record KeyStoreSettings(Path keyDir, String kmsKeyUri, char[] passphrase) {

    public Path masterKeyFile() {
        return keyDir.resolve("master-key.json");
    }
}
