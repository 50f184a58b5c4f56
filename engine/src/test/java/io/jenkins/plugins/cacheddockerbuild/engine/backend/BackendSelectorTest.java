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
        runner.on(List.of("buildx"), fail(1, "docker: 'buildx' is not a docker command."));

        BackendSelector.Selection selection = select(BuilderKind.AUTO);

        assertThat(selection.backend()).isInstanceOf(InlineCacheBackend.class);
        assertThat(selection.backend().capabilities().lazyCacheImport()).isTrue();
        assertThat(selection.found()).isEqualTo("docker client 20.10.24, daemon 20.10.24");
        assertThat(selection.why()).startsWith("auto: registry not available: docker client 20.10.24 at 'docker' "
                + "has no buildx");
        // the daemon, the builder and the image store are asked at once; the image store may be cancelled unasked
        assertThat(withoutImageStore()).containsExactlyInAnyOrder(VERSION, List.of("buildx", "inspect"),
                List.of("buildx", "version"));
    }

    private static final List<String> VERSION =
            List.of("version", "--format", "{{.Client.Version}}|{{.Server.Version}}|{{.Server.APIVersion}}");

    private List<List<String>> withoutImageStore() {
        return runner.arguments().stream().filter(args -> !args.get(0).equals("info")).toList();
    }

    @Test
    void autoPicksTheRegistryCacheWhereBuildxsDockerDriverHasTheContainerdImageStore() throws Exception {
        runner.on(List.of("version"), succeed("26.1.5|26.1.5|1.45\n"));
        runner.on(List.of("buildx", "inspect"), succeed(recorded("d26c-buildx-inspect.txt")));

        BackendSelector.Selection selection = select(BuilderKind.AUTO);

        assertThat(selection.backend()).isInstanceOf(RegistryCacheBackend.class);
        assertThat(selection.backend().capabilities().exportsRegistryCache()).isTrue();
        assertThat(selection.why()).isEqualTo("auto: the best this docker supports");
        // the builder's labels name BuildKit's containerd worker: the daemon need not be asked for its image store,
        // and buildx reached the daemon, so `docker version` is not asked either
        assertThat(runner.arguments()).containsExactly(List.of("buildx", "inspect"));
        assertThat(selection.found()).isEqualTo("buildx builder with the docker driver");
    }

    @Test
    void aBuildxThatShowsNoWorkerLabelsLeavesTheImageStoreToTheDaemon() throws Exception {
        runner.on(List.of("version"), succeed("24.0.7|24.0.7|1.43\n"));
        runner.on(List.of("buildx", "inspect"), succeed("Name:   default\nDriver: docker\n"));
        runner.on(List.of("info"), succeed("[[\"driver-type\",\"io.containerd.snapshotter.v1\"]]\n"));

        assertThat(select(BuilderKind.AUTO).backend()).isInstanceOf(RegistryCacheBackend.class);
        assertThat(runner.arguments()).contains(List.of("info", "--format", "{{json .DriverStatus}}"));
    }

    @Test
    void aDockerContainerBuilderExportsARegistryCacheWhateverTheImageStore() throws Exception {
        runner.on(List.of("version"), succeed("26.1.5|26.1.5|1.45\n"));
        runner.on(List.of("buildx", "inspect"), succeed("Name:   ci\nDriver: docker-container\n"));

        assertThat(select(BuilderKind.REGISTRY).backend()).isInstanceOf(RegistryCacheBackend.class);
    }

    @Test
    void registryCacheAskedForOnTheOverlay2StoreIsBadInputSayingHowToGetIt() throws Exception {
        runner.on(List.of("version"), succeed("26.1.5|26.1.5|1.45\n"));
        runner.on(List.of("buildx", "inspect"), succeed(recorded("d26o-buildx-inspect.txt")));

        assertThatThrownBy(() -> select(BuilderKind.REGISTRY)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("overlay2 image store").hasMessageContaining("containerd-snapshotter")
                .hasMessageContaining("docker buildx create --use --driver docker-container");
    }

    @Test
    void autoWithoutPushTakesInlineCacheAndSaysWhy() throws Exception {
        runner.on(List.of("version"), succeed("26.1.5|26.1.5|1.45\n"));
        BuildRequest noPush = BuildRequest.builder("r:5000/app", "/src").push(false).build();

        BackendSelector.Selection selection = BackendSelector.standard(noPush).select(BuilderKind.AUTO, docker, noPush);

        assertThat(selection.backend()).isInstanceOf(InlineCacheBackend.class);
        assertThat(selection.why()).contains("registry not available: the registry cache is exported with the push");
    }

    @Test
    void autoFallsBackToClassicWhenAModernClientHasNoBuildx() throws Exception {
        runner.on(List.of("version"), succeed("28.2.2|20.10.24|1.41\n"));
        runner.on(List.of("buildx"), fail(1, "docker: 'buildx' is not a docker command."));

        BackendSelector.Selection selection = select(BuilderKind.AUTO);

        assertThat(selection.backend()).isInstanceOf(ClassicBackend.class);
        assertThat(selection.backend().capabilities().pullsCacheFirst()).isTrue();
        assertThat(withoutImageStore()).containsExactlyInAnyOrder(VERSION, List.of("buildx", "inspect"),
                List.of("buildx", "version"));
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
    void classicOnTheContainerdImageStoreComesWithACaveatToWarnAbout() throws Exception {
        runner.on(List.of("version"), succeed("26.1.5|26.1.5|1.45\n"));
        runner.on(List.of("info"), succeed(recorded("d26c-driver-status.txt")));

        BackendSelector.Selection selection = select(BuilderKind.CLASSIC);

        assertThat(selection.backend()).isInstanceOf(ClassicBackend.class);
        assertThat(selection.caveat()).contains("containerd image store", "failed to restore cached image",
                "ENV, ARG", "--builder registry");
    }

    @Test
    void classicOnOverlay2HasNoCaveatAndAnOldDaemonIsNotAskedForItsStore() throws Exception {
        runner.on(List.of("version"), succeed("26.1.5|26.1.5|1.45\n"));
        runner.on(List.of("info"), succeed(recorded("d26o-driver-status.txt")));
        assertThat(select(BuilderKind.CLASSIC).caveat()).isNull();

        ScriptedRunner old = new ScriptedRunner().on(List.of("version"), succeed("20.10.24|20.10.24|1.41\n"));
        BackendSelector.Selection onOld = BackendSelector.standard(request).select(BuilderKind.CLASSIC,
                new DockerCli(old, "docker", Map.of(), Duration.ofMinutes(1), Duration.ofMinutes(1)), request);
        assertThat(onOld.caveat()).isNull();
        assertThat(old.arguments()).containsExactly(VERSION);
    }

    @Test
    void anUnreachableDaemonFailsWhateverWasAskedFor() {
        runner.on(List.of("version"), fail(1, "24.0.0||", "Cannot connect to the Docker daemon"));

        for (BuilderKind kind : List.of(BuilderKind.AUTO, BuilderKind.BUILDKIT, BuilderKind.CLASSIC)) {
            assertThatThrownBy(() -> select(kind)).isInstanceOf(DockerUnavailableException.class)
                    .hasMessageContaining("not reachable");
        }
    }

    private static String recorded(String name) throws java.io.IOException {
        try (java.io.InputStream in = BackendSelectorTest.class.getResourceAsStream("/recorded/" + name)) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
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
