package org.pathguard.writeonce;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DirectoryStoreTest {

    @TempDir
    Path root;

    @Test
    void anObjectIsWrittenOnceAndNeverReplaced() throws Exception {
        WriteOnceStore store = WriteOnceStore.open(root.toString());
        store.putOnce("manifests/000000000002.manifest", bytes("two"));
        store.putOnce("manifests/000000000001.manifest", bytes("one"));
        store.putOnce("manifests/000000000001.manifest", bytes("one"));

        assertThatThrownBy(() -> store.putOnce("manifests/000000000001.manifest", bytes("forged")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("write-once");
        assertThat(store.read("manifests/000000000001.manifest")).contains(bytes("one"));
        assertThat(store.read("manifests/000000000003.manifest")).isEmpty();
        assertThat(store.list("manifests/")).containsExactly("manifests/000000000001.manifest", "manifests/000000000002.manifest");
        try (var files = Files.list(root.resolve("manifests"))) {
            assertThat(files.count()).as("no temporary file left behind").isEqualTo(2);
        }
    }

    @Test
    void aNameCannotReachOutsideTheStore() {
        WriteOnceStore store = WriteOnceStore.open(root.resolve("inside").toString());
        assertThatThrownBy(() -> store.putOnce("../outside", bytes("x"))).isInstanceOf(IllegalArgumentException.class);
        assertThat(root.resolve("outside")).doesNotExist();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
