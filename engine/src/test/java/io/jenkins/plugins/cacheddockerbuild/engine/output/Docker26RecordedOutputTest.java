package io.jenkins.plugins.cacheddockerbuild.engine.output;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.cacheddockerbuild.engine.api.StepRecord;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Docker Engine 26.1.5 + buildx 0.13.1 (both image stores), replayed from {@code record26.sh}'s recordings of
 * the three-stage app on a fresh agent: every step served from a cache counts as cached, however it was shown.
 */
class Docker26RecordedOutputTest {

    private static Map<String, List<StepRecord>> buildKit(String recording) throws Exception {
        Recording r = Recording.of(recording, "multistage");
        return r.replay(new BuildKitOutputParser(r.dockerfile)).stepsByStage();
    }

    private static List<Boolean> cached(List<StepRecord> steps) {
        return steps.stream().map(StepRecord::cached).toList();
    }

    @Test
    void containerdStoreStepFetchedFromCacheWithoutCachedLineCountsAsCached() throws Exception {
        // #9 [builder 1/3] WORKDIR /src: layer downloads, "extracting", "DONE 0.0s" and never "CACHED"
        Map<String, List<StepRecord>> steps = buildKit("d26c-inline-builder-changed");

        assertThat(steps.keySet()).containsExactly("deps", "builder");
        assertThat(cached(steps.get("deps"))).containsExactly(true);
        assertThat(cached(steps.get("builder"))).containsExactly(true, false, false);
        assertThat(steps.get("builder").get(2).seconds()).isEqualTo(1.2);
    }

    @Test
    void buildxRegistryCacheAfterSourceChangeHasDependencyStageAndWorkdirCached() throws Exception {
        // the WORKDIR vertex again shows only downloads and DONE (rawjson of the same build: cached false last)
        Map<String, List<StepRecord>> steps = buildKit("d26c-buildx-changed");

        assertThat(cached(steps.get("deps"))).containsExactly(true);
        assertThat(cached(steps.get("builder"))).containsExactly(true, false, false);
        assertThat(cached(steps.get("stage-2"))).containsExactly(false, false);
    }

    @Test
    void buildxRegistryCacheOnFreshAgentHasEveryStepCachedEvenTheOneReopenedForItsLayers() throws Exception {
        // #12 [stage-2 3/3] says CACHED, then downloads its layers for the push and says DONE 0.1s
        Map<String, List<StepRecord>> steps = buildKit("d26c-buildx-warm");

        assertThat(steps.values()).extracting(List::size).containsExactly(1, 3, 2);
        assertThat(Recording.count(steps, true)).isEqualTo(6);
        assertThat(steps.get("stage-2").get(1).seconds()).isZero();
    }

    @Test
    void buildxColdBuildRunsEverything() throws Exception {
        Map<String, List<StepRecord>> steps = buildKit("d26c-buildx-cold");

        assertThat(steps.values()).extracting(List::size).containsExactly(1, 3, 2);
        assertThat(Recording.count(steps, false)).isEqualTo(6);
    }

    @Test
    void containerdStoreInlineCacheTargetOfDependencyStageIsCached() throws Exception {
        // the target's last step says CACHED, then is reopened to fetch its layers for the image
        Map<String, List<StepRecord>> steps = buildKit("d26c-inline-deps-changed");

        assertThat(steps).containsOnlyKeys("deps");
        assertThat(cached(steps.get("deps"))).containsExactly(true);
    }

    @Test
    void finalStageAfterSourceChangeOnBothStores() throws Exception {
        for (String recording : List.of("d26c-inline-final-changed", "d26o-inline-final-changed")) {
            Map<String, List<StepRecord>> steps = buildKit(recording);

            assertThat(cached(steps.get("deps"))).as(recording).containsExactly(true);
            assertThat(cached(steps.get("builder"))).as(recording).containsExactly(true, true, true);
            assertThat(cached(steps.get("stage-2"))).as(recording).containsExactly(false, false);
        }
    }

    @Test
    void overlayStoreInlineCacheShowsPlainCachedLines() throws Exception {
        Map<String, List<StepRecord>> deps = buildKit("d26o-inline-deps-changed");
        Map<String, List<StepRecord>> builder = buildKit("d26o-inline-builder-changed");

        assertThat(cached(deps.get("deps"))).containsExactly(true);
        assertThat(cached(builder.get("builder"))).containsExactly(true, false, false);
    }

    @Test
    void legacyBuilderOfDocker26PrintsUsingCacheForEveryPulledStep() throws Exception {
        Recording r = Recording.of("d26o-classic-warm", "multistage");
        Map<String, List<StepRecord>> steps = r.replay(new ClassicOutputParser(r.dockerfile)).stepsByStage();

        assertThat(steps.values()).extracting(List::size).containsExactly(1, 3, 4);
        assertThat(Recording.count(steps, true)).isEqualTo(8);
    }
}
