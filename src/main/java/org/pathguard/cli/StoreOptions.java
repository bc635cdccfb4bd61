package org.pathguard.cli;

import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Where PathGuard keeps its data and keys; shared by every sub-command. */
final class StoreOptions {

    @Option(names = "--data-dir", defaultValue = "./pathguard-data",
            description = "Data directory; the embedded PostgreSQL lives in DIR/postgres (default: ${DEFAULT-VALUE})")
    Path dataDir;

    @Option(names = "--db-url", defaultValue = "${env:PATHGUARD_DB_URL}",
            description = "JDBC URL of an external PostgreSQL (or PATHGUARD_DB_URL); user and password from "
                    + "PATHGUARD_DB_USER / PATHGUARD_DB_PASSWORD. Without it the embedded PostgreSQL is used.")
    String dbUrl;

    @Option(names = "--key-dir", description = "Directory of the encrypted data keys (default: DATA-DIR/keys)")
    Path keyDir;

    @Option(names = "--kms-key-uri", defaultValue = "${env:PATHGUARD_KMS_KEY_URI}",
            description = "Tink KMS key URI of the master key (production), e.g. aws-kms://arn:aws:kms:...")
    String kmsKeyUri;

    Path keyDirectory() {
        return (keyDir != null ? keyDir : dataDir.resolve("keys")).toAbsolutePath().normalize();
    }

    /** Spring properties for these options, passed as command-line arguments (highest precedence). */
    List<String> springArguments() {
        List<String> args = new ArrayList<>();
        args.add("--pathguard.data-dir=" + dataDir.toAbsolutePath().normalize());
        args.add("--pathguard.key-dir=" + keyDirectory());
        args.add("--pathguard.db-url=" + (dbUrl == null ? "" : dbUrl));
        if (kmsKeyUri != null) {
            args.add("--pathguard.kms-key-uri=" + kmsKeyUri);
        }
        return args;
    }
}
