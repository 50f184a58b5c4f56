package io.jenkins.plugins.cacheddockerbuild.engine.steps;

import static io.jenkins.plugins.cacheddockerbuild.engine.steps.OrchestratorFixture.DIGEST;
import static io.jenkins.plugins.cacheddockerbuild.engine.steps.OrchestratorFixture.IMAGE;
import static io.jenkins.plugins.cacheddockerbuild.engine.steps.OrchestratorFixture.args;
import static io.jenkins.plugins.cacheddockerbuild.engine.testing.ScriptedRunner.error;
import static io.jenkins.plugins.cacheddockerbuild.engine.testing.ScriptedRunner.fail;
import static io.jenkins.plugins.cacheddockerbuild.engine.testing.ScriptedRunner.succeed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.jenkins.plugins.cacheddockerbuild.engine.api.BuildFailedException;
import io.jenkins.plugins.cacheddockerbuild.engine.api.BuildReport;
import io.jenkins.plugins.cacheddockerbuild.engine.api.CommandTimeoutException;
import io.jenkins.plugins.cacheddockerbuild.engine.api.DockerUnavailableException;
import io.jenkins.plugins.cacheddockerbuild.engine.api.PushFailedException;
import io.jenkins.plugins.cacheddockerbuild.engine.api.PushedRef;
import io.jenkins.plugins.cacheddockerbuild.engine.api.StageReport;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How a build fails: the exception, what it names, and that the temporary tags go on every path out. */
class BuildOrchestratorFailureTest {
    private static final String FAILED_DEPS_OUTPUT = """
            Step 1/2 : FROM busybox AS deps
             ---> 0123456789ab
            Step 2/2 : RUN echo deps > /deps
             ---> Running in 5a5a5a5a5a5a
            sh: can't create /deps: Permission denied
            The command '/bin/sh -c echo deps > /deps' returned a non-zero code: 1
            """;

    @TempDir
    Path root;
    private OrchestratorFixture fixture;

    @BeforeEach
    void setUp() throws Exception {
        fixture = new OrchestratorFixture(root);
    }

    @Test
    void aFailedRunNamesTheStageAndStepAndStillRemovesTheTemporaryTags() throws Exception {
        // the legacy builder builds the final stage with every stage it needs in one go (FinalFirstStep)
        fixture.runner.on(List.of("build"), fail(1, FAILED_DEPS_OUTPUT, ""));
        fixture.classicDocker().manifests(fail(1, "no such manifest"));

        BuildFailedException failure = catchThrowableOfType(() -> fixture.build(fixture.request().build()),
                BuildFailedException.class);

        assertThat(failure.stage()).isEqualTo("deps");
        assertThat(failure.step()).isEqualTo("RUN echo deps > /deps");
        assertThat(failure.getMessage()).contains("stage 'deps' failed").contains("RUN echo deps > /deps");
        assertThat(failure.outputTail()).contains("sh: can't create /deps: Permission denied");
        assertThat(failure.exitCode()).isEqualTo(1);
        assertThat(fixture.commands("build")).hasSize(1);
        assertThat(fixture.commands("tag")).isEmpty();
        assertThat(fixture.commands("push")).isEmpty();
        List<List<String>> args = fixture.arguments();
        assertThat(args.get(args.size() - 1)).containsExactly("image", "rm", "--no-prune",
                fixture.temporaryTagOf("deps"), fixture.temporaryTag(0));
    }

    @Test
    void aBuildThatTimesOutIsABuildFailureOfItsStage() throws Exception {
        fixture.runner.on(List.of("build"), error(new CommandTimeoutException("'docker build ...' did not finish within 7200 s and was killed")));
        fixture.classicDocker().manifests(fail(1, "no such manifest"));

        BuildFailedException failure = catchThrowableOfType(() -> fixture.build(fixture.request().build()),
                BuildFailedException.class);

        assertThat(failure.stage()).as("the build that timed out: the final stage's").isEqualTo("stage-1");
        assertThat(failure.outputTail()).singleElement().asString().contains("did not finish within");
        assertThat(fixture.commands("image", "rm", "--no-prune")).hasSize(1);
    }

    @Test
    void aFailingPushReportsTruthfullyWhatWasAndWasNotPushed() throws Exception {
        fixture.runner.on(List.of("push", IMAGE + ":latest"),
                fail(1, "denied: requested access to the resource is denied"));
        fixture.classicDocker().manifests(fail(1, "no such manifest"));

        PushFailedException failure = catchThrowableOfType(
                () -> fixture.build(fixture.request().tag("1.0").tag("latest").build()), PushFailedException.class);

        assertThat(failure.failedRefs()).containsExactly(IMAGE + ":latest");
        assertThat(failure.exitCode()).isEqualTo(3);
        assertThat(failure.getMessage()).contains(IMAGE + ":latest").contains("access denied");
        BuildReport report = failure.report();
        assertThat(report.notPushed()).containsExactly(IMAGE + ":latest");
        assertThat(report.pushed()).containsExactlyInAnyOrder(
                new PushedRef(IMAGE + ":1.0", DIGEST, "final"),
                new PushedRef(IMAGE + ":feature-login--deps", DIGEST, "cache"),
                new PushedRef(IMAGE + ":feature-login", DIGEST, "cache"));
        assertThat(fixture.commands("push")).containsExactlyInAnyOrder(args("push", IMAGE + ":1.0"),
                args("push", IMAGE + ":latest"), args("push", IMAGE + ":feature-login--deps"),
                args("push", IMAGE + ":feature-login"));
        assertThat(report.warnings()).anySatisfy(warning -> assertThat(warning).contains(IMAGE + ":latest"));
        assertThat(report.stages()).extracting(StageReport::name).containsExactly("deps", "stage-1");
        assertThat(fixture.commands("image", "rm", "--no-prune")).hasSize(1);
    }

    @Test
    void oneRefOfEachImageIsPushedBeforeItsOtherTags() throws Exception {
        fixture.classicDocker().manifests(fail(1, "no such manifest"));

        fixture.build(fixture.request().tag("1.0").tag("latest").build());

        List<List<String>> pushes = fixture.commands("push");
        assertThat(pushes.subList(0, 2)).containsExactlyInAnyOrder(args("push", IMAGE + ":1.0"),
                args("push", IMAGE + ":feature-login--deps"));
        assertThat(pushes.subList(2, 4)).containsExactlyInAnyOrder(args("push", IMAGE + ":latest"),
                args("push", IMAGE + ":feature-login"));
    }

    @Test
    void aMissingDockerExecutableIsDockerUnavailableNamingIt() throws Exception {
        fixture.runner.on(List.of(), error(new IOException(
                "Cannot run program \"/opt/none/docker\": error=2, No such file or directory")));

        DockerUnavailableException failure = catchThrowableOfType(
                () -> fixture.build(fixture.request().dockerExecutable("/opt/none/docker").build()),
                DockerUnavailableException.class);

        assertThat(failure.getMessage()).contains("/opt/none/docker").contains("Cannot run program");
        assertThat(failure.exitCode()).isEqualTo(3);
        assertThat(fixture.commands("build")).isEmpty();
    }

    @Test
    void aDaemonThatDoesNotAnswerIsDockerUnavailable() throws Exception {
        fixture.runner.on(List.of("version"), fail(1, "20.10.24||\n",
                "Cannot connect to the Docker daemon at unix:///x.sock. Is the docker daemon running?"));

        DockerUnavailableException failure = catchThrowableOfType(
                () -> fixture.build(fixture.request().dockerEnv("DOCKER_HOST", "unix:///x.sock").build()),
                DockerUnavailableException.class);

        assertThat(failure.getMessage()).contains("daemon is not reachable").contains("DOCKER_HOST=unix:///x.sock")
                .contains("Cannot connect to the Docker daemon");
    }

    @Test
    void aFailedPullDropsThatCacheSourceWithAWarningAndBuildsWithoutIt() throws Exception {
        fixture.runner.on(List.of("pull", IMAGE + ":main"), fail(1, "unauthorized: authentication required"));
        fixture.classicDocker()
                .manifest(IMAGE + ":main--deps", succeed("{}"))
                .manifest(IMAGE + ":main", succeed("{}"))
                .manifests(fail(1, "no such manifest"));

        BuildReport report = fixture.build(fixture.request().build());

        assertThat(report.stages()).extracting(StageReport::cacheSource).containsExactly(IMAGE + ":main--deps", null);
        assertThat(report.stages().get(1).noCacheReason()).contains("pull of " + IMAGE + ":main failed");
        assertThat(report.warnings()).singleElement().asString().contains(IMAGE + ":main");
        assertThat(fixture.commands("build")).singleElement().satisfies(build ->
                assertThat(build).doesNotContain(IMAGE + ":main").contains(IMAGE + ":main--deps"));
    }

    @Test
    void aTagThatCannotBeSetIsDockerUnavailableAndTheTemporaryTagsStillGo() throws Exception {
        fixture.runner.on(List.of("tag"), fail(1, "Error response from daemon: No such image"));
        fixture.classicDocker().manifests(fail(1, "no such manifest"));

        DockerUnavailableException failure = catchThrowableOfType(() -> fixture.build(fixture.request().build()),
                DockerUnavailableException.class);

        assertThat(failure.getMessage()).contains("could not tag " + IMAGE + ":feature-login");
        assertThat(fixture.commands("image", "rm", "--no-prune")).hasSize(1);
        assertThat(fixture.commands("push")).isEmpty();
    }
}
