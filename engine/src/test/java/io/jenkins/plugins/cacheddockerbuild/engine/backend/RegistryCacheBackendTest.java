package io.jenkins.plugins.cacheddockerbuild.engine.backend;

import static io.jenkins.plugins.cacheddockerbuild.engine.testing.ScriptedRunner.fail;
import static io.jenkins.plugins.cacheddockerbuild.engine.testing.ScriptedRunner.succeed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.cacheddockerbuild.engine.api.BuildFailedException;
import io.jenkins.plugins.cacheddockerbuild.engine.api.BuildRequest;
import io.jenkins.plugins.cacheddockerbuild.engine.api.StepRecord;
import io.jenkins.plugins.cacheddockerbuild.engine.docker.DockerCli;
import io.jenkins.plugins.cacheddockerbuild.engine.dockerfile.Dockerfile;
import io.jenkins.plugins.cacheddockerbuild.engine.dockerfile.DockerfileParser;
import io.jenkins.plugins.cacheddockerbuild.engine.testing.ScriptedRunner;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The registry cache backend's one build, fed with buildx's real output (Docker 26.1.5, buildx 0.13.1,
 * containerd store; {@code recorded/record26.sh}): the pushed digests, the statistics, and a refused export.
 */
class RegistryCacheBackendTest {
    private static final String IMAGE = "127.0.0.1:5000/parsers-recorded/rRUN-buildx";
    private final ScriptedRunner runner = new ScriptedRunner();
    private final BuildRequest request = BuildRequest.builder("127.0.0.1:5000/parsers-recorded/rRUN-buildx", "/ctx").build();
    private final RegistryCacheBackend backend = new RegistryCacheBackend(new DockerCli(runner, "docker", Map.of(),
            Duration.ofMinutes(1), Duration.ofMinutes(1)), request);
    private final List<String> warnings = new ArrayList<>();

    @Test
    void oneBuildPushesTheImageExportsTheCacheAndCountsTheReopenedStepAsCached() throws Exception {
        runner.on(List.of("buildx", "build"), succeed(recorded("d26c-buildx-changed.txt")));

        RegistryCacheBuild result = backend.buildAndPush(spec(List.of(IMAGE + ":buildcache")),
                new RegistryCacheExport(List.of(IMAGE + ":main"), IMAGE + ":buildcache"), observer());

        assertThat(runner.arguments()).containsExactly(List.of("buildx", "build", "--file", "/ctx/Dockerfile",
                "--tag", IMAGE + ":main", "--cache-from", "type=registry,ref=" + IMAGE + ":buildcache",
                "--cache-to", "type=registry,ref=" + IMAGE + ":buildcache,mode=max", "--push", "--progress=rawjson", "/ctx"));
        assertThat(result.cacheExported()).isTrue();
        assertThat(result.pushedDigests()).containsOnlyKeys(IMAGE + ":main");
        assertThat(result.pushedDigests().get(IMAGE + ":main")).matches("sha256:[0-9a-f]{64}");
        assertThat(result.build().steps("deps")).extracting(StepRecord::cached).containsExactly(true);
        assertThat(result.build().steps("builder")).extracting(StepRecord::cached).containsExactly(true, false, false);
        assertThat(warnings).isEmpty();
    }

    @Test
    void aRegistryRefusingTheCacheExportLeavesThePushedImageAndOneWarning() throws Exception {
        String refused = "127.0.0.1:5001/parsers-recorded/rRUN-refused:buildcache";
        runner.on(List.of("buildx", "build"), fail(1, recorded("d26c-buildx-refused-cache.txt"), ""));

        RegistryCacheBuild result = backend.buildAndPush(spec(List.of()),
                new RegistryCacheExport(List.of(IMAGE + "-refused:main"), refused), observer());

        assertThat(result.cacheExported()).isFalse();
        assertThat(result.pushedDigests()).containsOnlyKeys(IMAGE + "-refused:main");
        assertThat(runner.arguments()).as("the image was pushed before the export failed: no second build").hasSize(1);
        assertThat(warnings).singleElement().asString().startsWith("the registry refused the cache export to " + refused)
                .contains("401 Unauthorized");
        assertThat(result.build().steps("builder")).hasSize(3);
    }

    @Test
    void aRegistryRefusingTheImagePushAfterEveryStepIsAFailedPushWithTheStagesNotAFailedBuild() throws Exception {
        String refused = "127.0.0.1:5001/parsers-recorded/rRUN-refused-push:main";
        runner.on(List.of("buildx", "build"), fail(1, recorded("d26c-buildx-refused-push.txt"), ""));

        RegistryCacheBuild result = backend.buildAndPush(spec(List.of()),
                new RegistryCacheExport(List.of(refused), IMAGE + "-refused-push:buildcache"), observer());

        assertThat(result.notPushed()).containsExactly(refused);
        assertThat(result.pushFailure()).startsWith("failed to push " + refused + ": unexpected status from HEAD request")
                .endsWith("401 Unauthorized");
        assertThat(result.pushedDigests()).isEmpty();
        assertThat(result.cacheExported()).as("buildx stops before the cache export").isFalse();
        assertThat(runner.arguments()).as("no retry without the cache: the image is what was refused").hasSize(1);
        assertThat(result.build().steps("deps")).hasSize(1);
        assertThat(result.build().steps("builder")).hasSize(3);
        assertThat(result.build().steps("stage-2")).extracting(StepRecord::instruction)
                .containsExactly("COPY --from=builder /app.out /app.out", "RUN ls -l /app.out");
        assertThat(warnings).isEmpty();
    }

    @Test
    void anErrorInTheImageExportBeforeTheLastStepCompletedIsAFailedBuild() throws Exception {
        String cut = recorded("d26c-buildx-refused-push.txt").replaceAll("(?s)#11 \\[stage-2 3/3\\].*?(#12 exporting to image)",
                "$1");
        assertThat(cut).doesNotContain("RUN ls -l /app.out").contains("#12 ERROR: failed to push");
        runner.on(List.of("buildx", "build"), fail(1, cut, ""));

        assertThatThrownBy(() -> backend.buildAndPush(spec(List.of()), new RegistryCacheExport(
                List.of("127.0.0.1:5001/parsers-recorded/rRUN-refused-push:main"), IMAGE + ":buildcache"), observer()))
                .isInstanceOf(BuildFailedException.class);
    }

    @Test
    void aFailingStepIsAFailedBuildNotARefusedExport() {
        runner.on(List.of("buildx", "build"), fail(1, "#5 [deps 2/2] RUN exit 3\n#5 ERROR: process \"/bin/sh -c exit 3\" "
                + "did not complete successfully: exit code: 3\n", ""));

        assertThatThrownBy(() -> backend.buildAndPush(spec(List.of()),
                new RegistryCacheExport(List.of(IMAGE + ":main"), IMAGE + ":buildcache"), observer()))
                .isInstanceOf(BuildFailedException.class);
        assertThat(warnings).isEmpty();
    }

    private StageBuildSpec spec(List<String> cacheFrom) throws Exception {
        Dockerfile dockerfile = DockerfileParser.parse(recorded("multistage/Dockerfile"),
                Map.of("BASE", "127.0.0.1:5000/base/busybox:1"));
        return new StageBuildSpec("/ctx", "/ctx/Dockerfile", dockerfile, dockerfile.finalStage(), null, true,
                IMAGE + ":main", cacheFrom);
    }

    private BuildObserver observer() {
        return new BuildObserver() {
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
    }

    private static String recorded(String name) throws Exception {
        try (InputStream in = RegistryCacheBackendTest.class.getResourceAsStream("/recorded/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
