package io.jenkins.plugins.cacheddockerbuild.engine.dockerfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.cacheddockerbuild.engine.api.InvalidInputException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DockerfileTest {

    private static final String MULTI_STAGE = """
            FROM busybox AS deps
            RUN make deps
            FROM busybox AS unrelated
            RUN sleep 100
            FROM deps AS builder
            COPY . /src
            FROM busybox AS tools
            FROM busybox
            COPY --from=builder /out /out
            RUN --mount=from=tools,target=/t true
            """;

    private final Dockerfile file = parse(MULTI_STAGE);

    private static Dockerfile parse(String text) {
        try {
            return DockerfileParser.parse(text, Map.of());
        } catch (InvalidInputException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void lastStageNeedsItsTransitiveDependenciesInFileOrder() throws Exception {
        assertThat(file.requiredStages(null)).extracting(Stage::id)
                .containsExactly("deps", "builder", "tools", "stage-4");
    }

    @Test
    void targetLeavesOutStagesItDoesNotNeed() throws Exception {
        assertThat(file.requiredStages("builder")).extracting(Stage::id).containsExactly("deps", "builder");
        assertThat(file.requiredStages("unrelated")).extracting(Stage::id).containsExactly("unrelated");
        assertThat(file.requiredStages("DEPS")).extracting(Stage::id).containsExactly("deps");
    }

    @Test
    void unknownTargetListsTheStages() {
        assertThatThrownBy(() -> file.requiredStages("nope"))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                    assertThat(e.field()).isEqualTo("target");
                    assertThat(e.value()).isEqualTo("nope");
                    assertThat(e.getMessage())
                            .contains("no such stage; stages are: deps, unrelated, builder, tools, stage-4");
                });
    }

    @Test
    void finalStageIsTheLast() {
        assertThat(file.finalStage().index()).isEqualTo(4);
        assertThat(file.finalStage().id()).isEqualTo("stage-4");
    }
}
