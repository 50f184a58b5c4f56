package io.jenkins.plugins.cacheddockerbuild.engine.steps;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.cacheddockerbuild.engine.api.InvalidInputException;
import io.jenkins.plugins.cacheddockerbuild.engine.dockerfile.Dockerfile;
import io.jenkins.plugins.cacheddockerbuild.engine.dockerfile.DockerfileParser;
import io.jenkins.plugins.cacheddockerbuild.engine.dockerfile.Stage;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Docker's failure to get an image whose name is a misspelt stage, as docker 20.10 and 28.2 print it offline. */
class UnknownStageReferenceTest {
    private static final String NO_HUB = "Get \"https://registry-1.docker.io/v2/\": dial tcp: lookup "
            + "registry-1.docker.io on 10.255.255.53:53: no such host";

    @Test
    void classicBuilderStoppedAtFromOfAnUnknownStage() throws Exception {
        BuildPlan plan = plan("FROM base:1 AS builder\nRUN echo hi\nFROM buidler\nRUN echo x\n");

        Optional<InvalidInputException> mistake = UnknownStageReference.explain(plan, last(plan), "FROM buidler",
                List.of("Step 3/4 : FROM buidler", NO_HUB));

        assertThat(mistake).get().satisfies(e -> {
            assertThat(e.exitCode()).isEqualTo(2);
            assertThat(e.value()).isEqualTo("buidler");
            assertThat(e.getMessage()).contains("FROM of stage stage-1").contains("FROM buidler names no stage")
                    .contains("stages: builder").contains("no such host");
        });
    }

    @Test
    void buildKitCouldNotLoadMetadataOfAnUnknownStage() throws Exception {
        BuildPlan plan = plan("FROM base:1 AS builder\nRUN echo hi\nFROM buidler\nRUN echo x\n");

        Optional<InvalidInputException> mistake = UnknownStageReference.explain(plan, last(plan), null, List.of(
                "#3 [internal] load metadata for docker.io/library/buidler:latest",
                "#3 ERROR: failed to do request: Head \"https://registry-1.docker.io/v2/library/buidler/manifests/latest\"",
                "------", " > [internal] load metadata for docker.io/library/buidler:latest:", "------",
                "failed to solve with frontend dockerfile.v0: failed to create LLB definition: failed to do request"));

        assertThat(mistake).get().extracting(InvalidInputException::value).isEqualTo("buidler");
    }

    @Test
    void copyFromAnUnknownStageNamesItsLine() throws Exception {
        BuildPlan plan = plan("FROM base:1 AS builder\nRUN echo hi\nFROM base:1\nCOPY --from=buidler /a /b\n");

        Optional<InvalidInputException> classic = UnknownStageReference.explain(plan, last(plan),
                "COPY --from=buidler /a /b", List.of("Step 4/4 : COPY --from=buidler /a /b",
                        "invalid from flag value buidler: " + NO_HUB));
        Optional<InvalidInputException> buildKit = UnknownStageReference.explain(plan, last(plan), null, List.of(
                "#5 FROM docker.io/library/buidler:latest", "#5 ERROR: failed to do request", "------",
                " > FROM docker.io/library/buidler:latest:", "------", "failed to load cache key: " + NO_HUB));

        assertThat(classic).get().extracting(InvalidInputException::field).isEqualTo("Dockerfile line 4");
        assertThat(buildKit).get().extracting(InvalidInputException::field).isEqualTo("Dockerfile line 4");
    }

    @Test
    void fromAStageDefinedBelowSaysSo() throws Exception {
        BuildPlan plan = plan("FROM later\nRUN echo x\nFROM base:1 AS later\nRUN echo y\n");
        Stage first = plan.dockerfile().stages().get(0);

        Optional<InvalidInputException> mistake = UnknownStageReference.explain(plan, first, "FROM later",
                List.of(NO_HUB));

        assertThat(mistake).get().extracting(Throwable::getMessage).asString()
                .contains("names stage later, which is not defined above stage stage-0");
    }

    @Test
    void aFailingRunAfterAnImageFromDockerHubIsAFailedStep() throws Exception {
        BuildPlan plan = plan("FROM alpine\nRUN exit 3\n");

        Optional<InvalidInputException> mistake = UnknownStageReference.explain(plan, last(plan),
                "RUN exit 3", List.of("#3 [internal] load metadata for docker.io/library/alpine:latest",
                        "#3 DONE 0.9s", "#5 [2/2] RUN exit 3", "#5 ERROR: executor failed running [/bin/sh -c exit 3]",
                        "------", " > [2/2] RUN exit 3:", "------",
                        "executor failed running [/bin/sh -c exit 3]: exit code: 3"));

        assertThat(mistake).isEmpty();
    }

    @Test
    void registryImagesAreNeverTakenForStages() throws Exception {
        BuildPlan plan = plan("FROM registry:5000/team/base:1\nRUN echo x\n");

        assertThat(UnknownStageReference.explain(plan, last(plan), "FROM registry:5000/team/base:1",
                List.of("manifest unknown"))).isEmpty();
    }

    private static BuildPlan plan(String text) throws Exception {
        Dockerfile dockerfile = DockerfileParser.parse(text, Map.of());
        return new BuildPlan("/ctx", "/ctx/Dockerfile", dockerfile, dockerfile.stages(), dockerfile.stages(), null);
    }

    private static Stage last(BuildPlan plan) {
        return plan.dockerfile().finalStage();
    }
}
