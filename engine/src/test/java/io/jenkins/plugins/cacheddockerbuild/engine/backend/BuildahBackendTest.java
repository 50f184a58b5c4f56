package io.jenkins.plugins.cacheddockerbuild.engine.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.jenkins.plugins.cacheddockerbuild.engine.api.BuildFailedException;
import io.jenkins.plugins.cacheddockerbuild.engine.api.BuildRequest;
import io.jenkins.plugins.cacheddockerbuild.engine.api.Command;
import io.jenkins.plugins.cacheddockerbuild.engine.api.CommandResult;
import io.jenkins.plugins.cacheddockerbuild.engine.buildah.BuildahCli;
import io.jenkins.plugins.cacheddockerbuild.engine.dockerfile.Dockerfile;
import io.jenkins.plugins.cacheddockerbuild.engine.dockerfile.DockerfileParser;
import io.jenkins.plugins.cacheddockerbuild.engine.testing.ScriptedRunner;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The exact buildah calls, and buildah's recorded output where a decision depends on it. */
class BuildahBackendTest {
    private static final String BASE = "127.0.0.1:5000/base/busybox:1";
    private final ScriptedRunner runner = new ScriptedRunner();
    private final List<String> warnings = new ArrayList<>();
    private final BuildObserver observer = new BuildObserver() {
        @Override
        public void output(String stageId, String line) {
        }

        @Override
        public void info(String message) {
        }

        @Override
        public void warn(String message) {
            warnings.add(message);
        }
    };

    private BuildahBackend backend(BuildRequest request) {
        return new BuildahBackend(new BuildahCli(runner, "buildah", Map.of(), Duration.ofMinutes(1),
                Duration.ofMinutes(5)), request);
    }

    private static BuildRequest request() {
        return BuildRequest.builder("127.0.0.1:5000/team/app", "/src").buildArg("TOKEN", "s3cret")
                .label("org.opencontainers.image.revision", "abc").build();
    }

    private static StageBuildSpec spec(List<String> cacheFrom) throws Exception {
        Dockerfile dockerfile = DockerfileParser.parse(recorded("app/Dockerfile"), Map.of("BASE", BASE));
        return new StageBuildSpec("/src", "/src/Dockerfile", dockerfile, dockerfile.finalStage(), null, true,
                "cached-docker-build-tmp:run-stage-2", cacheFrom);
    }

    @Test
    void aChainWithABuildLooksUpAndWritesTheLayerCacheWithBuildArgValuesOffTheCommandLine() throws Exception {
        backend(request()).build(spec(List.of("127.0.0.1:5000/team/app:main")), observer);

        Command build = runner.commands().get(0);
        assertThat(build.argv()).containsExactly("buildah", "build", "--isolation", "chroot", "--layers", "--file",
                "/src/Dockerfile", "--tag", "cached-docker-build-tmp:run-stage-2", "--tls-verify=false",
                "--cache-from", "127.0.0.1:5000/team/app-cache", "--cache-to", "127.0.0.1:5000/team/app-cache",
                "--build-arg", "TOKEN", "--label", "org.opencontainers.image.revision=abc", "/src");
        assertThat(build.env()).containsEntry("TOKEN", "s3cret");
    }

    @Test
    void aFirstBuildOnlyWritesTheLayerCacheIntoTheCacheRepositoryWhenOneIsGiven() throws Exception {
        BuildRequest request = BuildRequest.builder("registry.example.com/team/app", "/src")
                .cacheRepo("registry.example.com/team/cache").build();

        backend(request).build(spec(List.of()), observer);

        assertThat(runner.commands().get(0).argv()).doesNotContain("--cache-from")
                .containsSequence("--cache-to", "registry.example.com/team/cache")
                .as("the base image is on loopback").contains("--tls-verify=false");
    }

    @Test
    void aRegistryThatDidNotAnswerTheLookupGetsNeitherCacheOption() throws Exception {
        runner.on(List.of("--registries-conf"), ScriptedRunner.fail(125, "Error: reading image \"docker://"
                + "127.0.0.1:5000/team/app:main\": pinging container registry 127.0.0.1:5000: Get "
                + "\"https://127.0.0.1:5000/v2/\": dial tcp 127.0.0.1:5000: connect: connection refused"));
        BuildahBackend backend = backend(request());

        assertThat(backend.lookUp("127.0.0.1:5000/team/app:main").succeeded()).isFalse();
        backend.withEnv("REGISTRY_AUTH_FILE", "/run/auth.json").build(spec(List.of()), observer);

        assertThat(runner.commands().get(1).argv()).doesNotContain("--cache-from", "--cache-to");
        assertThat(warnings).isEmpty();
    }

    @Test
    void aPlainImageIsFoundThoughManifestInspectCallsItNotAList() throws Exception {
        runner.on(List.of("--registries-conf"), ScriptedRunner.fail(125,
                "Error: manifest is of type application/vnd.oci.image.manifest.v1+json (not a list type)\n"));

        CommandResult found = backend(request()).lookUp("127.0.0.1:5000/team/app:main");

        assertThat(found.succeeded()).isTrue();
    }

    @Test
    void aCachePushFailingMidBuildBuildsOnceMoreWithoutTheLayerCacheWithAWarning() throws Exception {
        AtomicInteger builds = new AtomicInteger();
        runner.on(List.of("build"), command -> builds.incrementAndGet() == 1
                ? new CommandResult(125, recorded("buildah-registry-down.txt"), "")
                : new CommandResult(0, recorded("buildah-cold.txt"), ""));

        var built = backend(request()).build(spec(List.of("127.0.0.1:5000/team/app:main")), observer);

        assertThat(runner.arguments()).filteredOn(args -> args.get(0).equals("build")).hasSize(2)
                .last().satisfies(args -> assertThat(args).doesNotContain("--cache-from", "--cache-to"));
        assertThat(warnings).singleElement().satisfies(warning -> assertThat(warning)
                .contains("could not reach the layer cache").contains("building again without it"));
        assertThat(built.steps("deps")).hasSize(3);
    }

    @Test
    void aFailingRunNamesItsStageAndRemovesTheWorkingContainer() throws Exception {
        runner.on(List.of("build"), ScriptedRunner.fail(3, recorded("buildah-failing.txt"), ""));
        Dockerfile failing = DockerfileParser.parse(recorded("failing/Dockerfile"), Map.of("BASE", BASE));
        StageBuildSpec spec = new StageBuildSpec("/src", "/src/Dockerfile", failing, failing.finalStage(), null, true,
                "cached-docker-build-tmp:run-stage-2", List.of());

        BuildFailedException failure = catchThrowableOfType(() -> backend(request()).build(spec, observer),
                BuildFailedException.class);

        assertThat(failure.stage()).isEqualTo("builder");
        assertThat(failure.step()).isEqualTo("RUN echo \"buildah: about to fail\" && exit 3");
        assertThat(runner.arguments()).last().isEqualTo(List.of("rm", "--all"));
        assertThat(warnings).isEmpty();
    }

    private static String recorded(String name) throws java.io.IOException {
        try (InputStream in = BuildahBackendTest.class.getResourceAsStream("/recorded/buildah/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
