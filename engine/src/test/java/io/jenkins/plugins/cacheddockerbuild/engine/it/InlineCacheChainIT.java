package io.jenkins.plugins.cacheddockerbuild.engine.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.cacheddockerbuild.engine.api.BuildReport;
import io.jenkins.plugins.cacheddockerbuild.engine.api.BuilderKind;
import io.jenkins.plugins.cacheddockerbuild.engine.api.StageReport;
import io.jenkins.plugins.cacheddockerbuild.engine.api.StepRecord;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A chain of fresh-agent builds, each with one changed source file and each taking its cache from the image the
 * build before pushed: every step the change does not affect comes from cache in every build. With BuildKit this
 * fails every second build unless the engine works around moby/buildkit#1981 (see {@code InlineCacheRefresh}).
 */
class InlineCacheChainIT extends OnFreshAgent {
    private static final int WARM_BUILDS = 3;
    static Stream<Arguments> appsAndBuilders() {
        return Stream.of(BuilderKind.BUILDKIT, BuilderKind.CLASSIC).flatMap(builder -> Stream.of(
                Arguments.of("single-stage", builder), Arguments.of("multi-stage", builder)));
    }

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("appsAndBuilders")
    void everyUnaffectedStepIsCachedInEveryBuildOfAChain(String shape, BuilderKind builder) throws Exception {
        ChainApp app = shape.equals("single-stage") ? ChainApp.singleStage(workspace, env.baseImage())
                : ChainApp.multiStage(workspace, env.baseImage());
        String image = EngineRun.uniqueRepository(env, "chain-" + shape);
        engine.build(engine.request(image, app.dir(), builder).branch("main").build());

        Map<Integer, Map<String, List<Boolean>>> cachedPerBuild = new LinkedHashMap<>();
        for (int version = 1; version <= WARM_BUILDS; version++) {
            daemon.wipe();
            app.changeSource(version);
            BuildReport report = engine.build(engine.request(image, app.dir(), builder).branch("main").build());
            cachedPerBuild.put(version, cachedSteps(report));
            if (builder == BuilderKind.BUILDKIT) {
                // (the classic builder leaves the pulled cache images its new tags replaced, as docker build does)
                assertThat(daemon.client().listImagesCmd().withDanglingFilter(true).exec())
                        .as("no image left without a name (the refresh's first image is removed)").isEmpty();
            }
        }

        Map<Integer, Map<String, List<Boolean>>> expected = new LinkedHashMap<>();
        for (int version = 1; version <= WARM_BUILDS; version++) {
            expected.put(version, app.cachedAfterSourceChange());
        }
        assertThat(cachedPerBuild).as("per warm build: per stage, whether each step came from cache").isEqualTo(expected);
    }

    private static Map<String, List<Boolean>> cachedSteps(BuildReport report) {
        Map<String, List<Boolean>> cached = new LinkedHashMap<>();
        for (StageReport stage : report.stages()) {
            cached.put(stage.name(), stage.stepRecords().stream().map(StepRecord::cached).toList());
        }
        return cached;
    }
}
