package io.jenkins.plugins.cacheddockerbuild.engine.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.cacheddockerbuild.engine.api.BuildReport;
import io.jenkins.plugins.cacheddockerbuild.engine.api.BuilderKind;
import io.jenkins.plugins.cacheddockerbuild.engine.api.PushedRef;
import io.jenkins.plugins.cacheddockerbuild.engine.api.StageReport;
import io.jenkins.plugins.cacheddockerbuild.engine.api.StepRecord;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The engine against the real daemons and registry, on every engine and store with each builder it offers. */
class StagedBuildIT extends OnFreshAgent {
    @ParameterizedTest(name = "{displayName} on {0}")
    @MethodSource("io.jenkins.plugins.cacheddockerbuild.engine.it.EngineSetup#matrix")
    void firstBuildFindsNoCacheAndPushesBuilderAndFinalTags(EngineSetup setup) throws Exception {
        Agent agent = on(setup.engine());
        BuilderKind builder = setup.builder();
        EngineRun engine = agent.engine();
        Daemon daemon = agent.daemon();
        SampleApp app = SampleApp.multiStage(workspace, env.baseImage());
        String image = EngineRun.uniqueRepository(env, "cold");

        BuildReport report = engine.build(engine.request(image, app.dir(), builder).branch("main").build());

        assertThat(engine.dockerOutput()).as("the slow step ran").contains(SampleApp.SLOW_STEP_MARKER);
        assertThat(report.builder()).isEqualTo(builder.id());
        assertThat(report.stages()).extracting(StageReport::name).containsExactly("deps", "builder", "stage-2");
        assertThat(report.stages()).allSatisfy(stage -> {
            assertThat(stage.cacheSource()).isNull();
            assertThat(stage.noCacheReason()).contains("no cache image found");
        });
        assertThat(report.cachedSteps()).isZero();
        assertThat(report.totalSteps()).isPositive();
        assertThat(report.pushed()).extracting(PushedRef::ref)
                .containsExactlyInAnyOrder(image + ":main", image + ":main--deps", image + ":main--builder");
        assertThat(report.pushed()).allSatisfy(pushed -> assertThat(pushed.digest()).startsWith("sha256:"));
        assertThat(report.bytesPushed()).as("counted from the pushed manifests").isPositive();
    }

    @ParameterizedTest(name = "{displayName} on {0}")
    @MethodSource("io.jenkins.plugins.cacheddockerbuild.engine.it.EngineSetup#matrix")
    void reusesEveryStageOnFreshDaemonAfterSourceOnlyChange(EngineSetup setup) throws Exception {
        Agent agent = on(setup.engine());
        BuilderKind builder = setup.builder();
        EngineRun engine = agent.engine();
        Daemon daemon = agent.daemon();
        SampleApp app = SampleApp.multiStage(workspace, env.baseImage());
        String image = EngineRun.uniqueRepository(env, "warm");
        engine.build(engine.request(image, app.dir(), builder).branch("main").build());
        List<String> builderBefore = layers(daemon, image + ":main--builder");
        daemon.wipe();
        app.changeSource("version 2");

        BuildReport warm = engine.build(engine.request(image, app.dir(), builder).branch("main").build());

        // each cache tag names its own stage's image of this build (classic: the image its last step printed)
        List<String> depsLayers = layers(daemon, image + ":main--deps");
        List<String> builderLayers = layers(daemon, image + ":main--builder");
        assertThat(builderLayers).startsWith(depsLayers.toArray(String[]::new)).hasSizeGreaterThan(depsLayers.size())
                .isNotEqualTo(builderBefore);
        assertThat(layers(daemon, image + ":main")).doesNotContainAnyElementsOf(builderLayers.subList(depsLayers.size(),
                builderLayers.size()));

        StageReport deps = stage(warm, "deps");
        assertThat(deps.cacheSource()).isEqualTo(image + ":main--deps");
        assertThat(deps.steps()).isEqualTo(deps.cachedSteps()).isPositive();
        assertThat(deps.seconds()).as("the slow step did not run").isLessThan(SampleApp.SLOW_STEP_SECONDS);
        StageReport builderStage = stage(warm, "builder");
        assertThat(builderStage.cacheSource()).isEqualTo(image + ":main--builder");
        assertThat(firstRunStep(builderStage)).as("first step that ran in builder").startsWith("COPY");
        assertThat(stepsBeforeFirstRun(builderStage)).allMatch(StepRecord::cached);
        assertThat(stage(warm, "stage-2").cacheSource()).isEqualTo(image + ":main");
        assertThat(engine.dockerOutput()).as("the slow RUN step was not executed")
                .doesNotContain(SampleApp.SLOW_STEP_MARKER);
    }

    @ParameterizedTest(name = "{displayName} on {0}")
    @MethodSource("io.jenkins.plugins.cacheddockerbuild.engine.it.EngineSetup#matrix")
    void featureBranchTakesCacheFromMainThroughFallback(EngineSetup setup) throws Exception {
        Agent agent = on(setup.engine());
        BuilderKind builder = setup.builder();
        EngineRun engine = agent.engine();
        Daemon daemon = agent.daemon();
        SampleApp app = SampleApp.multiStage(workspace, env.baseImage());
        String image = EngineRun.uniqueRepository(env, "fallback");
        engine.build(engine.request(image, app.dir(), builder).branch("main").build());
        daemon.wipe();

        BuildReport feature = engine.build(engine.request(image, app.dir(), builder)
                .branch("feature/Login-Page").fallback("develop").fallback("main").build());

        assertThat(stage(feature, "deps").cacheSource()).isEqualTo(image + ":main--deps");
        assertThat(stage(feature, "deps").cachedSteps()).isEqualTo(stage(feature, "deps").steps());
        assertThat(stage(feature, "builder").cacheSource()).isEqualTo(image + ":main--builder");
        assertThat(feature.pushed()).extracting(PushedRef::ref)
                .contains(image + ":feature-login-page", image + ":feature-login-page--deps");
    }

    // pulled again after the daemon is wiped, so the image is the one the registry holds
    private static List<String> layers(Daemon daemon, String ref) throws Exception {
        daemon.client().pullImageCmd(ref).start().awaitCompletion();
        return daemon.client().inspectImageCmd(ref).exec().getRootFS().getLayers();
    }

    private static StageReport stage(BuildReport report, String name) {
        return report.stages().stream().filter(stage -> stage.name().equals(name)).findFirst().orElseThrow();
    }

    private static String firstRunStep(StageReport stage) {
        return stage.stepRecords().stream().filter(step -> !step.cached()).map(StepRecord::instruction)
                .findFirst().orElse("<none ran>");
    }

    private static List<StepRecord> stepsBeforeFirstRun(StageReport stage) {
        return stage.stepRecords().stream().takeWhile(StepRecord::cached).toList();
    }
}
