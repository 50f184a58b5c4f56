package io.jenkins.plugins.cacheddockerbuild.engine.output;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.cacheddockerbuild.engine.api.StepRecord;
import io.jenkins.plugins.cacheddockerbuild.engine.dockerfile.Dockerfile;
import io.jenkins.plugins.cacheddockerbuild.engine.dockerfile.DockerfileParser;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The line forms of BuildKit's plain progress, each on its own; real recordings are in the Recorded tests. */
class BuildKitOutputParserTest {

    private static final long SECOND = 1_000_000_000L;

    private static BuildKitOutputParser parserFor(String dockerfile) throws Exception {
        return new BuildKitOutputParser(DockerfileParser.parse(dockerfile, Map.of()));
    }

    private static void feed(BuildOutputParser parser, String output) {
        long t = 0;
        for (String line : output.split("\n")) {
            parser.accept(line, t);
            t += SECOND;
        }
    }

    @Test
    void internalVerticesAreNotStepsAndFromIsExcluded() throws Exception {
        BuildKitOutputParser parser = parserFor("FROM busybox AS deps\nRUN make deps\nFROM busybox\nCOPY --from=deps /a /a\n");
        feed(parser, """
                #1 [internal] load build definition from Dockerfile
                #1 DONE 0.0s
                #2 [auth] library/busybox:pull token for registry-1.docker.io
                #2 DONE 0.0s
                #3 importing cache manifest from 127.0.0.1:5000/app:main
                #3 DONE 0.1s
                #4 [deps 1/2] FROM docker.io/library/busybox@sha256:abc
                #4 resolve docker.io/library/busybox@sha256:abc done
                #4 DONE 0.2s
                #5 [deps 2/2] RUN make deps
                #5 0.213 compiling
                #5 DONE 3.1s
                #6 [stage-1 2/2] COPY --from=deps /a /a
                #6 CACHED
                #7 exporting to image
                #7 DONE 0.1s
                """);

        assertThat(parser.stepsByStage()).containsExactly(
                Map.entry("deps", java.util.List.of(new StepRecord("RUN make deps", false, 3.1))),
                Map.entry("stage-1", java.util.List.of(new StepRecord("COPY --from=deps /a /a", true, 0))));
        assertThat(parser.baseImageId("deps")).isEqualTo("docker.io/library/busybox@sha256:abc");
        assertThat(parser.baseImageId("stage-1")).isEqualTo("docker.io/library/busybox@sha256:abc");
        assertThat(parser.lastStepInstruction()).isEqualTo("COPY --from=deps /a /a");
    }

    @Test
    void aStageIsFinishedOnceItsLastStepIsDoneOrCachedAndNotBefore() throws Exception {
        BuildKitOutputParser parser = parserFor("FROM busybox AS deps\nRUN one\nRUN two\nFROM deps AS app\nRUN three\n"
                + "FROM busybox\nCOPY --from=app /a /a\n");
        feed(parser, """
                #4 [deps 1/3] FROM docker.io/library/busybox
                #4 DONE 0.0s
                #5 [deps 2/3] RUN one
                #5 CACHED
                #6 [deps 3/3] RUN two
                """);
        assertThat(parser.stageFinished("deps")).as("its last step has started only").isFalse();
        feed(parser, "#6 DONE 1.0s\n#7 [app 1/1] RUN three\n");
        assertThat(parser.stageFinished("deps")).isTrue();
        assertThat(parser.stageFinished("app")).isFalse();
        feed(parser, "#7 ERROR: process \"/bin/sh -c three\" did not complete successfully: exit code: 1\n");
        assertThat(parser.stageFinished("app")).as("a failed step finishes nothing").isFalse();
        assertThat(parser.stageFinished("stage-2")).isFalse();
    }

    @Test
    void interleavedVerticesAreOrderedByPositionAndRepeatedHeadersIgnored() throws Exception {
        BuildKitOutputParser parser = parserFor("FROM busybox AS a\nRUN one\nRUN two\nRUN three\n");
        feed(parser, """
                #7 [a 3/4] RUN two
                #6 [a 2/4] RUN one
                #6 DONE 1.0s
                #7 0.1 working
                #8 [a 4/4] RUN three
                #7 [a 3/4] RUN two
                #7 DONE 2.0s
                #8 0.2 done
                #8 DONE 0.5s
                """);

        assertThat(parser.stepsByStage().get("a")).extracting(StepRecord::instruction)
                .containsExactly("RUN one", "RUN two", "RUN three");
        assertThat(parser.stepsByStage().get("a")).extracting(StepRecord::seconds).containsExactly(1.0, 2.0, 0.5);
    }

    @Test
    void aSilentStepBeforeACachedStepOfItsStageCountsAsCached() throws Exception {
        // the containerd store's lazy WORKDIR with its CACHED line merged away and no fetch shown
        BuildKitOutputParser parser = parserFor("FROM busybox AS a\nWORKDIR /w\nRUN one\nRUN two\n");
        feed(parser, """
                #5 [a 2/4] WORKDIR /w
                #5 DONE 0.0s
                #6 [a 3/4] RUN one
                #6 CACHED
                #7 [a 4/4] RUN two
                #7 0.105 built
                #7 DONE 0.3s
                """);

        assertThat(parser.stepsByStage().get("a")).containsExactly(new StepRecord("WORKDIR /w", true, 0),
                new StepRecord("RUN one", true, 0), new StepRecord("RUN two", false, 0.3));
    }

    @Test
    void aStepThatPrintedOutputRanEvenBeforeAStepFoundByContent() throws Exception {
        // BuildKit also keys a step by its input's files: "RUN gen" ran and made the same files, "RUN use" hit
        BuildKitOutputParser parser = parserFor("FROM busybox AS a\nCOPY . /s\nRUN gen\nRUN use\n");
        feed(parser, """
                #5 [a 2/4] COPY . /s
                #5 DONE 0.1s
                #6 [a 3/4] RUN gen
                #6 0.311 generated
                #6 DONE 0.4s
                #7 [a 4/4] RUN use
                #7 CACHED
                """);

        assertThat(parser.stepsByStage().get("a")).extracting(StepRecord::cached).containsExactly(false, false, true);
    }

    @Test
    void aFailedStepIsNeverCachedByTheChain() throws Exception {
        BuildKitOutputParser parser = parserFor("FROM busybox AS a\nRUN one\nRUN two\n");
        feed(parser, """
                #5 [a 2/3] RUN one
                #5 ERROR: process "/bin/sh -c one" did not complete successfully: exit code: 1
                #6 [a 3/3] RUN two
                #6 CACHED
                """);

        assertThat(parser.stepsByStage().get("a")).extracting(StepRecord::cached).containsExactly(false, true);
    }

    @Test
    void unprefixedStepsBelongToTheOnlyStageAndPaddedPositionsParse() throws Exception {
        BuildKitOutputParser parser = parserFor("FROM busybox\nRUN a\n");
        feed(parser, """
                #4 [ 1/12] FROM docker.io/library/busybox
                #5 [ 2/12] RUN a
                #5 DONE 0.5s
                #6 [linux/arm64 3/12] RUN b
                #6 DONE 0.5s
                """);

        assertThat(parser.stepsByStage()).containsOnlyKeys("stage-0");
        assertThat(parser.stepsByStage().get("stage-0")).hasSize(2);
    }

    @Test
    void aFailedStepIsTheLastStepEvenWhenOthersStartedLater() throws Exception {
        BuildKitOutputParser parser = parserFor("FROM busybox AS a\nRUN fail\nFROM busybox AS b\nRUN slow\n");
        feed(parser, """
                #5 [a 2/2] RUN fail
                #6 [b 2/2] RUN slow
                #5 ERROR: executor failed running [/bin/sh -c fail]: exit code: 127
                #6 CANCELED
                """);

        assertThat(parser.lastStepInstruction()).isEqualTo("RUN fail");
        assertThat(parser.stepsByStage().get("a")).containsExactly(new StepRecord("RUN fail", false, 2.0));
        assertThat(parser.stepsByStage().get("b")).containsExactly(new StepRecord("RUN slow", false, 2.0));
    }

    @Test
    void reportsNothingBeforeAnyStep() throws Exception {
        BuildKitOutputParser parser = parserFor("FROM busybox\n");

        assertThat(parser.stepsByStage()).isEmpty();
        assertThat(parser.lastStepInstruction()).isNull();
        assertThat(parser.baseImageId("stage-0")).isNull();
    }
}
