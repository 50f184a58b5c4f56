package io.jenkins.plugins.cacheddockerbuild.engine.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.jenkins.plugins.cacheddockerbuild.engine.analysis.ReportAnalyzer;
import io.jenkins.plugins.cacheddockerbuild.engine.api.BuildEvent;
import io.jenkins.plugins.cacheddockerbuild.engine.api.BuildFailedException;
import io.jenkins.plugins.cacheddockerbuild.engine.api.BuildReport;
import io.jenkins.plugins.cacheddockerbuild.engine.api.BuildRequest;
import io.jenkins.plugins.cacheddockerbuild.engine.api.BuilderKind;
import io.jenkins.plugins.cacheddockerbuild.engine.api.PushedRef;
import io.jenkins.plugins.cacheddockerbuild.engine.api.StageReport;
import io.jenkins.plugins.cacheddockerbuild.engine.api.StepRecord;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The engine on every engine and image store of the test environment, with every builder each offers
 * ({@link EngineSetup#matrix()}): exact per-stage statistics, cache sources, the verdict, and the
 * unchanged-tag logic of a fresh agent after a source-only change.
 */
class EngineMatrixIT extends OnFreshAgent {
    private final RegistryHttp registry = new RegistryHttp();

    @ParameterizedTest(name = "{displayName} on {0}")
    @MethodSource("io.jenkins.plugins.cacheddockerbuild.engine.it.EngineSetup#matrix")
    void freshAgentAfterSourceChangeReportsEveryCachedStepAndKeepsTheUnchangedTag(EngineSetup setup)
            throws Exception {
        Agent agent = on(setup.engine());
        SampleApp app = SampleApp.multiStage(workspace, env.baseImage());
        String image = EngineRun.uniqueRepository(env, "matrix-" + setup.engine().id());
        BuildReport cold = build(agent, setup, image);
        assertThat(cold.cachedSteps()).as("cold build").isZero();
        String depsDigest = registry.digest(image + ":main--deps");
        int workdirLayer = registry.diffIds(image + ":main--deps").size();
        String coldWorkdir = registry.diffIds(image + ":main--builder").get(workdirLayer);
        assertThat(agent.engine().dockerOutput()).contains(SampleApp.SLOW_STEP_MARKER);
        agent.daemon().wipe();
        app.changeSource("version 2");

        BuildReport warm = build(agent, setup, image);

        assertThat(warm.builder()).isEqualTo(setup.builder().id());
        assertThat(agent.engine().dockerOutput()).as("the slow step did not run").doesNotContain(SampleApp.SLOW_STEP_MARKER);
        StageReport deps = stage(warm, "deps");
        assertThat(deps.cacheSource()).isEqualTo(image + ":main--deps");
        String output = agent.engine().dockerOutput();
        // buildx (Docker 26) prints rawjson for the engine, which logs it as the plain printer would
        assertThat(output).doesNotContain("\"vertexes\"", "\"digest\"")
                .contains(setup.builder() == BuilderKind.CLASSIC ? " ---> Using cache" : " CACHED");
        assertThat(cached(deps)).as("deps: both RUN steps from cache; docker printed:%n%s", output)
                .containsExactly(true, true);
        StageReport builder = stage(warm, "builder");
        assertThat(builder.cacheSource()).isEqualTo(image + ":main--builder");
        // BuildKit now and then runs the step just before a changed one again although its inline cache holds it
        // (moby/buildkit#3660; seen here on dockerd 20.10 and Docker 26 overlay2 alike). What happened is in the
        // pushed builder image: a WORKDIR that ran made a new layer (its directory's time), one from the cache did not.
        boolean workdirFromCache = setup.builder() == BuilderKind.CLASSIC
                || coldWorkdir.equals(registry.diffIds(image + ":main--builder").get(workdirLayer));
        if (!workdirFromCache) {
            System.out.println("EngineMatrixIT " + setup + ": BuildKit ran the builder's WORKDIR again (moby/buildkit#3660)");
        }
        assertThat(cached(builder)).as("builder: WORKDIR %s, COPY src/ and RUN ran; docker printed:%n%s",
                workdirFromCache ? "from cache (same layer)" : "ran (new layer)", output)
                .containsExactly(workdirFromCache, false, false);
        StageReport last = stage(warm, "stage-2");
        assertThat(last.cacheSource()).isEqualTo(image + ":main");
        // BuildKit gives only file-system steps a vertex; the classic builder also counts CMD
        assertThat(cached(last)).containsExactly(setup.builder() == BuilderKind.CLASSIC
                ? new Boolean[] {false, false} : new Boolean[] {false});
        assertThat(warm.cachedSteps()).isEqualTo(workdirFromCache ? 3 : 2);

        // deps came out as the image its cache tag names: kept, not pushed, the registry's tag untouched
        assertThat(warm.pushed()).filteredOn(ref -> !ref.kept()).extracting(PushedRef::ref)
                .containsExactlyInAnyOrder(image + ":main", image + ":main--builder");
        assertThat(warm.pushed()).filteredOn(PushedRef::kept).extracting(PushedRef::ref)
                .containsExactly(image + ":main--deps");
        assertThat(registry.digest(image + ":main--deps")).isNotNull().isEqualTo(depsDigest);
        BuildReport analysed = ReportAnalyzer.analyze(warm, List.of(cold));
        assertThat(analysed.payoff().verdict()).as(analysed.payoff().summary()).isEqualTo("saved");
        assertThat(analysed.payoff().savedSeconds()).isGreaterThan(SampleApp.SLOW_STEP_SECONDS / 2.0);
    }

    /**
     * What the legacy builder really does on Docker 26's containerd image store (moby's limit, recorded as
     * d26c-classic-warm): a cached step that makes no layer and is not the cache image's last step, taken from a
     * pulled cache image, fails the build. The engine warns before it builds and the failure is docker's, exit 1; a
     * step that makes a layer is reused.
     */
    @Test
    void classicOnTheContainerdStoreWarnsAndFailsWhereAStepWithoutALayerWouldComeFromAPulledCache() throws Exception {
        Agent agent = on(DockerEngine.DOCKER26_CONTAINERD);
        Files.writeString(workspace.resolve("Dockerfile"), "FROM " + env.baseImage() + "\n"
                + "RUN echo layer > /layer.txt\nENV GREETING=hello\nCMD [\"cat\", \"/layer.txt\"]\n");
        String image = EngineRun.uniqueRepository(env, "classic-containerd-env");
        EngineSetup classic = new EngineSetup(DockerEngine.DOCKER26_CONTAINERD, BuilderKind.CLASSIC);
        BuildReport cold = agent.engine().build(request(agent, classic, image));
        assertThat(cold.warnings()).anyMatch(w -> w.contains("containerd image store") && w.contains("ENV, ARG"));
        agent.daemon().wipe();

        BuildFailedException failure = catchThrowableOfType(() -> agent.engine().build(request(agent, classic, image)),
                BuildFailedException.class);

        assertThat(failure).as("docker output:%n%s", agent.engine().dockerOutput()).isNotNull();
        assertThat(failure.exitCode()).isEqualTo(1);
        assertThat(agent.engine().dockerOutput()).contains(" ---> Using cache", "Step 3/4 : ENV GREETING=hello",
                "failed to restore cached image");
        assertThat(agent.engine().events()).anyMatch(event -> event instanceof BuildEvent.Log log
                && log.level() == BuildEvent.Level.WARNING && log.message().contains("failed to restore cached image"));
    }

    /** The build, or the docker output that explains its failure (a bare stage and step do not). */
    private BuildReport build(Agent agent, EngineSetup setup, String image) throws Exception {
        try {
            return agent.engine().build(request(agent, setup, image));
        } catch (BuildFailedException e) {
            throw new AssertionError(e.getMessage() + "; docker printed:\n" + agent.engine().dockerOutput(), e);
        }
    }

    private BuildRequest request(Agent agent, EngineSetup setup, String image) throws Exception {
        return agent.engine().request(image, workspace, setup.builder()).branch("main").build();
    }

    private static List<Boolean> cached(StageReport stage) {
        return stage.stepRecords().stream().map(StepRecord::cached).toList();
    }

    private static StageReport stage(BuildReport report, String name) {
        return report.stages().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
    }
}
