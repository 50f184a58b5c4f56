package io.jenkins.plugins.cacheddockerbuild.engine.steps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.jenkins.plugins.cacheddockerbuild.engine.api.CommandResult;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An interrupt while a stage builds: the interrupt goes on up, and the temporary tags go, twice. */
class InterruptedBuildTest {
    @TempDir
    Path root;

    @Test
    void removesTheTemporaryTagsAgainAMomentLaterForTheStepTheDaemonStillFinishes() throws Exception {
        OrchestratorFixture fixture = new OrchestratorFixture(root);
        fixture.runner.on(List.of("build", "--file", fixture.dockerfilePath, "--tag"), command -> {
            throw new InterruptedException("SIGINT");
        });
        fixture.classicDocker().manifests(command -> new CommandResult(1, "", "no such manifest"));

        Throwable thrown = catchThrowable(() -> fixture.build(fixture.request().build()));

        assertThat(thrown).isInstanceOf(InterruptedException.class);
        String tmpDeps = fixture.temporaryTag(0);
        List<List<String>> removals = fixture.commands("image", "rm", "--no-prune");
        assertThat(removals).hasSize(2).allSatisfy(removal -> assertThat(removal).contains(tmpDeps));
        assertThat(fixture.commands("push")).isEmpty();
    }
}
