package io.jenkins.plugins.cacheddockerbuild.engine.output;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.cacheddockerbuild.engine.api.StepRecord;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * buildah 1.28's real output ({@code buildah build --layers --cache-from/--cache-to}, each build on an empty
 * storage root, i.e. a fresh agent), replayed; see {@code recorded/buildah/record.sh}.
 */
class BuildahRecordedOutputTest {

    private static BuildahOutputParser replay(String recording, String context) throws Exception {
        Recording r = Recording.of("buildah/" + recording, "buildah/" + context);
        return r.replay(new BuildahOutputParser(r.dockerfile));
    }

    @Test
    void coldBuildRunsEveryStepAndPushesItToTheCacheRepository() throws Exception {
        BuildahOutputParser parser = replay("buildah-cold", "app");
        Map<String, List<StepRecord>> steps = parser.stepsByStage();

        assertThat(steps).containsOnlyKeys("deps", "builder", "stage-2");
        assertThat(steps.get("deps")).extracting(StepRecord::instruction).containsExactly("WORKDIR /deps",
                "COPY deps.txt /deps/deps.txt",
                "RUN sleep 1 && dd if=/dev/zero of=/deps/deps.bin bs=1024 count=256 && echo \"buildah: deps ready\"");
        assertThat(steps.get("stage-2")).extracting(StepRecord::instruction).containsExactly("ENV GREETING=buildah",
                "COPY --from=builder /app.out /app.out", "RUN ls -l /app.out", "CMD [\"cat\", \"/app.out\"]");
        assertThat(Recording.count(steps, true)).isZero();
        assertThat(Recording.count(steps, false)).isEqualTo(10);
        // the RUN sleeps 1 s; it is timed from its STEP line to the next one
        assertThat(steps.get("deps").get(2).seconds()).isBetween(1.0, 30.0);
        assertThat(parser.pulledCacheRefs()).isEmpty();
        assertThat(parser.pushedCacheRefs()).hasSize(10)
                .allMatch(ref -> ref.startsWith("127.0.0.1:5000/buildah-recorded/cache:"));
        assertThat(parser.baseImageId("deps")).isEqualTo("127.0.0.1:5000/base/busybox:1");
        assertThat(parser.baseImageId("builder")).matches("[0-9a-f]{64}");
        assertThat(parser.baseImageId("builder")).startsWith(parser.stageImageId("deps"));
        assertThat(parser.writtenImageId()).startsWith("sha256:" + parser.stageImageId("stage-2"));
        assertThat(parser.lastStepInstruction()).isEqualTo("CMD [\"cat\", \"/app.out\"]");
        assertThat(parser.stageFinished("deps")).isTrue();
        assertThat(parser.stageFinished("stage-2")).isTrue();
    }

    @Test
    void freshAgentAfterSourceChangeTakesDependenciesFromTheRemoteCache() throws Exception {
        BuildahOutputParser parser = replay("buildah-warm", "app");
        Map<String, List<StepRecord>> steps = parser.stepsByStage();

        assertThat(steps.get("deps")).extracting(StepRecord::cached).containsExactly(true, true, true);
        // WORKDIR /src is unchanged; the changed app.txt misses and so does everything after it in the stage
        assertThat(steps.get("builder")).extracting(StepRecord::cached).containsExactly(true, false, false);
        // the final stage's ENV hits; its COPY --from takes the rebuilt /app.out and misses
        assertThat(steps.get("stage-2")).extracting(StepRecord::cached).containsExactly(true, false, false, false);
        assertThat(parser.remoteHits("deps")).isEqualTo(3);
        assertThat(parser.pulledCacheRefs()).hasSize(5);
        assertThat(parser.pushedCacheRefs()).hasSize(5);
        // a cached step takes no time worth mentioning, the RUN that sleeps 1 s does
        assertThat(steps.get("deps").get(2).seconds()).isLessThan(1.0);
        assertThat(steps.get("builder").get(2).seconds()).isGreaterThanOrEqualTo(1.0);
    }

    @Test
    void dependencyChangeMissesFromTheChangedCopyOnButReusesTheUnchangedFinalStage() throws Exception {
        BuildahOutputParser parser = replay("buildah-deps", "app");
        Map<String, List<StepRecord>> steps = parser.stepsByStage();

        assertThat(steps.get("deps")).extracting(StepRecord::cached).containsExactly(true, false, false);
        assertThat(steps.get("builder")).extracting(StepRecord::cached).containsExactly(false, false, false);
        // /app.out came out the same as in the previous build (same app.txt, same zero-filled deps.bin): all hits
        assertThat(steps.get("stage-2")).extracting(StepRecord::cached).containsExactly(true, true, true, true);
        // buildah started the final stage first; its COPY --from waited for builder, which the time leaves out
        assertThat(steps.get("stage-2").get(1).seconds()).isLessThan(1.0);
        assertThat(steps.get("builder").get(2).seconds()).isGreaterThanOrEqualTo(1.0);
        assertThat(parser.writtenImageId()).matches("sha256:[0-9a-f]{64}");
    }

    @Test
    void failingRunNamesItsStageAndStep() throws Exception {
        BuildahOutputParser parser = replay("buildah-failing", "failing");

        // the final stage started, and waits at its COPY --from, before builder began
        assertThat(parser.stepsByStage().keySet()).containsExactly("deps", "stage-2", "builder");
        assertThat(parser.lastStepStage()).isEqualTo("builder");
        assertThat(parser.lastStepInstruction()).isEqualTo("RUN echo \"buildah: about to fail\" && exit 3");
        assertThat(parser.stageFinished("deps")).isTrue();
        assertThat(parser.writtenImageId()).isNull();
    }

    @Test
    void unreachableCacheRepositoryRetriesThenFailsTheBuild() throws Exception {
        // why the engine leaves --cache-from/--cache-to out when the cache registry does not answer
        BuildahOutputParser parser = replay("buildah-registry-down", "app");

        assertThat(parser.lastStepInstruction()).isEqualTo("WORKDIR /deps");
        assertThat(Recording.count(parser.stepsByStage(), true)).isZero();
        assertThat(parser.writtenImageId()).isNull();
    }
}
