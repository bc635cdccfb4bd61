package org.pathguard.posture;

import org.pathguard.access.Actor;
import org.pathguard.lab.NotFound;
import org.pathguard.result.ThisLab;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The software bill of materials of what runs: CycloneDX JSON the build writes into the classes
 * ({@code META-INF/sbom/application.cdx.json}, the cyclonedx-maven-plugin as Spring Boot's parent configures it), so it
 * travels inside the jar it describes. Read once: what runs does not change while it runs.
 */
@Component
class Sbom {

    static final String RESOURCE = "META-INF/sbom/application.cdx.json";

    /** What the posture shows of it; {@code problem} says why there is none. */
    record Summary(String problem, String application, int components, Instant madeAt, String runningJar, String runningJarSha256) {

        /** A3.a: the lab can say what software runs only if the build listed it. */
        Rating rating() {
            return problem == null && components > 0 ? Rating.ACHIEVED : Rating.NOT_ACHIEVED;
        }

        /**
         * B4.d: a build older than {@code max} carries none of the dependency fixes since (partially achieved); twice as
         * old, or of unknown age, not achieved.
         */
        Rating buildAge(Instant now, Duration max) {
            if (madeAt == null) {
                return Rating.NOT_ACHIEVED;
            }
            Duration age = Duration.between(madeAt, now);
            return age.compareTo(max.multipliedBy(2)) > 0 ? Rating.NOT_ACHIEVED
                    : age.compareTo(max) > 0 ? Rating.PARTIALLY_ACHIEVED : Rating.ACHIEVED;
        }
    }

    private final ThisLab lab;
    private volatile byte[] json;
    private volatile Summary summary;

    Sbom(ThisLab lab) {
        this.lab = lab;
    }

    /**
     * The SBOM's bytes, for this lab's manager and privacy officer (to give the lab's vulnerability scanner); a partner
     * lab's, whatever their role, is refused, as for the posture itself.
     */
    byte[] json(Actor by) {
        Posture.requireOfThisLab(lab, by, "The software bill of materials", Actor.Role.LAB_MANAGER, Actor.Role.AUDITOR);
        summary();
        if (json == null) {
            throw new NotFound("This build carries no software bill of materials (" + RESOURCE + "): " + summary.problem());
        }
        return json.clone();
    }

    Summary summary() {
        if (summary == null) {
            synchronized (this) {
                if (summary == null) {
                    summary = read();
                }
            }
        }
        return summary;
    }

    private Summary read() {
        byte[] bytes;
        try (InputStream in = Sbom.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                return new Summary("the build made none (" + RESOURCE + " is not on the class path)", null, 0, null, null, null);
            }
            bytes = in.readAllBytes();
        } catch (IOException e) {
            return new Summary("cannot read " + RESOURCE + ": " + e.getClass().getSimpleName(), null, 0, null, null, null);
        }
        JsonNode bom;
        try {
            bom = JsonMapper.builder().build().readTree(bytes);
        } catch (RuntimeException e) {
            return new Summary(RESOURCE + " is not JSON", null, 0, null, null, null);
        }
        if (!"CycloneDX".equals(bom.path("bomFormat").asString(""))) {
            return new Summary(RESOURCE + " is not a CycloneDX bill of materials", null, 0, null, null, null);
        }
        Instant madeAt;
        try {
            madeAt = Instant.parse(bom.path("metadata").path("timestamp").asString(""));
        } catch (DateTimeParseException e) {
            madeAt = null;
        }
        JsonNode application = bom.path("metadata").path("component");
        json = bytes;
        Optional<Path> jar = runningJar();
        return new Summary(null, application.path("name").asString("") + " " + application.path("version").asString(""),
                bom.path("components").size(), madeAt, jar.map(Path::toString).orElse(null), jar.map(Sbom::sha256).orElse(null));
    }

    /** The jar this class was loaded from (a Spring Boot jar's nested classes name it), or empty when run from classes. */
    private static Optional<Path> runningJar() {
        try {
            return jarOf(Sbom.class.getProtectionDomain().getCodeSource().getLocation().toString());
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * The jar a code source names: "jar:nested:/opt/pathguard/pathguard.jar/!BOOT-INF/classes/!/" when run with
     * java -jar, "file:/opt/pathguard/pathguard.jar" for a plain jar; empty for "file:.../classes/" or a jar not on disk.
     */
    static Optional<Path> jarOf(String location) {
        int jar = location.indexOf(".jar");
        if (jar < 0) {
            return Optional.empty();
        }
        String path = location.substring(0, jar + 4).replaceFirst("^jar:", "").replaceFirst("^nested:", "file:");
        try {
            Path file = Path.of(new URI(path.startsWith("file:") ? path : "file:" + path));
            return Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
        } catch (URISyntaxException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static String sha256(Path file) {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (IOException | NoSuchAlgorithmException e) {
            return null;
        }
    }
}
