package org.pathguard.bench;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** --baseline's revision is resolved by git in the working tree (the tests run in the project's checkout); nothing is built here. */
class BaselineBuildTest {

    @Test
    void aRevisionResolvesToTheCommitGitNames() throws Exception {
        Process git = new ProcessBuilder("git", "rev-parse", "HEAD").start();
        String head = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(git.waitFor()).isZero();

        assertThat(BaselineBuild.resolve(Path.of("."), "HEAD")).isEqualTo(head).hasSize(40);
        assertThat(BaselineBuild.resolve(Path.of("."), head.substring(0, 12))).isEqualTo(head);
    }

    @Test
    void anUnknownRevisionOrAnOptionInItsPlaceIsRefused() {
        assertThatThrownBy(() -> BaselineBuild.resolve(Path.of("."), "no-such-revision-anywhere"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Unknown revision 'no-such-revision-anywhere'");
        assertThatThrownBy(() -> BaselineBuild.resolve(Path.of("."), "--output=/tmp/x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Not a revision");
    }
}
