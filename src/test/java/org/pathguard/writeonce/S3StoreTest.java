package org.pathguard.writeonce;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.ObjectLockRetention;
import software.amazon.awssdk.services.s3.model.ObjectLockRetentionMode;
import software.amazon.awssdk.services.s3.model.ObjectVersion;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

/**
 * The S3 repository against S3Mock, a real S3-compatible server run as its own process: the build
 * copies its executable jar into target/s3mock (it is a Spring Boot application of its own, so it
 * stays off our classpath). The test makes one bucket with Object Lock and one without, and checks
 * what the server holds through a client of its own. S3Mock 5.2.0 neither applies a lock asked for
 * on upload nor enforces one (it deletes a locked version), so refused deletes are not tested here.
 */
class S3StoreTest {

    private static final Path S3MOCK_JAR = Path.of("target/s3mock/s3mock.jar");
    private static final Path S3MOCK_LOG = Path.of("target/s3mock/s3mock.log");
    private static final Pattern HTTP_PORT = Pattern.compile("Tomcat started on ports? .*?(\\d+) \\(http\\)");
    private static final String LOCKED = "locked-backups";
    private static final String UNLOCKED = "plain-backups";

    @TempDir
    static Path store;

    private static Process s3mock;
    private static Thread stopAtExit;
    private static String endpoint;
    private static S3Client server;

    @BeforeAll
    static void startS3Mock() throws Exception {
        assertThat(S3MOCK_JAR).as("copied by the build (maven-dependency-plugin, generate-test-resources)").isRegularFile();
        // Random ports, read back from its log: a port picked here could be taken before S3Mock binds it.
        s3mock = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:TieredStopAtLevel=1", "-jar", S3MOCK_JAR.toString(),
                "--http.port=0", "--server.port=0", "--spring.main.banner-mode=off",
                "--spring.mvc.log-request-details=true", "--logging.level.org.springframework.web.servlet.DispatcherServlet=TRACE",
                "--com.adobe.testing.s3mock.store.root=" + store)
                .redirectErrorStream(true).redirectOutput(S3MOCK_LOG.toFile()).start();
        stopAtExit = new Thread(s3mock::destroyForcibly);
        Runtime.getRuntime().addShutdownHook(stopAtExit);
        endpoint = "http://127.0.0.1:" + awaitHttpPort();

        // The repository takes credentials from the SDK's default chain, as in production; S3Mock accepts any.
        System.setProperty("aws.accessKeyId", "pathguard-test");
        System.setProperty("aws.secretAccessKey", "pathguard-test-secret");
        server = S3Client.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .region(Region.EU_WEST_2)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("admin", "admin-secret")))
                .endpointOverride(URI.create(endpoint)).forcePathStyle(true)
                .build();
        server.createBucket(bucket -> bucket.bucket(LOCKED).objectLockEnabledForBucket(true));
        // S3 turns versioning on with Object Lock; S3Mock needs asking.
        server.putBucketVersioning(versioning -> versioning.bucket(LOCKED)
                .versioningConfiguration(configuration -> configuration.status(BucketVersioningStatus.ENABLED)));
        server.createBucket(bucket -> bucket.bucket(UNLOCKED));
        // No default retention on the bucket: any lock on an object was asked for by the repository.
        assertThat(server.getObjectLockConfiguration(lock -> lock.bucket(LOCKED)).objectLockConfiguration().rule()).isNull();
    }

    private static int awaitHttpPort() throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        while (Instant.now().isBefore(deadline)) {
            String log = s3mockLog();
            Matcher started = HTTP_PORT.matcher(log);
            if (started.find()) {
                return Integer.parseInt(started.group(1));
            }
            if (!s3mock.isAlive()) {
                fail("S3Mock stopped with exit code " + s3mock.exitValue() + ":\n" + log);
            }
            Thread.sleep(200);
        }
        return fail("S3Mock did not start within two minutes:\n" + s3mockLog());
    }

    private static String s3mockLog() throws IOException {
        return new String(Files.readAllBytes(S3MOCK_LOG), StandardCharsets.UTF_8);
    }

    @AfterAll
    static void stopS3Mock() throws Exception {
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
        if (server != null) {
            server.close();
        }
        if (s3mock != null) {
            s3mock.destroy();
            if (!s3mock.waitFor(30, TimeUnit.SECONDS)) {
                s3mock.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
            Runtime.getRuntime().removeShutdownHook(stopAtExit);
        }
    }

    /** What S3Mock logged of a request, such as {@code PUT "/bucket/key"}, with its headers. */
    private static String loggedRequest(String request) throws IOException {
        return s3mockLog().lines()
                .filter(line -> line.contains(request + ", parameters="))
                .findFirst().orElseThrow(() -> new AssertionError("S3Mock logged no " + request));
    }

    private static String uri(String bucket, String prefix, String... options) {
        return "s3://" + bucket + "/" + prefix + "?endpoint=" + endpoint + String.join("", options);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void refusesABucketWithoutObjectLockAndOneThatDoesNotExist() {
        assertThatThrownBy(() -> WriteOnceStore.open(uri(UNLOCKED, "site-a")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("The backup bucket " + UNLOCKED + " has no Object Lock")
                .hasMessageContaining("--object-lock-enabled-for-bucket");
        assertThatThrownBy(() -> WriteOnceStore.open(uri("no-such-bucket", "site-a")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("The backup bucket no-such-bucket does not exist");
        assertThat(server.listObjectsV2(list -> list.bucket(UNLOCKED)).contents()).isEmpty();
    }

    @Test
    void storesReadsAndListsNamesUnderItsPrefix() {
        try (WriteOnceStore repository = WriteOnceStore.open(uri(LOCKED, "round-trip"))) {
            assertThat(repository.location()).isEqualTo("s3://" + LOCKED + "/round-trip/?endpoint=" + endpoint);
            repository.putOnce("segments/bbbb.segment", bytes("second segment"));
            repository.putOnce("segments/aaaa.segment", bytes("first segment"));
            repository.putOnce("manifests/0000000042.manifest", bytes("manifest 42"));
            repository.putOnce("keys/checkpoint-public.json", bytes("{\"key\":1}"));

            assertThat(repository.list("segments/")).containsExactly("segments/aaaa.segment", "segments/bbbb.segment");
            assertThat(repository.list("manifests/")).containsExactly("manifests/0000000042.manifest");
            assertThat(repository.list("checkpoints/")).isEmpty();
            assertThat(repository.read("segments/aaaa.segment")).hasValue(bytes("first segment"));
            assertThat(repository.read("keys/checkpoint-public.json")).hasValue(bytes("{\"key\":1}"));
            assertThat(repository.read("segments/cccc.segment")).isEmpty();
        }
        assertThat(server.listObjectsV2(list -> list.bucket(LOCKED).prefix("round-trip/")).contents())
                .extracting(S3Object::key)
                .containsExactly("round-trip/keys/checkpoint-public.json", "round-trip/manifests/0000000042.manifest",
                        "round-trip/segments/aaaa.segment", "round-trip/segments/bbbb.segment");
    }

    @Test
    void theSameBytesAgainAreFineOtherBytesAreRefusedByTheServer() {
        try (WriteOnceStore repository = WriteOnceStore.open(uri(LOCKED, "write-once"))) {
            repository.putOnce("manifests/0000000001.manifest", bytes("original"));
            repository.putOnce("manifests/0000000001.manifest", bytes("original"));

            assertThatThrownBy(() -> repository.putOnce("manifests/0000000001.manifest", bytes("tampered")))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("already holds a different manifests/0000000001.manifest")
                    .hasMessageContaining("write-once");
            assertThat(repository.read("manifests/0000000001.manifest")).hasValue(bytes("original"));
        }
        // One version only: the conditional PUT was refused, not stacked as a newer version over the original.
        List<ObjectVersion> versions = server.listObjectVersions(list -> list.bucket(LOCKED)
                .prefix("write-once/manifests/0000000001.manifest")).versions();
        assertThat(versions).singleElement().extracting(ObjectVersion::versionId).isNotIn(null, "null");
    }

    @Test
    void aRetryLocksAnObjectThatACrashLeftUnlocked() {
        // As a crash would leave it on a server that ignores the lock asked for on upload.
        server.putObject(put -> put.bucket(LOCKED).key("retry/segments/ffff.segment"), RequestBody.fromBytes(bytes("shipped")));
        assertThatThrownBy(() -> server.getObjectRetention(retention -> retention.bucket(LOCKED).key("retry/segments/ffff.segment")))
                .as("not locked yet").isInstanceOfSatisfying(S3Exception.class, none -> assertThat(none.statusCode()).isEqualTo(404));

        try (WriteOnceStore repository = WriteOnceStore.open(uri(LOCKED, "retry"))) {
            repository.putOnce("segments/ffff.segment", bytes("shipped"));
        }
        assertThat(server.getObjectRetention(retention -> retention.bucket(LOCKED).key("retry/segments/ffff.segment"))
                .retention().mode()).isEqualTo(ObjectLockRetentionMode.COMPLIANCE);
    }

    @Test
    void locksEachObjectInComplianceModeForTheRetentionPeriod() throws IOException {
        Instant before = Instant.now();
        try (WriteOnceStore sevenYears = WriteOnceStore.open(uri(LOCKED, "retention-default"));
             WriteOnceStore oneDay = WriteOnceStore.open(uri(LOCKED, "retention-short", "&retain-days=1"))) {
            sevenYears.putOnce("segments/dddd.segment", bytes("kept seven years"));
            oneDay.putOnce("segments/dddd.segment", bytes("kept a day"));
        }
        Instant after = Instant.now();

        ObjectLockRetention sevenYears = server.getObjectRetention(
                retention -> retention.bucket(LOCKED).key("retention-default/segments/dddd.segment")).retention();
        assertThat(sevenYears.mode()).isEqualTo(ObjectLockRetentionMode.COMPLIANCE);
        assertThat(sevenYears.retainUntilDate()).isBetween(
                before.plus(Duration.ofDays(2557)).minusSeconds(1), after.plus(Duration.ofDays(2557)).plusSeconds(1));

        // S3Mock ignores a lock asked for on upload (the repository then places it with PutObjectRetention),
        // so its request log is what shows that the upload asked for it, as S3 needs for a lock from the first byte.
        String upload = loggedRequest("PUT \"/" + LOCKED + "/retention-default/segments/dddd.segment\"");
        assertThat(upload).contains("x-amz-object-lock-mode:[COMPLIANCE]");
        Matcher until = Pattern.compile("x-amz-object-lock-retain-until-date:\\[([^]]+)]").matcher(upload);
        assertThat(until.find()).as("the upload says until when: " + upload).isTrue();
        assertThat(Instant.parse(until.group(1))).isBetween(
                before.plus(Duration.ofDays(2557)), after.plus(Duration.ofDays(2557)));

        ObjectLockRetention oneDay = server.getObjectRetention(
                retention -> retention.bucket(LOCKED).key("retention-short/segments/dddd.segment")).retention();
        assertThat(oneDay.mode()).isEqualTo(ObjectLockRetentionMode.COMPLIANCE);
        assertThat(oneDay.retainUntilDate()).isBetween(
                before.plus(Duration.ofDays(1)).minusSeconds(1), after.plus(Duration.ofDays(1)).plusSeconds(1));
    }
}
