package org.pathguard.writeonce;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.DefaultRetention;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectLockConfiguration;
import software.amazon.awssdk.services.s3.model.ObjectLockEnabled;
import software.amazon.awssdk.services.s3.model.ObjectLockMode;
import software.amazon.awssdk.services.s3.model.ObjectLockRetention;
import software.amazon.awssdk.services.s3.model.ObjectLockRetentionMode;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A repository in an S3 bucket with Object Lock, named {@code s3://bucket/prefix}, optionally with
 * {@code ?endpoint=http://host:port} (an S3-compatible server, addressed path-style),
 * {@code region=} (default eu-west-2) and {@code retain-days=} (default 2557, seven years).
 * Credentials come from the AWS SDK's default chain, never from the URI.
 *
 * <p>Every object is created with a conditional PUT ({@code If-None-Match: *}), so the server
 * refuses to replace a name, and is locked in compliance mode for the retention period, so nobody,
 * not even the account's root user, can delete or overwrite that version before then. The lock is
 * read back after each write rather than trusted.
 */
final class S3Store implements WriteOnceStore {

    private static final Logger log = LoggerFactory.getLogger(S3Store.class);

    /** NHS records management: pathology reports are kept for at least seven years. */
    private static final int DEFAULT_RETAIN_DAYS = 2557;
    /** London: NHS data is expected to stay in the UK. */
    private static final Region DEFAULT_REGION = Region.EU_WEST_2;

    private static final int NOT_FOUND = 404;
    private static final int PRECONDITION_FAILED = 412;

    private final S3Client s3;
    private final String bucket;
    private final String keyPrefix;
    private final Duration retention;
    private final String location;

    private S3Store(S3Client s3, String bucket, String keyPrefix, Duration retention, String location) {
        this.s3 = s3;
        this.bucket = bucket;
        this.keyPrefix = keyPrefix;
        this.retention = retention;
        this.location = location;
    }

    static S3Store open(URI uri) {
        if (!"s3".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException("Not an S3 repository (s3://bucket/prefix): " + uri);
        }
        if (uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException("Put S3 credentials in the environment (AWS_ACCESS_KEY_ID, "
                    + "AWS_SECRET_ACCESS_KEY) or an AWS profile, not in the repository URI");
        }
        String bucket = uri.getHost();
        String prefix = uri.getPath() == null ? "" : uri.getPath().replaceAll("^/+|/+$", "");
        String keyPrefix = prefix.isEmpty() ? "" : prefix + "/";
        Map<String, String> options = options(uri);
        String endpointOption = options.remove("endpoint");
        URI endpoint = endpointOption == null ? null : endpoint(endpointOption);
        String regionOption = options.remove("region");
        Region region = regionOption == null ? DEFAULT_REGION : Region.of(regionOption);
        int retainDays = retainDays(options.remove("retain-days"));
        if (!options.isEmpty()) {
            throw new IllegalArgumentException("Unknown S3 repository options " + options.keySet()
                    + " in " + uri + "; known: endpoint, region, retain-days");
        }
        String location = "s3://" + bucket + "/" + keyPrefix + (endpoint == null ? "" : "?endpoint=" + endpoint);

        S3ClientBuilder builder = S3Client.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .region(region);
        if (endpoint != null) {
            // S3-compatible servers seldom resolve bucket.host names.
            builder.endpointOverride(endpoint).forcePathStyle(true);
        }
        S3Client s3 = builder.build();
        try {
            requireObjectLock(s3, bucket, retainDays);
        } catch (RuntimeException e) {
            s3.close();
            throw e;
        }
        log.info("Backups go to {}; each object is locked in compliance mode for {} days", location, retainDays);
        return new S3Store(s3, bucket, keyPrefix, Duration.ofDays(retainDays), location);
    }

    private static Map<String, String> options(URI uri) {
        Map<String, String> options = new HashMap<>();
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                int equals = pair.indexOf('=');
                if (equals < 1) {
                    throw new IllegalArgumentException("Not a name=value option: " + pair + " in " + uri);
                }
                options.put(URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
            }
        }
        return options;
    }

    private static URI endpoint(String value) {
        URI endpoint = URI.create(value);
        if (endpoint.getHost() == null || !("http".equals(endpoint.getScheme()) || "https".equals(endpoint.getScheme()))) {
            throw new IllegalArgumentException("The S3 endpoint must be http://host:port or https://host:port, not " + value);
        }
        if (endpoint.getRawUserInfo() != null) {
            throw new IllegalArgumentException("Put S3 credentials in the environment, not in the endpoint " + endpoint.getHost());
        }
        return endpoint;
    }

    private static int retainDays(String value) {
        if (value == null) {
            return DEFAULT_RETAIN_DAYS;
        }
        try {
            int days = Integer.parseInt(value);
            if (days > 0) {
                return days;
            }
        } catch (NumberFormatException notANumber) {
            // Refused below with the same message as zero or a negative number.
        }
        throw new IllegalArgumentException("retain-days must be a whole number of days above zero, not " + value);
    }

    /**
     * Refuses a bucket without Object Lock: without it, anyone holding the credentials (or
     * ransomware using them) could delete every backup.
     */
    private static void requireObjectLock(S3Client s3, String bucket, int retainDays) {
        String createIt = "create it with Object Lock enabled (aws s3api create-bucket --bucket " + bucket
                + " --object-lock-enabled-for-bucket ...); PathGuard locks each object in compliance mode for "
                + retainDays + " days";
        ObjectLockConfiguration lock;
        try {
            lock = s3.getObjectLockConfiguration(request -> request.bucket(bucket)).objectLockConfiguration();
        } catch (NoSuchBucketException e) {
            throw new IllegalStateException("The backup bucket " + bucket + " does not exist: " + createIt, e);
        } catch (S3Exception e) {
            // S3 and MinIO answer ObjectLockConfigurationNotFoundError; S3Mock answers InvalidRequest.
            if (List.of("ObjectLockConfigurationNotFoundError", "InvalidRequest").contains(e.awsErrorDetails().errorCode())) {
                throw noObjectLock(bucket, createIt, e);
            }
            throw new IllegalStateException("Cannot read the Object Lock configuration of the backup bucket " + bucket
                    + " (the credentials need s3:GetBucketObjectLockConfiguration): " + e.getMessage(), e);
        } catch (SdkException e) {
            throw new IllegalStateException("Cannot reach the backup bucket " + bucket + ": " + e.getMessage(), e);
        }
        if (lock == null || lock.objectLockEnabled() != ObjectLockEnabled.ENABLED) {
            throw noObjectLock(bucket, createIt, null);
        }
        DefaultRetention defaults = lock.rule() == null ? null : lock.rule().defaultRetention();
        log.info("Backup bucket {} has Object Lock; its default retention is {}", bucket, defaults == null ? "none"
                : defaults.modeAsString() + " for " + (defaults.days() != null ? defaults.days() + " days" : defaults.years() + " years"));
    }

    private static IllegalStateException noObjectLock(String bucket, String createIt, Exception cause) {
        return new IllegalStateException("The backup bucket " + bucket + " has no Object Lock, so its backups could be"
                + " deleted or overwritten: " + createIt + ". An existing bucket can have it turned on instead (versioning"
                + " enabled, then aws s3api put-object-lock-configuration --bucket " + bucket
                + " --object-lock-configuration ObjectLockEnabled=Enabled)", cause);
    }

    @Override
    public void putOnce(String name, byte[] content) {
        String key = keyPrefix + name;
        try {
            // An existing name holding the same bytes is a retry after a crash; anything else is refused.
            if (!create(key, content) && !Arrays.equals(read(name).orElse(null), content)) {
                throw new IllegalStateException("The backup repository already holds a different " + name
                        + "; it is write-once, so it is left as it is");
            }
            requireLocked(key);
        } catch (SdkException e) {
            throw new IllegalStateException("Cannot write " + name + " to the backup repository " + location
                    + ": " + e.getMessage(), e);
        }
    }

    /** Creates the object, locked from its first byte, unless the name exists (the server checks: If-None-Match). */
    private boolean create(String key, byte[] content) {
        try {
            s3.putObject(request -> request.bucket(bucket).key(key)
                            .ifNoneMatch("*")
                            .checksumSHA256(sha256(content))
                            .objectLockMode(ObjectLockMode.COMPLIANCE)
                            .objectLockRetainUntilDate(Instant.now().plus(retention)),
                    RequestBody.fromBytes(content));
            return true;
        } catch (S3Exception e) {
            if (e.statusCode() == PRECONDITION_FAILED) {
                return false;
            }
            throw e;
        }
    }

    /**
     * Checks that the object is under a compliance-mode lock and places one if not: some
     * S3-compatible servers (S3Mock among them) ignore the lock asked for on upload and honour only
     * PutObjectRetention. A retry also places the lock that a crash after the upload left out.
     */
    private void requireLocked(String key) {
        ObjectLockRetention lock;
        try {
            lock = s3.getObjectRetention(request -> request.bucket(bucket).key(key)).retention();
        } catch (S3Exception e) {
            if (e.statusCode() != NOT_FOUND) {
                throw e;
            }
            lock = null;
        }
        if (lock == null || lock.mode() != ObjectLockRetentionMode.COMPLIANCE) {
            s3.putObjectRetention(request -> request.bucket(bucket).key(key).retention(retention -> retention
                    .mode(ObjectLockRetentionMode.COMPLIANCE).retainUntilDate(Instant.now().plus(this.retention))));
        }
    }

    /** Sent with the object so that S3 stores it only if it arrived intact (Object Lock requires a checksum). */
    private static String sha256(byte[] content) {
        try {
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every JDK has SHA-256", e);
        }
    }

    @Override
    public Optional<byte[]> read(String name) {
        try {
            return Optional.of(s3.getObjectAsBytes(request -> request.bucket(bucket).key(keyPrefix + name)).asByteArray());
        } catch (NoSuchKeyException missing) {
            return Optional.empty();
        } catch (SdkException e) {
            throw new IllegalStateException("Cannot read " + name + " from the backup repository " + location
                    + ": " + e.getMessage(), e);
        }
    }

    @Override
    public List<String> list(String prefix) {
        try {
            // Sorted here too: S3 orders keys by their UTF-8 bytes, S3-compatible servers may not.
            return s3.listObjectsV2Paginator(request -> request.bucket(bucket).prefix(keyPrefix + prefix))
                    .contents().stream()
                    .map(S3Object::key)
                    .map(key -> key.substring(keyPrefix.length()))
                    .sorted()
                    .toList();
        } catch (SdkException e) {
            throw new IllegalStateException("Cannot list the backup repository " + location + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String location() {
        return location;
    }

    @Override
    public void close() {
        s3.close();
    }
}
