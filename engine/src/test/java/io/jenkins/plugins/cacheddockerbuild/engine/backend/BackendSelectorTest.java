package io.jenkins.plugins.cacheddockerbuild.engine.backend;

import static io.jenkins.plugins.cacheddockerbuild.engine.testing.ScriptedRunner.fail;
import static io.jenkins.plugins.cacheddockerbuild.engine.testing.ScriptedRunner.succeed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.cacheddockerbuild.engine.api.BuildRequest;
import io.jenkins.plugins.cacheddockerbuild.engine.api.BuilderKind;
import io.jenkins.plugins.cacheddockerbuild.engine.api.DockerUnavailableException;
import io.jenkins.plugins.cacheddockerbuild.engine.api.InvalidInputException;
import io.jenkins.plugins.cacheddockerbuild.engine.docker.DockerCli;
import io.jenkins.plugins.cacheddockerbuild.engine.testing.ScriptedRunner;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The builder a run gets: asked for, or the best the agent's docker can drive; the probe asked once. */
class BackendSelectorTest {
    private final ScriptedRunner runner = new ScriptedRunner();
    private final DockerCli docker = new DockerCli(runner, "docker", Map.of(), Duration.ofMinutes(1),
            Duration.ofMinutes(1));
    private final BuildRequest request = BuildRequest.builder("r:5000/app", "/src").build();

    @Test
    void autoPicksInlineCacheWhenTheClientHasBuildKitBuiltIn() throws Exception {
        runner.on(List.of("version"), succeed("20.10.24|20.10.24|1.41\n"));

        BackendSelector.Selection selection = select(BuilderKind.AUTO);

        assertThat(selection.backend()).isInstanceOf(InlineCacheBackend.class);
        assertThat(selection.backend().capabilities().lazyCacheImport()).isTrue();
        assertThat(selection.found()).isEqualTo("docker client 20.10.24, daemon 20.10.24");
        assertThat(runner.arguments()).hasSize(1);
    }

    @Test
    void autoFallsBackToClassicWhenAModernClientHasNoBuildx() throws Exception {
        runner.on(List.of("version"), succeed("28.2.2|20.10.24|1.41\n"));
        runner.on(List.of("buildx"), fail(1, "docker: 'buildx' is not a docker command."));

        BackendSelector.Selection selection = select(BuilderKind.AUTO);

        assertThat(selection.backend()).isInstanceOf(ClassicBackend.class);
        assertThat(selection.backend().capabilities().pullsCacheFirst()).isTrue();
        assertThat(runner.arguments()).containsExactly(List.of("version", "--format",
                "{{.Client.Version}}|{{.Server.Version}}|{{.Server.APIVersion}}"), List.of("buildx", "version"));
    }

    @Test
    void buildKitAskedForOnAClientWithoutItIsBadInput() {
        runner.on(List.of("version"), succeed("28.2.2|20.10.24|1.41\n"));
        runner.on(List.of("buildx"), fail(1, "docker: 'buildx' is not a docker command."));

        assertThatThrownBy(() -> select(BuilderKind.BUILDKIT)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("cannot drive BuildKit");
    }

    @Test
    void classicAskedForNeverAsksForBuildx() throws Exception {
        runner.on(List.of("version"), succeed("28.2.2|20.10.24|1.41\n"));

        assertThat(select(BuilderKind.CLASSIC).backend()).isInstanceOf(ClassicBackend.class);
        assertThat(runner.arguments()).hasSize(1);
    }

    @Test
    void anUnreachableDaemonFailsWhateverWasAskedFor() {
        runner.on(List.of("version"), fail(1, "24.0.0||", "Cannot connect to the Docker daemon"));

        for (BuilderKind kind : BuilderKind.values()) {
            assertThatThrownBy(() -> select(kind)).isInstanceOf(DockerUnavailableException.class)
                    .hasMessageContaining("not reachable");
        }
    }

    private BackendSelector.Selection select(BuilderKind kind) throws Exception {
        return BackendSelector.standard(request).select(kind, docker, request);
    }
}
