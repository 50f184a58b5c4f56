package io.jenkins.plugins.cacheddockerbuild.engine.output;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.cacheddockerbuild.engine.api.StepRecord;
import io.jenkins.plugins.cacheddockerbuild.engine.dockerfile.Instruction;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The legacy builder's real output (docker 28.2 client, DOCKER_BUILDKIT=0, dockerd 20.10), replayed. */
class ClassicRecordedOutputTest {

    private static Map<String, List<StepRecord>> steps(String recording, String context) throws Exception {
        Recording r = Recording.of(recording, context);
        return r.replay(new ClassicOutputParser(r.dockerfile)).stepsByStage();
    }

    @Test
    void coldBuildRunsEveryStepOfEveryStage() throws Exception {
        Recording recording = Recording.of("classic-cold", "multistage");
        ClassicOutputParser parser = recording.replay(new ClassicOutputParser(recording.dockerfile));
        Map<String, List<StepRecord>> steps = parser.stepsByStage();

        assertThat(steps).containsOnlyKeys("deps", "builder", "stage-2");
        assertThat(steps.get("deps")).hasSize(1);
        assertThat(steps.get("builder")).extracting(StepRecord::instruction).containsExactly("WORKDIR /src",
                "COPY . /src",
                "RUN sleep 1 && cat /src/app.txt /deps.bin > /app.out &&     echo \"parsers: builder done\"");
        assertThat(steps.get("stage-2")).extracting(StepRecord::instruction).containsExactly("ENV GREETING=parsers",
                "COPY --from=builder /app.out /app.out", "RUN ls -l /app.out", "CMD [\"cat\", \"/app.out\"]");
        assertThat(Recording.count(steps, true)).isZero();
        assertThat(Recording.count(steps, false)).isEqualTo(8);
        // the step runs "sleep 1", so its time, measured from Step line to Step line, is at least that
        assertThat(steps.get("deps").get(0).seconds()).isBetween(1.0, 30.0);
        assertThat(parser.baseImageId("deps")).isEqualTo("c859f6247eab");
        assertThat(parser.baseImageId("builder")).isEqualTo("29358e0608d3");
        assertThat(parser.baseImageId("stage-2")).isEqualTo("c859f6247eab");
        assertThat(parser.lastStepInstruction()).isEqualTo("CMD [\"cat\", \"/app.out\"]");
    }

    @Test
    void warmBuildFromPulledCacheImagesHasEveryStepCached() throws Exception {
        Map<String, List<StepRecord>> steps = steps("classic-warm", "multistage");

        assertThat(steps).containsOnlyKeys("deps", "builder", "stage-2");
        assertThat(steps.values()).extracting(List::size).containsExactly(1, 3, 4);
        assertThat(Recording.count(steps, true)).isEqualTo(8);
        assertThat(Recording.count(steps, false)).isZero();
    }

    @Test
    void eachStagesImageIsTheOneItsLastStepMade() throws Exception {
        Recording recording = Recording.of("classic-warm", "multistage");
        ClassicOutputParser parser = recording.replay(new ClassicOutputParser(recording.dockerfile));

        assertThat(parser.stageImageId("deps")).isEqualTo("29358e0608d3");
        assertThat(parser.stageImageId("builder")).isEqualTo("58a3f1fc65f2");
        assertThat(parser.stageImageId("stage-2")).isEqualTo("d9f70b3cfa57");
        assertThat(parser.stageImageId("nonexistent")).isNull();
    }

    @Test
    void targetBuildStopsAtTheTarget() throws Exception {
        Map<String, List<StepRecord>> steps = steps("classic-target-builder", "multistage");

        assertThat(steps.keySet()).containsExactly("deps", "builder");
        assertThat(steps.values()).extracting(List::size).containsExactly(1, 3);
        assertThat(Recording.count(steps, true)).isZero();
    }

    @Test
    void targetBuildAlsoBuildsEarlierStagesTheTargetDoesNotNeed() throws Exception {
        // the legacy builder numbers "Step k/7" across stage-0, deps and builder although builder needs only deps
        Map<String, List<StepRecord>> steps = steps("classic-target-unneeded", "unneeded");

        assertThat(steps.keySet()).containsExactly("stage-0", "deps", "builder");
        assertThat(steps.get("stage-0")).extracting(StepRecord::instruction)
                .containsExactly("RUN echo \"parsers: unneeded stage ran\"");
        assertThat(steps.get("builder")).extracting(StepRecord::instruction).containsExactly("RUN cat /deps.txt");
    }

    @Test
    void failingStepIsTheLastStepAndLaterStepsNeverAppear() throws Exception {
        Recording recording = Recording.of("classic-failing", "failing");
        ClassicOutputParser parser = recording.replay(new ClassicOutputParser(recording.dockerfile));
        Map<String, List<StepRecord>> steps = parser.stepsByStage();

        assertThat(parser.lastStepInstruction()).isEqualTo("RUN echo \"parsers: about to fail\" && exit 3");
        assertThat(parser.lastStepStage()).isEqualTo("builder");
        assertThat(parser.stageImageId("builder")).as("the image of the step before the failing one")
                .isNotNull().isNotEqualTo(parser.stageImageId("deps"));
        assertThat(steps.keySet()).containsExactly("deps", "builder");
        assertThat(steps.get("deps")).extracting(StepRecord::cached).containsExactly(true);
        assertThat(steps.get("builder")).extracting(StepRecord::instruction)
                .containsExactly("WORKDIR /src", "COPY . /src", "RUN echo \"parsers: about to fail\" && exit 3");
        assertThat(steps.get("builder")).extracting(StepRecord::cached).containsOnly(false);
    }

    @Test
    void stepsAreTheDockerfileInstructionsOfTheStageTheyAreFiledUnder() throws Exception {
        String[][] recordings = {{"classic-cold", "multistage"}, {"classic-warm", "multistage"},
            {"classic-target-builder", "multistage"}, {"classic-target-unneeded", "unneeded"},
            {"classic-failing", "failing"}};
        for (String[] r : recordings) {
            Recording recording = Recording.of(r[0], r[1]);
            recording.replay(new ClassicOutputParser(recording.dockerfile)).stepsByStage().forEach((stage, list) ->
                    assertThat(recording.dockerfile.stage(stage).instructions()).extracting(Instruction::text)
                            .as("%s stage %s", r[0], stage)
                            .containsSubsequence(list.stream().map(StepRecord::instruction).toList()));
        }
    }
}
