package io.jenkins.plugins.cacheddockerbuild.engine.output;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.cacheddockerbuild.engine.api.StepRecord;
import io.jenkins.plugins.cacheddockerbuild.engine.dockerfile.Instruction;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** BuildKit's real plain progress (docker 20.10 client, DOCKER_BUILDKIT=1, dockerd 20.10), replayed. */
class BuildKitRecordedOutputTest {

    private static final String BASE = "127.0.0.1:5000/base/busybox:1";

    private static BuildKitOutputParser replay(String recording, String context) throws Exception {
        Recording r = Recording.of(recording, context);
        return r.replay(new BuildKitOutputParser(r.dockerfile));
    }

    @Test
    void coldBuildReportsOnlyFileSystemStepsWithBuildKitsTimes() throws Exception {
        BuildKitOutputParser parser = replay("buildkit-cold", "multistage");
        Map<String, List<StepRecord>> steps = parser.stepsByStage();

        assertThat(steps.keySet()).containsExactly("deps", "builder", "stage-2");
        assertThat(steps.values()).extracting(List::size).containsExactly(1, 3, 2);
        assertThat(steps.get("stage-2")).extracting(StepRecord::instruction)
                .containsExactly("COPY --from=builder /app.out /app.out", "RUN ls -l /app.out");
        assertThat(Recording.count(steps, true)).isZero();
        assertThat(steps.get("deps")).containsExactly(new StepRecord(
                "RUN sleep 1 && dd if=/dev/zero of=/deps.bin bs=1024 count=256 && echo \"parsers: deps ready\"",
                false, 1.4));
        // deps and stage-2 share one FROM vertex; the stage built on deps has none
        assertThat(parser.baseImageId("deps")).isEqualTo(BASE);
        assertThat(parser.baseImageId("stage-2")).isEqualTo(BASE);
        assertThat(parser.baseImageId("builder")).isNull();
    }

    @Test
    void warmBuildFromInlineCacheHasEveryStepCachedInDockerfileOrder() throws Exception {
        BuildKitOutputParser parser = replay("buildkit-warm", "multistage");
        Map<String, List<StepRecord>> steps = parser.stepsByStage();

        assertThat(steps.keySet()).containsExactly("deps", "builder", "stage-2");
        assertThat(Recording.count(steps, true)).isEqualTo(6);
        assertThat(Recording.count(steps, false)).isZero();
        // BuildKit printed builder's steps as 3/3, 2/3, 1/3
        assertThat(steps.get("builder")).extracting(StepRecord::instruction).containsExactly("WORKDIR /src",
                "COPY . /src",
                "RUN sleep 1 && cat /src/app.txt /deps.bin > /app.out &&     echo \"parsers: builder done\"");
        assertThat(steps.get("builder")).extracting(StepRecord::seconds).containsOnly(0.0);
        // this time the shared FROM vertex was named after stage-2; deps still finds its base
        assertThat(parser.baseImageId("deps")).isEqualTo(BASE);
    }

    @Test
    void targetBuildReportsTheTargetAndItsDependencies() throws Exception {
        Map<String, List<StepRecord>> steps = replay("buildkit-target-builder", "multistage").stepsByStage();

        assertThat(steps.keySet()).containsExactly("deps", "builder");
        assertThat(steps.values()).extracting(List::size).containsExactly(1, 3);
    }

    @Test
    void targetBuildSkipsStagesTheTargetDoesNotNeed() throws Exception {
        Map<String, List<StepRecord>> steps = replay("buildkit-target-unneeded", "unneeded").stepsByStage();

        assertThat(steps.keySet()).containsExactly("deps", "builder");
        assertThat(steps.get("builder")).containsExactly(new StepRecord("RUN cat /deps.txt", false, 0.5));
    }

    @Test
    void failingStepIsTheLastStepInstruction() throws Exception {
        BuildKitOutputParser parser = replay("buildkit-failing", "failing");
        Map<String, List<StepRecord>> steps = parser.stepsByStage();

        assertThat(parser.lastStepInstruction()).isEqualTo("RUN echo \"parsers: about to fail\" && exit 3");
        assertThat(parser.lastStepStage()).isEqualTo("builder");
        assertThat(parser.stageImageId("builder")).as("BuildKit names no stage's image").isNull();
        assertThat(steps.keySet()).containsExactly("deps", "builder");
        assertThat(steps.get("builder")).extracting(StepRecord::instruction)
                .containsExactly("WORKDIR /src", "COPY . /src", "RUN echo \"parsers: about to fail\" && exit 3");
        assertThat(Recording.count(steps, true)).isZero();
    }

    @Test
    void singleStageStepsHaveNoStageNameAndACachedFromIsNoStep() throws Exception {
        BuildKitOutputParser parser = replay("buildkit-single", "single");
        Map<String, List<StepRecord>> steps = parser.stepsByStage();

        assertThat(steps.keySet()).containsExactly("stage-0");
        assertThat(steps.get("stage-0")).extracting(StepRecord::instruction).containsExactly("WORKDIR /app",
                "COPY app.txt /app/", "RUN sleep 1 && cat /app/app.txt && echo \"parsers: single\"", "RUN ls -l /app");
        assertThat(Recording.count(steps, true)).isZero();
        assertThat(parser.baseImageId("stage-0")).isEqualTo(BASE);
        assertThat(parser.lastStepInstruction()).isEqualTo("RUN ls -l /app");
    }

    @Test
    void stepsAreTheDockerfileInstructionsOfTheStageTheyAreFiledUnder() throws Exception {
        String[][] recordings = {{"buildkit-cold", "multistage"}, {"buildkit-warm", "multistage"},
            {"buildkit-target-builder", "multistage"}, {"buildkit-target-unneeded", "unneeded"},
            {"buildkit-failing", "failing"}, {"buildkit-single", "single"}};
        for (String[] r : recordings) {
            Recording recording = Recording.of(r[0], r[1]);
            recording.replay(new BuildKitOutputParser(recording.dockerfile)).stepsByStage().forEach((stage, list) ->
                    assertThat(recording.dockerfile.stage(stage).instructions()).extracting(Instruction::text)
                            .as("%s stage %s", r[0], stage)
                            .containsSubsequence(list.stream().map(StepRecord::instruction).toList()));
        }
    }
}
