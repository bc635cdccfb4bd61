package org.pathguard.breach;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pathguard.access.ForbiddenAction;
import org.pathguard.lab.LabRuleViolation;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A scan reaches only the directories configured for leaked dumps, however the path is written, and never the lab's own data. */
class ScanRootsTest {

    @TempDir
    Path server;

    private ScanRoots roots(Path... labData) throws Exception {
        Files.createDirectories(server.resolve("dumps/leak-2024/shared"));
        Files.writeString(server.resolve("dumps/leak-2024/shared/letter.txt"), "text");
        Files.createDirectories(server.resolve("etc"));
        Files.writeString(server.resolve("etc/passwd"), "root:x:0:0");
        return ScanRoots.of(" " + server.resolve("dumps") + " , " + server.resolve("more-dumps"), labData);
    }

    @Test
    void aPathUnderARootIsTakenAsTheFileItReallyIs() throws Exception {
        ScanRoots roots = roots();
        assertThat(roots.check(server + "/dumps/leak-2024/./shared/../shared/letter.txt"))
                .isEqualTo(server.resolve("dumps/leak-2024/shared/letter.txt").toRealPath());
        assertThat(roots.check(List.of(server + "/dumps/leak-2024", "  ", server + "/dumps/leak-2024/")))
                .as("blank lines dropped, the same directory once").containsExactly(server.resolve("dumps/leak-2024").toRealPath());
    }

    @Test
    void dotDotOutOfARootIsRefusedWithoutLookingAtTheFile() throws Exception {
        ScanRoots roots = roots();
        assertThatThrownBy(() -> roots.check(server + "/dumps/../etc/passwd")).isInstanceOf(ForbiddenAction.class)
                .hasMessageContaining("outside the directories configured for leaked dumps").hasMessageContaining(server.resolve("dumps").toString());
        assertThatThrownBy(() -> roots.check(server + "/dumps/../etc/no-such-file")).as("outside is refused before existence is told")
                .isInstanceOf(ForbiddenAction.class);
        assertThatThrownBy(() -> roots.check("/etc/passwd")).isInstanceOf(ForbiddenAction.class);
        assertThatThrownBy(() -> roots.check(server + "/dumps-and-more/x")).as("a sibling whose name starts like a root")
                .isInstanceOf(ForbiddenAction.class);
    }

    @Test
    void aLinkInsideARootThatLeadsOutIsRefused() throws Exception {
        ScanRoots roots = roots();
        Files.createSymbolicLink(server.resolve("dumps/leak-2024/etc"), server.resolve("etc"));
        Files.createSymbolicLink(server.resolve("dumps/leak-2024/passwd"), server.resolve("etc/passwd"));
        assertThatThrownBy(() -> roots.check(server + "/dumps/leak-2024/etc/passwd")).isInstanceOf(ForbiddenAction.class)
                .hasMessageContaining("once its links are followed");
        assertThatThrownBy(() -> roots.check(server + "/dumps/leak-2024/passwd")).isInstanceOf(ForbiddenAction.class);
    }

    @Test
    void theLabsOwnDataAndKeysAreNeverScannedEvenUnderARoot() throws Exception {
        Path data = Files.createDirectories(server.resolve("dumps/pathguard-data"));
        Path keys = Files.createDirectories(server.resolve("elsewhere/keys"));
        ScanRoots roots = roots(data, keys);
        Files.createSymbolicLink(server.resolve("dumps/keys"), keys);
        assertThatThrownBy(() -> roots.check(data.toString())).isInstanceOf(ForbiddenAction.class).hasMessageContaining("lab's own data");
        assertThatThrownBy(() -> roots.check(server + "/dumps")).as("a directory holding the data directory")
                .isInstanceOf(ForbiddenAction.class).hasMessageContaining("lab's own data");
        assertThatThrownBy(() -> roots.check(server + "/dumps/keys")).isInstanceOf(ForbiddenAction.class);
        assertThat(roots.check(server + "/dumps/leak-2024")).isEqualTo(server.resolve("dumps/leak-2024").toRealPath());
    }

    @Test
    void whatIsNotAUsablePathIsSaidInWords() throws Exception {
        ScanRoots roots = roots();
        assertThatThrownBy(() -> roots.check(List.of())).isInstanceOf(LabRuleViolation.class).hasMessageContaining("at least one");
        assertThatThrownBy(() -> roots.check("dumps/leak-2024")).isInstanceOf(LabRuleViolation.class).hasMessageContaining("relative");
        assertThatThrownBy(() -> roots.check(server + "/dumps/leak-2025")).isInstanceOf(LabRuleViolation.class)
                .hasMessageContaining("no file or directory");
        assertThatThrownBy(() -> roots.check(server + "/dumps/a\0b")).isInstanceOf(LabRuleViolation.class);
        assertThatThrownBy(() -> roots.check(java.util.Collections.nCopies(ScanRoots.MOST_PATHS + 1, server + "/dumps/leak-2024")))
                .isInstanceOf(LabRuleViolation.class).hasMessageContaining("At most");
    }

    @Test
    void noRootsConfiguredMeansNoScan() {
        assertThatThrownBy(() -> ScanRoots.of("", server).check("/tmp")).isInstanceOf(ForbiddenAction.class)
                .hasMessageContaining("pathguard.breach.roots");
    }
}
