package io.jenkins.plugins.cacheddockerbuild.engine.output;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.cacheddockerbuild.engine.api.StepRecord;
import io.jenkins.plugins.cacheddockerbuild.engine.dockerfile.DockerfileParser;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The line forms of the legacy builder, each on its own; real recordings are in the Recorded tests. */
class ClassicOutputParserTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void splitsStepsIntoStagesAtEachFromAndTimesThemByTheNextStep() throws Exception {
        ClassicOutputParser parser = new ClassicOutputParser(
                DockerfileParser.parse("FROM busybox AS deps\nRUN a\nFROM busybox\nRUN b\nCMD x\n", Map.of()));
        String[] lines = {
            "Sending build context to Docker daemon  2.048kB",
            "Step 1/5 : FROM busybox AS deps",
            " ---> 0123456789ab",
            "Step 2/5 : RUN a",
            " ---> Using cache",
            " ---> 1111111111aa",
            "Step 3/5 : FROM busybox",
            " ---> 0123456789ab",
            "Step 4/5 : RUN b",
            " ---> Running in 5a5a5a5a5a5a",
            "output",
            "Removing intermediate container 5a5a5a5a5a5a",
            " ---> 2222222222bb",
            "Step 5/5 : CMD x",
            " ---> Running in 6b6b6b6b6b6b",
            "Successfully built 3333333333cc",
        };
        for (int i = 0; i < lines.length; i++) {
            parser.accept(lines[i], i * SECOND);
        }

        assertThat(parser.stepsByStage()).containsExactly(
                Map.entry("deps", List.of(new StepRecord("RUN a", true, 3))),
                Map.entry("stage-1", List.of(new StepRecord("RUN b", false, 5), new StepRecord("CMD x", false, 2))));
        assertThat(parser.baseImageId("deps")).isEqualTo("0123456789ab");
        assertThat(parser.baseImageId("stage-1")).isEqualTo("0123456789ab");
        assertThat(parser.lastStepInstruction()).isEqualTo("CMD x");
    }

    @Test
    void ignoresTheColourResetThatStandardErrorLeavesAtTheStartOfALine() throws Exception {
        ClassicOutputParser parser = new ClassicOutputParser(DockerfileParser.parse("FROM busybox\nRUN a\n", Map.of()));
        parser.accept("Sending build context to Docker daemon  2.048kB\r\r", 0);
        parser.accept("\u001B[0mStep 1/2 : FROM busybox", 0);
        parser.accept("\u001B[0m ---> 0123456789ab", 0);
        parser.accept("Step 2/2 : RUN a\r", SECOND);
        parser.accept("\u001B[0m ---> Using cache", SECOND);

        assertThat(parser.stepsByStage()).containsExactly(Map.entry("stage-0", List.of(new StepRecord("RUN a", true, 0))));
        assertThat(parser.baseImageId("stage-0")).isEqualTo("0123456789ab");
    }

    @Test
    void reportsNothingBeforeAnyStep() throws Exception {
        ClassicOutputParser parser = new ClassicOutputParser(DockerfileParser.parse("FROM busybox\n", Map.of()));
        parser.accept("Sending build context to Docker daemon", 0);

        assertThat(parser.stepsByStage()).isEmpty();
        assertThat(parser.lastStepInstruction()).isNull();
        assertThat(parser.baseImageId("stage-0")).isNull();
    }
}
