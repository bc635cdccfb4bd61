package org.pathguard.demo;

import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x509.TBSCertificate;
import org.bouncycastle.asn1.x509.Time;
import org.bouncycastle.asn1.x509.V3TBSCertificateGenerator;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The demo network's TLS certificates, as an administrator makes them with keytool -genkeypair, but in this JVM (Bouncy
 * Castle's ASN.1 for the certificate, the JDK's keys and stores: keytool would be a JVM a call, a minute on two busy
 * cores). Each party (the router, each lab, the requesters' order communications) has a key pair (EC P-256) whose
 * certificate names it (CN, by which the other end's directory of HL7 senders knows it) and the loopback address it
 * listens on (for the connecting side's name check), and a trust store holding the certificates of the parties it talks
 * to. Made once per data directory; a restart keeps them. A demo convenience: a real network's certificates come from
 * its authority.
 */
public final class NetworkCertificates {

    private final Path dir;
    private final String password;

    private NetworkCertificates(Path dir, String password) {
        this.dir = dir;
        this.password = password;
    }

    /** A party's stores: its own key and certificate, and the certificates it trusts. */
    public record Party(String commonName, Path keyStore, Path trustStore, Path certificate) {
    }

    /** Two parties that talk to each other over TLS, each trusting the other's certificate. */
    public record Trust(String one, String other) {
    }

    /**
     * The certificates of {@code parties}, and for each pair in {@code trusts} each trusting the other (a lab trusts the
     * router, not the other labs: they never talk to each other). Made in {@code dir} unless there already.
     */
    public static NetworkCertificates ensure(Path dir, List<String> parties, List<Trust> trusts) {
        try {
            Files.createDirectories(dir);
            Path passwordFile = dir.resolve("store-password");
            NetworkCertificates certificates;
            if (Files.exists(passwordFile)) {
                certificates = new NetworkCertificates(dir, Files.readString(passwordFile).strip());
            } else {
                byte[] random = new byte[16];
                new SecureRandom().nextBytes(random);
                certificates = new NetworkCertificates(dir, HexFormat.of().formatHex(random));
            }
            List<String> missing = new ArrayList<>();
            for (String name : parties) {
                if (!Files.exists(certificates.party(name).trustStore())) {
                    missing.add(name);
                }
            }
            if (!missing.isEmpty()) {
                certificates.make(parties, trusts);
                Files.writeString(passwordFile, certificates.password);
                Files.setPosixFilePermissions(passwordFile, PosixFilePermissions.fromString("rw-------"));
            }
            return certificates;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Party party(String commonName) {
        return new Party(commonName, dir.resolve(commonName + "-keys.p12"), dir.resolve(commonName + "-trust.p12"),
                dir.resolve(commonName + ".cer"));
    }

    /** The key and trust stores' password (one for the demo's stores, in {@code store-password}, owner-readable only). */
    public String password() {
        return password;
    }

    /** Each party's key pair and self-signed certificate, then each trust store with the certificates of those it talks to. */
    private void make(List<String> parties, List<Trust> trusts) throws IOException {
        try {
            Map<String, X509Certificate> certificates = new HashMap<>();
            for (String name : parties) {
                KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
                generator.initialize(new ECGenParameterSpec("secp256r1"));
                KeyPair pair = generator.generateKeyPair();
                X509Certificate certificate = selfSigned(name, pair);
                certificates.put(name, certificate);
                KeyStore keys = KeyStore.getInstance("PKCS12");
                keys.load(null, null);
                keys.setKeyEntry("key", pair.getPrivate(), password.toCharArray(), new Certificate[]{certificate});
                write(keys, party(name).keyStore());
                Files.write(party(name).certificate(), certificate.getEncoded());
            }
            for (String name : parties) {
                KeyStore trusted = KeyStore.getInstance("PKCS12");
                trusted.load(null, null);
                for (Trust t : trusts) {
                    String other = t.one().equals(name) ? t.other() : t.other().equals(name) ? t.one() : null;
                    if (other != null) {
                        trusted.setCertificateEntry(other, certificates.get(other));
                    }
                }
                write(trusted, party(name).trustStore());
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot make the demo network's certificates: " + e.getMessage(), e);
        }
    }

    /**
     * A certificate as keytool -genkeypair makes one: X.509 v3, self-signed with ECDSA SHA-256, naming the party (CN)
     * and loopback (subject alternative names localhost and 127.0.0.1), valid from an hour ago for 825 days.
     */
    private static X509Certificate selfSigned(String commonName, KeyPair pair) throws GeneralSecurityException, IOException {
        X500Name name = new X500Name("CN=" + commonName);
        AlgorithmIdentifier ecdsa = new AlgorithmIdentifier(X9ObjectIdentifiers.ecdsa_with_SHA256);
        Instant now = Instant.now();
        V3TBSCertificateGenerator tbs = new V3TBSCertificateGenerator();
        tbs.setSerialNumber(new ASN1Integer(new BigInteger(64, new SecureRandom()).add(BigInteger.ONE)));
        tbs.setSignature(ecdsa);
        tbs.setIssuer(name);
        tbs.setSubject(name);
        tbs.setStartDate(new Time(Date.from(now.minus(Duration.ofHours(1)))));
        tbs.setEndDate(new Time(Date.from(now.plus(Duration.ofDays(825)))));
        tbs.setSubjectPublicKeyInfo(SubjectPublicKeyInfo.getInstance(pair.getPublic().getEncoded()));
        ExtensionsGenerator extensions = new ExtensionsGenerator();
        extensions.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[]{
                new GeneralName(GeneralName.dNSName, "localhost"), new GeneralName(GeneralName.iPAddress, "127.0.0.1")}));
        tbs.setExtensions(extensions.generate());
        TBSCertificate body = tbs.generateTBSCertificate();
        Signature signer = Signature.getInstance("SHA256withECDSA");
        signer.initSign(pair.getPrivate());
        signer.update(body.getEncoded(ASN1Encoding.DER));
        byte[] der = new DERSequence(new ASN1Encodable[]{body, ecdsa, new DERBitString(signer.sign())}).getEncoded(ASN1Encoding.DER);
        return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
    }

    private void write(KeyStore store, Path file) throws IOException, GeneralSecurityException {
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, password.toCharArray());
        }
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    }

}
