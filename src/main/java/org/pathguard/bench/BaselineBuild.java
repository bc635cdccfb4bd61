package org.pathguard.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The revision a change is compared with ({@code bench hl7 --baseline REV}): resolved by git in the working tree's
 * repository, checked out beside it as a detached worktree under {@code target/baseline/SHA}, and built there with
 * the Maven Wrapper, once: a later run reuses its jar.
 */
public final class BaselineBuild {

    private BaselineBuild() {
    }

    /** The commit {@code revision} names in the repository of {@code checkout}; refused when git knows no such commit. */
    public static String resolve(Path checkout, String revision) throws IOException, InterruptedException {
        if (revision.isBlank() || revision.startsWith("-")) {
            throw new IllegalArgumentException("Not a revision: '" + revision + "'");
        }
        Git answer = git(checkout, "rev-parse", "--verify", "--quiet", revision + "^{commit}");
        if (answer.exit() != 0) {
            throw new IllegalArgumentException("Unknown revision '" + revision + "' in " + checkout.toAbsolutePath().normalize()
                    + (answer.output().isBlank() ? "" : ": " + answer.output().strip()));
        }
        return answer.output().strip();
    }

    /** The jar of {@code revision}, built beside the working tree of {@code checkout} if it is not there yet. */
    public static Build build(Path checkout, String revision, PrintStream out) throws IOException, InterruptedException {
        String sha = resolve(checkout, revision);
        Git top = git(checkout, "rev-parse", "--show-toplevel");
        if (top.exit() != 0) {
            throw new IllegalStateException(checkout.toAbsolutePath().normalize() + " is not in a git working tree: " + top.output().strip());
        }
        Path root = Path.of(top.output().strip());
        Path tree = root.resolve("target").resolve("baseline").resolve(sha);
        Path jar = tree.resolve("target").resolve("pathguard.jar");
        String name = "baseline " + sha.substring(0, 10) + (revision.equals(sha) ? "" : " (" + revision + ")");
        if (Files.exists(jar)) {
            out.println(name + ": reusing " + jar);
            return Build.ofJar(name, jar);
        }
        if (!Files.exists(tree)) {
            // A worktree whose directory went with a 'mvn clean' is still registered: prune forgets it, so it can be added again.
            git(root, "worktree", "prune");
            Git added = git(root, "worktree", "add", "--detach", tree.toString(), sha);
            if (added.exit() != 0) {
                throw new IllegalStateException("Cannot check out " + name + " in " + tree + ": " + added.output().strip());
            }
        }
        Path log = tree.resolveSibling(sha + ".build.log");
        out.println(name + ": building in " + tree + " (./mvnw -q -B -o package -DskipTests; output in " + log + ")");
        ProcessBuilder maven = new ProcessBuilder("./mvnw", "-q", "-B", "-o", "package", "-DskipTests").directory(tree.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        maven.environment().putIfAbsent("JAVA_HOME", System.getProperty("java.home"));
        int exit = maven.start().waitFor();
        if (exit != 0 || !Files.exists(jar)) {
            throw new IllegalStateException("Cannot build " + name + ": ./mvnw package in " + tree + " exited " + exit
                    + (exit == 0 ? " without " + jar : "") + "; its output (" + log + ") ends:\n" + ServerProcess.tail(ServerProcess.read(log)));
        }
        return Build.ofJar(name, jar);
    }

    private record Git(int exit, String output) {
    }

    private static Git git(Path directory, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("git", "-C", directory.toAbsolutePath().toString()));
        command.addAll(List.of(args));
        Process git = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] output = git.getInputStream().readAllBytes();
        if (!git.waitFor(60, TimeUnit.SECONDS)) {
            git.destroyForcibly();
            throw new IllegalStateException("git " + String.join(" ", args) + " did not finish");
        }
        return new Git(git.exitValue(), new String(output, java.nio.charset.StandardCharsets.UTF_8));
    }
}
