package io.jenkins.plugins.cacheddockerbuild.engine.steps;

import static io.jenkins.plugins.cacheddockerbuild.engine.steps.OrchestratorFixture.BUILDKIT_DEPS_CACHED;
import static io.jenkins.plugins.cacheddockerbuild.engine.steps.OrchestratorFixture.BUILDKIT_DEPS_RAN;
import static io.jenkins.plugins.cacheddockerbuild.engine.steps.OrchestratorFixture.IMAGE;
import static io.jenkins.plugins.cacheddockerbuild.engine.steps.OrchestratorFixture.MANIFEST;
import static io.jenkins.plugins.cacheddockerbuild.engine.steps.OrchestratorFixture.args;
import static io.jenkins.plugins.cacheddockerbuild.engine.testing.ScriptedRunner.succeed;
import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.cacheddockerbuild.engine.api.BuildReport;
import io.jenkins.plugins.cacheddockerbuild.engine.api.BuildRequest;
import io.jenkins.plugins.cacheddockerbuild.engine.api.BuilderKind;
import io.jenkins.plugins.cacheddockerbuild.engine.api.CommandResult;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A BuildKit build that took steps from a registry's cache is built once more from the local cache, with the same
 * arguments but no {@code --cache-from}, so the pushed image's inline cache is complete (moby/buildkit#1981).
 */
class InlineCacheRefreshTest {

    @TempDir
    Path root;
    private OrchestratorFixture fixture;

    @BeforeEach
    void setUp() throws Exception {
        fixture = new OrchestratorFixture(root).answeringDocker();
        fixture.manifests(succeed(MANIFEST));
    }

    @Test
    void theFirstImageGetsANameOfItsOwnDuringTheRefreshThatIsRemovedAfterwards() throws Exception {
        String firstImage = "sha256:" + "1f".repeat(32);
        fixture.runner.on(List.of("build"), succeed(BUILDKIT_DEPS_CACHED + "#8 writing image " + firstImage + " done\n"));

        fixture.build(buildKit().push(true).build());

        String replaced = fixture.temporaryTag(0) + "-replaced";
        assertThat(fixture.commands("tag", firstImage)).containsExactly(args("tag", firstImage, replaced));
        // removing a name deletes the image only if nothing else names it
        assertThat(fixture.commands("image", "rm", "--no-prune", replaced)).hasSize(1);
    }

    @Test
    void aBuildThatTookStepsFromCacheIsBuiltAgainWithTheSameArgumentsButNoCacheSource() throws Exception {
        fixture.runner.on(List.of("build"), succeed(BUILDKIT_DEPS_CACHED));

        fixture.build(buildKit().buildArg("VERSION", "1.2").build());

        List<List<String>> builds = fixture.commands("build");
        assertThat(builds).hasSize(2);
        String tmpFinal = fixture.temporaryTag(0);
        assertThat(builds.get(0)).containsExactly("build", "--file", fixture.dockerfilePath, "--tag", tmpFinal,
                "--cache-from", IMAGE + ":feature-login--deps", "--cache-from", IMAGE + ":feature-login",
                "--build-arg", "VERSION", "--progress=plain", "--build-arg", "BUILDKIT_INLINE_CACHE=1",
                fixture.context.toString());
        assertThat(builds.get(1)).containsExactly("build", "--file", fixture.dockerfilePath, "--tag", tmpFinal,
                "--build-arg", "VERSION", "--progress=plain", "--build-arg", "BUILDKIT_INLINE_CACHE=1",
                fixture.context.toString());
        assertThat(buildEnvironments()).allSatisfy(env -> assertThat(env).containsEntry("VERSION", "1.2")
                .containsEntry("DOCKER_BUILDKIT", "1"));
    }

    @Test
    void aBuildThatTookNothingFromCacheIsNotBuiltAgain() throws Exception {
        fixture.runner.on(List.of("build"), succeed(BUILDKIT_DEPS_RAN));

        fixture.build(buildKit().build());

        List<List<String>> builds = fixture.commands("build");
        assertThat(builds).hasSize(2);
        assertThat(builds.get(0)).contains("--cache-from");
        // the deps stage's own build: a step of it ran, so all of it is in the local cache and needs no source
        assertThat(builds.get(1)).containsSequence("--target", "deps").doesNotContain("--cache-from");
    }

    @Test
    void anImageThatStaysOnTheDaemonIsNotBuiltAgain() throws Exception {
        fixture.runner.on(List.of("build"), succeed(BUILDKIT_DEPS_CACHED));

        fixture.build(buildKit().push(false).build());

        assertThat(fixture.commands("build")).hasSize(2).allSatisfy(build -> assertThat(build).contains("--cache-from"));
    }

    @Test
    void theClassicBuilderIsNotBuiltAgain() throws Exception {
        fixture.classicDocker();

        fixture.build(fixture.request().build());

        assertThat(fixture.commands("build")).singleElement().satisfies(build -> assertThat(build).contains("--cache-from"));
    }

    @Test
    void aFailedRebuildIsAWarningAndTheFirstImageIsPushed() throws Exception {
        fixture.runner.on(List.of("build"), command -> command.argv().contains("--cache-from")
                ? new CommandResult(0, BUILDKIT_DEPS_CACHED, "")
                : new CommandResult(1, "", "failed to solve: rpc error: code = Unavailable"));

        BuildReport report = fixture.build(buildKit().build());

        assertThat(fixture.warnings()).singleElement().asString().contains("could not rebuild it from the local cache")
                .contains("code = Unavailable").contains("next fresh agent may run again");
        assertThat(report.pushed()).extracting(pushed -> pushed.ref()).contains(IMAGE + ":feature-login");
        assertThat(fixture.commands("tag")).contains(List.of("tag", fixture.temporaryTag(0), IMAGE + ":feature-login"));
    }

    private List<Map<String, String>> buildEnvironments() {
        return fixture.runner.commands().stream().filter(command -> command.argv().get(1).equals("build"))
                .map(command -> command.env()).toList();
    }

    private BuildRequest.Builder buildKit() {
        return fixture.request().builderKind(BuilderKind.BUILDKIT);
    }
}
