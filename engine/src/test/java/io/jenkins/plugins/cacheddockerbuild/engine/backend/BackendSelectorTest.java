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

        for (BuilderKind kind : List.of(BuilderKind.AUTO, BuilderKind.BUILDKIT, BuilderKind.CLASSIC)) {
            assertThatThrownBy(() -> select(kind)).isInstanceOf(DockerUnavailableException.class)
                    .hasMessageContaining("not reachable");
        }
    }

    @Test
    void autoPicksBuildahWhenNoDaemonAnswersAndBuildahDoes() throws Exception {
        runner.on(List.of("version"), fail(1, "24.0.0||", "Cannot connect to the Docker daemon"));
        runner.on(List.of("--version"), succeed("buildah version 1.28.2 (image-spec 1.1.0-rc2)\n"));

        BackendSelector.Selection selection = selectWithBuildah(BuilderKind.AUTO, request);

        assertThat(selection.backend()).isInstanceOf(BuildahBackend.class);
        assertThat(selection.backend().capabilities().registryLayerCache()).isTrue();
        assertThat(selection.backend().capabilities().needsDockerDaemon()).isFalse();
        assertThat(runner.commands().get(runner.commands().size() - 1).argv()).containsExactly("buildah", "--version");
    }

    @Test
    void autoPrefersADockerThatAnswersOverBuildah() throws Exception {
        runner.on(List.of("version"), succeed("20.10.24|20.10.24|1.41\n"));
        runner.on(List.of("--version"), succeed("buildah version 1.28.2\n"));

        assertThat(selectWithBuildah(BuilderKind.AUTO, request).backend()).isInstanceOf(InlineCacheBackend.class);
        assertThat(runner.arguments()).noneMatch(args -> args.contains("--version"));
    }

    @Test
    void autoWithNeitherDockerNorBuildahReportsDockersFailure() {
        runner.on(List.of("version"), fail(1, "24.0.0||", "Cannot connect to the Docker daemon"));
        runner.on(List.of("--version"), ScriptedRunner.error(new java.io.IOException("No such file or directory")));

        assertThatThrownBy(() -> selectWithBuildah(BuilderKind.AUTO, request))
                .isInstanceOf(DockerUnavailableException.class).hasMessageContaining("docker daemon is not reachable");
    }

    @Test
    void buildahAskedForNeverAsksDockerAndFailsWithExitThreeWhenItCannotRun() throws Exception {
        runner.on(List.of("--version"), succeed("buildah version 1.28.2\n"));
        assertThat(selectWithBuildah(BuilderKind.BUILDAH, request).backend()).isInstanceOf(BuildahBackend.class);
        assertThat(runner.arguments()).containsExactly(List.of("--version"));

        ScriptedRunner missing = new ScriptedRunner();
        missing.on(List.of("--version"), ScriptedRunner.error(new java.io.IOException("No such file or directory")));
        assertThatThrownBy(() -> BackendSelector.standard(request, missing).select(BuilderKind.BUILDAH, docker, request))
                .isInstanceOf(DockerUnavailableException.class).hasMessageContaining("cannot run the buildah executable")
                .satisfies(e -> assertThat(((DockerUnavailableException) e).exitCode()).isEqualTo(3));
    }

    @Test
    void buildahWithACacheDirectoryIsBadInputSayingWhy() {
        BuildRequest withCacheDir = BuildRequest.builder("r:5000/app", "/src").cacheDir("/cache").build();

        assertThatThrownBy(() -> selectWithBuildah(BuilderKind.BUILDAH, withCacheDir))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("--cache-dir")
                .hasMessageContaining("registry layer cache")
                .satisfies(e -> assertThat(((InvalidInputException) e).exitCode()).isEqualTo(2));
        assertThat(runner.arguments()).isEmpty();
    }

    @Test
    void buildahWithANetworkOtherThanTheHostsIsBadInput() throws Exception {
        runner.on(List.of("--version"), succeed("buildah version 1.28.2\n"));
        BuildRequest bridged = BuildRequest.builder("r:5000/app", "/src").network("bridge").build();

        assertThatThrownBy(() -> selectWithBuildah(BuilderKind.BUILDAH, bridged))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("only the host's network");
        BuildRequest host = BuildRequest.builder("r:5000/app", "/src").network("host").build();
        assertThat(selectWithBuildah(BuilderKind.BUILDAH, host).backend()).isInstanceOf(BuildahBackend.class);
    }

    private BackendSelector.Selection selectWithBuildah(BuilderKind kind, BuildRequest req) throws Exception {
        return BackendSelector.standard(req, runner).select(kind, docker, req);
    }

    private BackendSelector.Selection select(BuilderKind kind) throws Exception {
        return BackendSelector.standard(request).select(kind, docker, request);
    }
}
