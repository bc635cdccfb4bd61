package org.pathguard.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * A build of PathGuard that a benchmark starts processes from: the one running now (its jar, or in a test its class
 * path), or another revision's jar ({@link BaselineBuild}). Every process of a build runs on the JVM running now.
 *
 * @param name how reports call it: "current", or the baseline's revision
 * @param classPath the jar (run with {@code -jar}), or a class path run through the command's main class
 */
public record Build(String name, String classPath) {

    private static final String MAIN = "org.pathguard.cli.PathGuardCommand";

    /** The code running now: {@code java -jar target/pathguard.jar} runs from that jar, a test from its class path. */
    public static Build current() {
        return new Build("current", System.getProperty("java.class.path"));
    }

    public static Build ofJar(String name, Path jar) {
        return new Build(name, jar.toAbsolutePath().toString());
    }

    /**
     * Whether the class path is the application's own jar, run with {@code -jar}: a test's class path can be one jar too
     * (Surefire's, naming the others in its manifest), which only the application's names a Start-Class.
     */
    private boolean applicationJar() {
        if (!classPath.endsWith(".jar") || classPath.contains(java.io.File.pathSeparator)) {
            return false;
        }
        try (JarFile jar = new JarFile(classPath)) {
            Manifest manifest = jar.getManifest();
            return manifest != null && manifest.getMainAttributes().getValue("Start-Class") != null;
        } catch (IOException unreadable) {
            return false;
        }
    }

    /** Starts {@code pathguard ARGS} of this build with the given JVM options, its output (both streams) to {@code log}. */
    Process spawn(List<String> jvmOptions, List<String> args, Path log) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        if (Runtime.version().feature() >= 23) {
            // Tink's protobuf still uses sun.misc.Unsafe, which JDK 23+ warns about on every start (as ./pathguard says).
            command.add("--sun-misc-unsafe-memory-access=allow");
        }
        command.addAll(jvmOptions);
        if (applicationJar()) {
            command.addAll(List.of("-jar", classPath));
        } else {
            command.addAll(List.of("-cp", classPath, MAIN));
        }
        command.addAll(args);
        Files.createDirectories(log.getParent());
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }
}
