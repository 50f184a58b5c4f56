package io.jenkins.plugins.cacheddockerbuild.engine.steps;

import static io.jenkins.plugins.cacheddockerbuild.engine.steps.OrchestratorFixture.BUILDKIT_DEPS_CACHED;
import static io.jenkins.plugins.cacheddockerbuild.engine.steps.OrchestratorFixture.BUILDKIT_DEPS_RAN;
import static io.jenkins.plugins.cacheddockerbuild.engine.steps.OrchestratorFixture.DIGEST;
import static io.jenkins.plugins.cacheddockerbuild.engine.steps.OrchestratorFixture.IMAGE;
import static io.jenkins.plugins.cacheddockerbuild.engine.steps.OrchestratorFixture.KEPT_DIGEST;
import static io.jenkins.plugins.cacheddockerbuild.engine.steps.OrchestratorFixture.MANIFEST;
import static io.jenkins.plugins.cacheddockerbuild.engine.steps.OrchestratorFixture.VERBOSE_MANIFEST;
import static io.jenkins.plugins.cacheddockerbuild.engine.steps.OrchestratorFixture.args;
import static io.jenkins.plugins.cacheddockerbuild.engine.testing.ScriptedRunner.fail;
import static io.jenkins.plugins.cacheddockerbuild.engine.testing.ScriptedRunner.succeed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.jenkins.plugins.cacheddockerbuild.engine.api.BuildFailedException;
import io.jenkins.plugins.cacheddockerbuild.engine.api.BuildReport;
import io.jenkins.plugins.cacheddockerbuild.engine.api.BuildRequest;
import io.jenkins.plugins.cacheddockerbuild.engine.api.BuilderKind;
import io.jenkins.plugins.cacheddockerbuild.engine.api.PushedRef;
import io.jenkins.plugins.cacheddockerbuild.engine.api.StageReport;
import io.jenkins.plugins.cacheddockerbuild.engine.api.CommandResult;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The final stage is built first; BuildKit builds an intermediate stage on its own only when needed, the
 * legacy builder only when the image its last step printed cannot be tagged.
 */
class FinalFirstStepTest {

    @TempDir
    Path root;
    private OrchestratorFixture fixture;

    @BeforeEach
    void setUp() throws Exception {
        fixture = new OrchestratorFixture(root).answeringDocker();
    }

    @Test
    void aStageServedEntirelyWhileItsOwnTagWasASourceIsNeitherBuiltOnItsOwnNorPushed() throws Exception {
        fixture.runner.on(List.of("build"), succeed(BUILDKIT_DEPS_CACHED));
        fixture.manifests(succeed(VERBOSE_MANIFEST));

        BuildReport report = fixture.build(buildKit().build());

        assertThat(buildsWithCacheSources()).singleElement().satisfies(build ->
                assertThat(build).doesNotContain("--target").contains(IMAGE + ":feature-login--deps"));
        // the kept tag's digest came with the resolve step's lookup: the registry was not asked again
        assertThat(fixture.commands("manifest", "inspect", "--insecure", "--verbose", IMAGE + ":feature-login--deps"))
                .hasSize(1);
        String tmpFinal = fixture.temporaryTag(0);
        assertThat(fixture.commands("tag")).containsExactly(args("tag", tmpFinal, IMAGE + ":feature-login"));
        assertThat(fixture.commands("push")).containsExactly(args("push", IMAGE + ":feature-login"));
        assertThat(fixture.commands("image", "rm")).containsExactly(args("image", "rm", "--no-prune", tmpFinal));
        assertThat(report.pushed()).containsExactlyInAnyOrder(new PushedRef(IMAGE + ":feature-login", DIGEST, "final"),
                PushedRef.kept(IMAGE + ":feature-login--deps", KEPT_DIGEST, "cache"));
        StageReport deps = report.stages().get(0);
        assertThat(deps.name()).isEqualTo("deps");
        assertThat(deps.cacheSource()).isEqualTo(IMAGE + ":feature-login--deps");
        assertThat(deps.cachedSteps()).isEqualTo(deps.steps()).isEqualTo(1);
        assertThat(report.stages().get(1).stepRecords()).extracting(step -> step.cached()).containsExactly(false, false);
    }

    @Test
    void aStageWithAStepThatRanIsBuiltOnItsOwnAfterTheFinalStageAndPushed() throws Exception {
        fixture.runner.on(List.of("build"), succeed(BUILDKIT_DEPS_RAN));
        fixture.manifests(succeed(MANIFEST));

        BuildReport report = fixture.build(buildKit().build());

        List<List<String>> builds = fixture.commands("build");
        assertThat(builds).hasSize(2);
        assertThat(builds.get(0)).doesNotContain("--target");
        assertThat(builds.get(1)).containsSequence("--target", "deps");
        assertThat(fixture.commands("push")).containsExactlyInAnyOrder(args("push", IMAGE + ":feature-login"),
                args("push", IMAGE + ":feature-login--deps"));
        assertThat(report.stages().get(0).cachedSteps()).as("as the final build met the cache").isZero();
        assertThat(report.stages().get(0).seconds()).isGreaterThanOrEqualTo(2.0);
    }

    @Test
    void theOwnBuildOfAStageThatRanStartsWhileTheFinalBuildGoesOn() throws Exception {
        CountDownLatch targetStarted = new CountDownLatch(1);
        AtomicBoolean startedDuringFinalBuild = new AtomicBoolean();
        fixture.runner.on(List.of("build", "--file", fixture.dockerfilePath, "--target", "deps"), command -> {
            targetStarted.countDown();
            return new CommandResult(0, "", "");
        });
        fixture.runner.on(List.of("build"), command -> {
            int split = BUILDKIT_DEPS_RAN.indexOf("#6 ");
            BUILDKIT_DEPS_RAN.substring(0, split).lines().forEach(command.lineSink());  // the deps stage is complete
            startedDuringFinalBuild.set(targetStarted.await(10, TimeUnit.SECONDS));
            BUILDKIT_DEPS_RAN.substring(split).lines().forEach(command.lineSink());
            return new CommandResult(0, "", "");
        });
        fixture.manifests(succeed(MANIFEST));

        BuildReport report = fixture.build(buildKit().build());

        assertThat(startedDuringFinalBuild).isTrue();
        assertThat(fixture.commands("build")).hasSize(2);
        assertThat(fixture.commands("push")).containsExactlyInAnyOrder(args("push", IMAGE + ":feature-login"),
                args("push", IMAGE + ":feature-login--deps"));
        assertThat(report.stages().get(0).cachedSteps()).isZero();
    }

    @Test
    void aStageServedOnlyThroughAFallbackGetsItsOwnTag() throws Exception {
        fixture.runner.on(List.of("build"), succeed(BUILDKIT_DEPS_CACHED));
        fixture.manifest(IMAGE + ":main--deps", succeed(MANIFEST)).manifest(IMAGE + ":main", succeed(MANIFEST))
                .manifests(fail(1, "no such manifest"));

        fixture.build(buildKit().build());

        assertThat(buildsWithCacheSources()).hasSize(2);
        assertThat(fixture.commands("push")).contains(args("push", IMAGE + ":feature-login--deps"));
    }

    @Test
    void withoutAPushEveryStageIsBuiltStageByStage() throws Exception {
        fixture.runner.on(List.of("build"), succeed(BUILDKIT_DEPS_CACHED));
        fixture.manifests(succeed(MANIFEST));

        fixture.build(buildKit().push(false).build());

        List<List<String>> builds = fixture.commands("build");
        assertThat(builds).hasSize(2);
        assertThat(builds.get(0)).containsSequence("--target", "deps");
        assertThat(fixture.commands("tag")).hasSize(2);
    }

    @Test
    void theLegacyBuilderBuildsOnceAndTagsTheImageEachStagesLastStepPrinted() throws Exception {
        OrchestratorFixture classic = new OrchestratorFixture(root.resolve("classic")).classicDocker();
        classic.manifests(fail(1, "no such manifest"));

        BuildReport report = classic.build(classic.request().build());

        assertThat(classic.commands("build")).singleElement().satisfies(build ->
                assertThat(build).doesNotContain("--target"));
        String tmpDeps = classic.temporaryTagOf("deps");
        assertThat(classic.commands("tag").get(0)).containsExactly("tag", "1111111111aa", tmpDeps);
        assertThat(classic.commands("tag")).contains(args("tag", tmpDeps, IMAGE + ":feature-login--deps"));
        assertThat(classic.commands("push")).hasSize(2);
        assertThat(report.stages()).extracting(StageReport::name).containsExactly("deps", "stage-1");
        assertThat(report.stages().get(0).cachedSteps()).isEqualTo(1);
    }

    @Test
    void aStageImageTheDaemonWillNotTagIsBuiltOnItsOwn() throws Exception {
        OrchestratorFixture classic = new OrchestratorFixture(root.resolve("classic"));
        classic.runner.on(List.of("tag", "1111111111aa"), fail(1, "Error response from daemon: No such image"));
        classic.classicDocker().manifests(fail(1, "no such manifest"));

        classic.build(classic.request().build());

        List<List<String>> builds = classic.commands("build");
        assertThat(builds).hasSize(2);
        assertThat(builds.get(1)).containsSequence("--target", "deps").containsSequence("--tag",
                classic.temporaryTagOf("deps"));
        assertThat(classic.commands("push")).hasSize(2);
    }

    @Test
    void aFailureInAnEarlierStageOfTheOneBuildIsThatStagesFailure() throws Exception {
        OrchestratorFixture classic = new OrchestratorFixture(root.resolve("classic"));
        classic.runner.on(List.of("build"), fail(1, """
                Step 1/5 : FROM busybox AS deps
                 ---> 0123456789ab
                Step 2/5 : RUN echo deps > /deps
                 ---> Running in 5a5a5a5a5a5a
                The command '/bin/sh -c echo deps > /deps' returned a non-zero code: 1
                """, ""));
        classic.classicDocker().manifests(fail(1, "no such manifest"));

        BuildFailedException failure = catchThrowableOfType(() -> classic.build(classic.request().build()),
                BuildFailedException.class);

        assertThat(failure.stage()).isEqualTo("deps");
        assertThat(failure.step()).isEqualTo("RUN echo deps > /deps");
        assertThat(classic.commands("tag")).isEmpty();
    }

    // A build that took steps from cache is also run once more without sources: InlineCacheRefreshTest covers that.
    private List<List<String>> buildsWithCacheSources() {
        return fixture.commands("build").stream().filter(build -> build.contains("--cache-from")).toList();
    }

    private BuildRequest.Builder buildKit() {
        return fixture.request().builderKind(BuilderKind.BUILDKIT);
    }
}
