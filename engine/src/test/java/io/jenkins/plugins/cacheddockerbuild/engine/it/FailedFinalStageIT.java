package io.jenkins.plugins.cacheddockerbuild.engine.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.dockerjava.api.model.Image;
import io.jenkins.plugins.cacheddockerbuild.engine.api.BuildEvent;
import io.jenkins.plugins.cacheddockerbuild.engine.api.BuildFailedException;
import io.jenkins.plugins.cacheddockerbuild.engine.api.BuilderKind;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The final stage is built first, with every stage it needs, in one build; with BuildKit an intermediate
 * stage's own build starts while that build goes on. When the final stage then fails, the failure names it,
 * the stage's own build is stopped or finished, nothing is pushed and no temporary tag is left.
 */
class FailedFinalStageIT extends OnFreshAgent {
    @ParameterizedTest
    @EnumSource(value = BuilderKind.class, names = {"CLASSIC", "BUILDKIT"})
    void aFailingFinalStepFailsTheFinalStageAndLeavesNothingBehind(BuilderKind builder) throws Exception {
        Files.createDirectories(workspace.resolve("src"));
        Files.writeString(workspace.resolve("src/main.txt"), "version 1\n");
        Files.writeString(workspace.resolve("Dockerfile"), String.join("\n",
                "FROM " + env.baseImage() + " AS deps",
                "RUN echo deps > /deps.txt",
                "FROM deps AS builder",
                "COPY src/ /src/",
                "RUN cat /src/main.txt /deps.txt > /app.txt",
                "FROM " + env.baseImage(),
                "COPY --from=builder /app.txt /app.txt",
                "RUN sleep 3 && echo final-step-fails && exit 3",
                ""));
        String image = EngineRun.uniqueRepository(env, "failing-final");

        BuildFailedException failure = catchThrowableOfType(
                () -> engine.build(engine.request(image, workspace, builder).branch("main").build()),
                BuildFailedException.class);

        assertThat(failure).isNotNull();
        assertThat(failure.stage()).isEqualTo("stage-2");
        assertThat(failure.step()).contains("exit 3");
        if (builder == BuilderKind.BUILDKIT) {
            assertThat(engine.events()).as("the builder stage's own build started during the final build")
                    .anySatisfy(event -> assertThat(event).isInstanceOfSatisfying(BuildEvent.Log.class,
                            log -> assertThat(log.message()).contains("building its image meanwhile")));
        }
        assertThat(tags()).noneMatch(tag -> tag.startsWith("cached-docker-build-tmp:"))
                .noneMatch(tag -> tag.startsWith(image + ":"));
        assertThat(dockerChildren()).as("no docker child of this build still running").isEmpty();
    }

    private List<String> tags() {
        return daemon.client().listImagesCmd().exec().stream().map(Image::getRepoTags)
                .filter(tags -> tags != null).flatMap(Arrays::stream).toList();
    }

    // This JVM's own: other builds on the machine (other test runs) may be running at the same moment.
    private static List<String> dockerChildren() {
        try (Stream<ProcessHandle> all = ProcessHandle.current().descendants()) {
            return all.map(process -> process.info().commandLine().orElse(""))
                    .filter(line -> line.contains("cached-docker-build-tmp:")).toList();
        }
    }
}
