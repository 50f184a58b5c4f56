package io.jenkins.plugins.cacheddockerbuild.engine.steps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.cacheddockerbuild.engine.api.BuildEvent;
import io.jenkins.plugins.cacheddockerbuild.engine.api.BuildRequest;
import io.jenkins.plugins.cacheddockerbuild.engine.api.InvalidInputException;
import io.jenkins.plugins.cacheddockerbuild.engine.dockerfile.Stage;
import io.jenkins.plugins.cacheddockerbuild.engine.local.LocalAgentFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Validation and planning before any docker call. */
class PlanStepTest {
    @TempDir
    Path root;
    private Path context;
    private final List<BuildEvent> events = new CopyOnWriteArrayList<>();

    @BeforeEach
    void createContext() throws Exception {
        context = Files.createDirectories(root.resolve("ctx"));
    }

    @Test
    void plansNamedStagesAsTargetsAndBuildsUnnamedOnesInsideTheNext() throws Exception {
        write("Dockerfile", "FROM busybox\nRUN a\nFROM busybox AS deps\nCOPY --from=0 /a /a\n"
                + "FROM busybox AS unused\nRUN u\nFROM busybox\nCOPY --from=deps /a /a\n");

        BuildPlan plan = plan(request().build());

        assertThat(plan.context()).isEqualTo(context.toRealPath().toString());
        assertThat(plan.dockerfilePath()).isEqualTo(context.toRealPath().resolve("Dockerfile").toString());
        assertThat(plan.requiredStages()).extracting(Stage::id).containsExactly("stage-0", "deps", "stage-3");
        assertThat(plan.targetStages()).extracting(Stage::id).containsExactly("deps", "stage-3");
        assertThat(plan.cachePlan().stages()).extracting(stage -> stage.stageId()).containsExactly("deps", "stage-3");
        assertThat(plan.finalIsImplicitTarget()).isTrue();
    }

    @Test
    void aTargetStageEndsThePlan() throws Exception {
        write("Dockerfile", "FROM busybox AS deps\nRUN a\nFROM busybox AS Test\nCOPY --from=deps /a /a\nFROM busybox\n");

        BuildPlan plan = plan(request().target("TEST").build());

        assertThat(plan.targetStages()).extracting(Stage::id).containsExactly("deps", "test");
        assertThat(plan.finalIsImplicitTarget()).isFalse();
    }

    @Test
    void rejectsAnUnnamedTargetThatIsNotTheLastStage() throws Exception {
        write("Dockerfile", "FROM busybox\nRUN a\nFROM busybox AS tail\nRUN b\n");

        for (String target : List.of("0", "stage-0")) {
            assertThatThrownBy(() -> plan(request().target(target).build()))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageStartingWith("target: ")
                    .hasMessageContaining("FROM ... AS name")
                    .hasMessageContaining("'" + target + "'");
        }
    }

    @Test
    void rejectsAnUnknownTarget() throws Exception {
        write("Dockerfile", "FROM busybox AS deps\nFROM busybox\n");

        assertThatThrownBy(() -> plan(request().target("nope").build()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("target: ");
    }

    @Test
    void rejectsAContextThatIsNotADirectory() {
        BuildRequest request = BuildRequest.builder("r:5000/app", root.resolve("missing").toString()).build();

        assertThatThrownBy(() -> plan(request))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("context: is not a directory");
    }

    @Test
    void rejectsAContextWithoutDockerfileNamingThePath() throws Exception {
        String canonical = context.toRealPath().toString();

        assertThatThrownBy(() -> plan(request().build()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("file: no Dockerfile at ")
                .hasMessageContaining(canonical);
    }

    @Test
    void rejectsADockerfileOutsideTheContext() throws Exception {
        Files.writeString(root.resolve("outside"), "FROM busybox\n");

        assertThatThrownBy(() -> plan(request().dockerfile("../outside").build()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("is outside the build context");
    }

    @Test
    void rejectsADockerfileSymlinkPointingOutsideTheContext() throws Exception {
        Path outside = Files.writeString(root.resolve("outside"), "FROM busybox\n");
        Files.createSymbolicLink(context.resolve("Dockerfile"), outside);

        assertThatThrownBy(() -> plan(request().build()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("is outside the build context");
    }

    @Test
    void acceptsAnotherDockerfileInsideTheContext() throws Exception {
        Files.createDirectories(context.resolve("docker"));
        write("docker/app.Dockerfile", "FROM busybox\n");

        BuildPlan plan = plan(request().dockerfile("docker/app.Dockerfile").build());

        assertThat(plan.dockerfilePath()).endsWith("/ctx/docker/app.Dockerfile");
    }

    @Test
    void validatesTheImageBeforeLookingAtFiles() {
        BuildRequest request = BuildRequest.builder("Registry:5000/App", root.resolve("missing").toString()).build();

        assertThatThrownBy(() -> plan(request)).isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("image: ");
    }

    @Test
    void rejectsAnInvalidBuildArgName() throws Exception {
        write("Dockerfile", "FROM busybox\n");

        assertThatThrownBy(() -> plan(request().buildArg("1-BAD", "x").build()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("build-arg: ");
    }

    @Test
    void rejectsBuildArgsThatWouldSteerTheDockerClientThroughItsEnvironment() throws Exception {
        write("Dockerfile", "FROM busybox\n");

        for (String name : List.of("DOCKER_HOST", "DOCKER_CONFIG", "DOCKER_BUILDKIT", "HOME", "PATH")) {
            assertThatThrownBy(() -> plan(request().buildArg(name, "x").build()))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageStartingWith("build-arg: is read by the docker client itself")
                    .hasMessageContaining(name);
        }
        plan(request().buildArg("DOCKER_VERSION", "24").buildArg("HTTP_PROXY", "http://proxy:3128").build());
    }

    @Test
    void warnsAboutBuildArgsThatLookLikeSecretsWithoutShowingTheValue() throws Exception {
        write("Dockerfile", "FROM busybox\n");

        plan(request().buildArg("NPM_TOKEN", "tok-123").build());

        assertThat(events).filteredOn(event -> event instanceof BuildEvent.Log log
                        && log.level() == BuildEvent.Level.WARNING)
                .singleElement()
                .satisfies(event -> assertThat(((BuildEvent.Log) event).message()).contains("NPM_TOKEN")
                        .contains("--secret").doesNotContain("tok-123"));
    }

    private BuildRequest.Builder request() {
        return BuildRequest.builder("r:5000/app", context.toString());
    }

    private BuildPlan plan(BuildRequest request) throws Exception {
        return new PlanStep(request, new LocalAgentFiles(), new Events(events::add)).call();
    }

    private void write(String name, String text) throws Exception {
        Files.writeString(context.resolve(name), text);
    }
}
