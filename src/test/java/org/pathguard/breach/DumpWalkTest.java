package org.pathguard.breach;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pathguard.lab.LabRuleViolation;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Which files a scan reads, and what the outputs call them. */
class DumpWalkTest {

    @TempDir
    Path temp;

    @Test
    void everyFileUnderADirectoryByItsPathInTheDumpAndANamedFileByItsName() throws IOException {
        Path dump = Files.createDirectories(temp.resolve("shared-drive/letters"));
        Files.writeString(dump.resolve("b.txt"), "b");
        Files.writeString(temp.resolve("shared-drive/a.csv"), "a,b");
        Path loose = Files.writeString(temp.resolve("loose.zip"), "PK");
        List<DumpWalk.DumpFile> files = DumpWalk.walk(List.of(temp.resolve("shared-drive"), loose, temp.resolve("shared-drive/a.csv")));
        assertThat(files).extracting(DumpWalk.DumpFile::pathInDump)
                .containsExactly("loose.zip", "shared-drive/a.csv", "shared-drive/letters/b.txt");
        assertThat(files.get(1).bytes()).isEqualTo(3);
    }

    @Test
    void aLinkInTheDumpIsNotFollowedOutOfIt() throws IOException {
        Path outside = Files.createDirectories(temp.resolve("outside"));
        Files.writeString(outside.resolve("secret.txt"), "not part of the dump");
        Path dump = Files.createDirectories(temp.resolve("dump"));
        Files.writeString(dump.resolve("in.txt"), "in");
        Files.createSymbolicLink(dump.resolve("elsewhere"), outside);
        Files.createSymbolicLink(dump.resolve("secret-link.txt"), outside.resolve("secret.txt"));
        assertThat(DumpWalk.walk(List.of(dump))).extracting(DumpWalk.DumpFile::pathInDump).containsExactly("dump/in.txt");
    }

    @Test
    void aPathThatDoesNotExistIsRefusedByName() {
        assertThatThrownBy(() -> DumpWalk.walk(List.of(temp.resolve("gone")))).isInstanceOf(LabRuleViolation.class)
                .hasMessageContaining("gone").hasMessageContaining("no such file or directory");
        assertThatThrownBy(() -> DumpWalk.walk(List.of())).isInstanceOf(LabRuleViolation.class);
    }
}
