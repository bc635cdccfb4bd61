package org.pathguard.writeonce;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A repository in a directory. A new object is written to a temporary file, forced to disk, then
 * hard-linked under its name: the link fails if the name exists, so nothing is ever replaced and
 * no half-written object is ever visible under a real name.
 */
final class DirectoryStore implements WriteOnceStore {

    private static final String PARTIAL = ".partial-";

    private final Path root;

    DirectoryStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
        try {
            Files.createDirectories(this.root);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the backup repository " + this.root, e);
        }
    }

    @Override
    public void putOnce(String name, byte[] content) {
        Path target = resolve(name);
        try {
            Files.createDirectories(target.getParent());
            if (Files.exists(target)) {
                requireSame(name, target, content);
                return;
            }
            Path partial = Files.createTempFile(target.getParent(), PARTIAL, ".tmp");
            try {
                try (FileChannel channel = FileChannel.open(partial, StandardOpenOption.WRITE)) {
                    ByteBuffer buffer = ByteBuffer.wrap(content);
                    while (buffer.hasRemaining()) {
                        channel.write(buffer);
                    }
                    channel.force(true);
                }
                Files.createLink(target, partial);
            } catch (FileAlreadyExistsException raced) {
                requireSame(name, target, content);
            } finally {
                Files.deleteIfExists(partial);
            }
            forceDirectory(target.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + name + " to the backup repository " + root, e);
        }
    }

    private static void requireSame(String name, Path existing, byte[] content) throws IOException {
        if (!Arrays.equals(Files.readAllBytes(existing), content)) {
            throw new IllegalStateException("The backup repository already holds a different " + name
                    + "; it is write-once, so it is left as it is");
        }
    }

    private static void forceDirectory(Path directory) {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException notSupported) {
            // Some file systems cannot open a directory; the file itself was forced.
        }
    }

    @Override
    public Optional<byte[]> read(String name) {
        try {
            return Optional.of(Files.readAllBytes(resolve(name)));
        } catch (NoSuchFileException missing) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + name + " from the backup repository " + root, e);
        }
    }

    @Override
    public List<String> list(String prefix) {
        Path directory = prefix.endsWith("/") ? resolve(prefix) : resolve(prefix).getParent();
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(f -> root.relativize(f).toString().replace('\\', '/'))
                    .filter(n -> n.startsWith(prefix) && !n.contains(PARTIAL))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list the backup repository " + root, e);
        }
    }

    private Path resolve(String name) {
        Path path = root.resolve(name).normalize();
        if (!path.startsWith(root)) {
            throw new IllegalArgumentException("Not a name inside the repository: " + name);
        }
        return path;
    }

    @Override
    public String location() {
        return root.toString();
    }
}
