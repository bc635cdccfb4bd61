package org.pathguard;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Certificates made as an administrator makes them, with the JDK's keytool: each lab a key pair (EC P-256) whose
 * certificate names it (CN, for the directory of HL7 senders) and the host it listens on (localhost, for the
 * connecting side's name check), and a trust store holding the certificates of the labs it talks to.
 */
public final class TlsCertificates {

    public static final String PASSWORD = "changeit-test";

    private final Path dir;

    public TlsCertificates(Path dir) {
        this.dir = dir;
    }

    /** One lab's key store (its own key and certificate) and trust store (the certificates it trusts). */
    public record Lab(String commonName, Path keyStore, Path trustStore, Path certificate) {
    }

    public Lab lab(String commonName) throws Exception {
        Lab lab = existing(commonName);
        keytool("-genkeypair", "-alias", "key", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=" + commonName,
                "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "2", "-keystore", lab.keyStore().toString());
        keytool("-exportcert", "-alias", "key", "-keystore", lab.keyStore().toString(), "-file", lab.certificate().toString());
        return lab;
    }

    /** The stores of a lab made before, by name. */
    public Lab existing(String commonName) {
        return new Lab(commonName, dir.resolve(commonName + "-keys.p12"), dir.resolve(commonName + "-trust.p12"),
                dir.resolve(commonName + ".cer"));
    }

    /** Each lab trusts the other's certificate. */
    public void trust(Lab one, Lab other) throws Exception {
        keytool("-importcert", "-noprompt", "-alias", other.commonName(), "-file", other.certificate().toString(),
                "-keystore", one.trustStore().toString());
        keytool("-importcert", "-noprompt", "-alias", one.commonName(), "-file", one.certificate().toString(),
                "-keystore", other.trustStore().toString());
    }

    private static void keytool(String... args) throws Exception {
        String keytool = Path.of(ProcessHandle.current().info().command().orElseThrow()).resolveSibling("keytool").toString();
        List<String> command = new ArrayList<>(List.of(keytool));
        command.addAll(List.of(args));
        command.addAll(List.of("-storetype", "PKCS12", "-storepass", PASSWORD));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(new String(p.getInputStream().readAllBytes())).isZero();
    }
}
