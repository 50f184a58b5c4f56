package io.jenkins.plugins.cacheddockerbuild.engine.ci;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the command line and the plugin read from a CI environment. */
class CiEnvironmentTest {

    @Test
    void prefersJenkinsBranchName() {
        assertThat(CiEnvironment.branch(Map.of("BRANCH_NAME", "feature/login", "GIT_BRANCH", "origin/other")))
                .isEqualTo("feature/login");
    }

    @Test
    void takesGitBranchWithoutItsRemote() {
        assertThat(CiEnvironment.branch(Map.of("GIT_BRANCH", "origin/feature/x"))).isEqualTo("feature/x");
        assertThat(CiEnvironment.branch(Map.of("GIT_BRANCH", "develop"))).isEqualTo("develop");
    }

    @Test
    void ignoresBlankValues() {
        assertThat(CiEnvironment.branch(Map.of("BRANCH_NAME", " ", "GIT_BRANCH", "origin/dev"))).isEqualTo("dev");
    }

    @Test
    void defaultsToMain() {
        assertThat(CiEnvironment.branch(Map.of())).isEqualTo("main");
        assertThat(CiEnvironment.branch(Map.of("GIT_BRANCH", ""))).isEqualTo("main");
    }

    @Test
    void fallbacksStartWithThePullRequestTargetAndNeverNameTheBranchItself() {
        assertThat(CiEnvironment.fallbacks(Map.of("CHANGE_TARGET", "develop"), "PR-7", List.of("main", "PR-7")))
                .containsExactly("develop", "main");
    }

    @Test
    void fallbacksDefaultToMainAndMaster() {
        assertThat(CiEnvironment.fallbacks(Map.of(), "feature/x", List.of())).containsExactly("main", "master");
        assertThat(CiEnvironment.fallbacks(Map.of(), "main", List.of())).containsExactly("master");
        assertThat(CiEnvironment.fallbacks(Map.of("CHANGE_TARGET", "main"), "PR-1", List.of()))
                .containsExactly("main", "master");
    }
}
