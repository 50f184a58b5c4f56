package io.jenkins.plugins.cacheddockerbuild.engine.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.jenkins.plugins.cacheddockerbuild.engine.api.BuildEvent;
import io.jenkins.plugins.cacheddockerbuild.engine.api.BuildFailedException;
import io.jenkins.plugins.cacheddockerbuild.engine.api.BuildReport;
import io.jenkins.plugins.cacheddockerbuild.engine.api.Phase;
import io.jenkins.plugins.cacheddockerbuild.engine.api.PushFailedException;
import io.jenkins.plugins.cacheddockerbuild.engine.api.PushedRef;
import io.jenkins.plugins.cacheddockerbuild.engine.api.RegistryLogin;
import io.jenkins.plugins.cacheddockerbuild.engine.api.StageReport;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemonless builder against real buildah 1.28 and the test registries, each test on a storage root of
 * its own (a fresh agent), wiped again where a test needs another fresh agent. No docker daemon is used.
 */
class BuildahBuildIT {
    private final TestEnvironment env = TestEnvironment.get();
    private final EngineRun engine = new EngineRun(env);
    private final String nonce = UUID.randomUUID().toString().substring(0, 8);
    private BuildahAgent agent;
    private BuildahApp app;
    private String image;

    @TempDir
    Path workspace;

    @BeforeEach
    void freshAgent() throws Exception {
        agent = new BuildahAgent(env);
        app = BuildahApp.create(workspace.resolve("app"), env.baseImage(), nonce);
        image = EngineRun.uniqueRepository(env, "buildah");
    }

    @AfterEach
    void removeAgent() throws Exception {
        agent.close();
    }

    @Test
    void coldBuildPublishesTheImageAndEveryStepToTheLayerCache() throws Exception {
        BuildReport cold = engine.build(agent.request(image, app.dir()).build());

        assertThat(cold.builder()).isEqualTo("buildah");
        assertThat(cold.stages()).extracting(StageReport::name).containsExactly("deps", "builder", "stage-2");
        assertThat(cold.stages()).extracting(StageReport::steps).containsExactly(3, 3, 3);
        assertThat(cold.stages()).allSatisfy(stage -> assertThat(stage.cachedSteps()).isZero());
        assertThat(cold.stages().get(2).noCacheReason()).contains("no cache image found").contains(image + ":main");
        assertThat(cold.pushed()).extracting(PushedRef::ref).containsExactly(image + ":main");
        assertThat(cold.warnings()).isEmpty();
        assertThat(tags(image)).containsExactly("main");
        assertThat(tags(image + "-cache")).as("one cache image per step buildah ran").hasSize(9)
                .allMatch(tag -> tag.matches("[0-9a-f]{64}"));
    }

    @Test
    void freshAgentAfterASourceChangeTakesEveryUnaffectedStepFromTheLayerCache() throws Exception {
        engine.build(agent.request(image, app.dir()).build());
        agent.wipe();
        app.changeSource();

        BuildReport warm = engine.build(agent.request(image, app.dir()).build());

        assertThat(cached(warm, "deps")).containsExactly(true, true, true);
        assertThat(cached(warm, "builder")).containsExactly(true, false, false);
        assertThat(cached(warm, "stage-2")).containsExactly(true, false, false);
        assertThat(warm.stages()).allSatisfy(stage -> assertThat(stage.cacheSource()).isEqualTo(image + ":main"));
        assertThat(warm.stages().get(0).stepRecords().get(2).seconds()).as("the slow RUN came from cache")
                .isLessThan(1.0);
        assertThat(warm.warnings()).isEmpty();
        assertThat(engine.dockerOutput()).contains("Cache pulled from remote " + image + "-cache:");
    }

    @Test
    void dependencyChangeRunsTheDependencyStepsAgainAndReusesTheRest() throws Exception {
        engine.build(agent.request(image, app.dir()).build());
        agent.wipe();
        app.changeDependencies();

        BuildReport report = engine.build(agent.request(image, app.dir()).build());

        assertThat(cached(report, "deps")).containsExactly(true, false, false);
        assertThat(cached(report, "builder")).containsExactly(false, false, false);
        // app.txt and the zero-filled deps.bin are unchanged, so /app.out is too: the final stage all hits
        assertThat(cached(report, "stage-2")).containsExactly(true, true, true);
    }

    @Test
    void aNewBranchFallsBackToMainsBuild() throws Exception {
        engine.build(agent.request(image, app.dir()).build());
        agent.wipe();
        app.changeSource();

        BuildReport branch = engine.build(agent.request(image, app.dir()).branch("feature/login")
                .fallbacks(List.of("main")).build());

        assertThat(branch.stages().get(2).cacheSource()).isEqualTo(image + ":main");
        assertThat(cached(branch, "deps")).containsExactly(true, true, true);
        assertThat(branch.pushed()).extracting(PushedRef::ref).containsExactly(image + ":feature-login");
        assertThat(tags(image)).containsExactlyInAnyOrder("main", "feature-login");
    }

    @Test
    void registryDownDuringResolveBuildsWithoutTheLayerCacheWithOneWarning() throws Exception {
        try (FaultyProxy proxy = FaultyProxy.to(env.registry())) {
            String proxied = proxy.address() + "/it/buildah-down-" + nonce;
            proxy.mode(FaultyProxy.Mode.RESET);
            engine.whenPhaseStarts(Phase.BUILD, proxy::heal);

            BuildReport report = engine.build(agent.request(proxied, app.dir()).registryRetries(0).build());

            assertThat(report.warnings()).singleElement().satisfies(warning -> assertThat(warning)
                    .contains("cache ref " + proxied + ":main").contains("registry unreachable"));
            assertThat(report.stages()).allSatisfy(stage -> assertThat(stage.cachedSteps()).isZero());
            assertThat(engine.dockerOutput()).doesNotContain("Pushing cache");
            assertThat(report.pushed()).extracting(PushedRef::ref).containsExactly(proxied + ":main");
        }
    }

    @Test
    void aRefusedPushFailsWithExitThreeAndATruthfulReport() throws Exception {
        String denied = env.authRegistry() + "/it/buildah-denied-" + nonce;

        PushFailedException failure = catchThrowableOfType(() -> engine.build(agent.request(denied, app.dir())
                .registryRetries(0).build()), PushFailedException.class);

        assertThat(failure.exitCode()).isEqualTo(3);
        assertThat(failure.getMessage()).contains(denied + ":main").contains("access denied");
        assertThat(failure.report().pushed()).isEmpty();
        assertThat(failure.report().notPushed()).containsExactly(denied + ":main");
        assertThat(failure.report().stages()).hasSize(3);
    }

    @Test
    void theRightLoginPushesThroughATemporaryAuthFileThatGoesAway() throws Exception {
        String authed = env.authRegistry() + "/it/buildah-auth-" + nonce;
        RegistryLogin login = new RegistryLogin(env.authRegistry(), env.authUser(), env.authPassword());

        BuildReport report = engine.build(agent.request(authed, app.dir()).login(login).build());

        assertThat(report.pushed()).extracting(PushedRef::ref).containsExactly(authed + ":main");
        assertThat(report.warnings()).isEmpty();
        assertThat(engine.events()).noneSatisfy(event -> assertThat(event.toString()).contains(env.authPassword()));
        try (Stream<Path> left = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            assertThat(left.map(path -> path.getFileName().toString()))
                    .noneMatch(name -> name.startsWith("cached-docker-build-config-") && !name.endsWith(".lock")
                            && Files.exists(Path.of(System.getProperty("java.io.tmpdir"), name, "config.json")));
        }
    }

    @Test
    void aFailingRunFailsWithExitOneNamingItsStageAndLeavesNoWorkingContainer() throws Exception {
        app.breakBuilder();

        BuildFailedException failure = catchThrowableOfType(() -> engine.build(agent.request(image, app.dir())
                .build()), BuildFailedException.class);

        assertThat(failure.exitCode()).isEqualTo(1);
        assertThat(failure.stage()).isEqualTo("builder");
        assertThat(failure.step()).contains("exit 3");
        assertThat(failure.outputTail()).anyMatch(line -> line.contains("about to fail"));
        assertThat(agent.workingContainers()).isEmpty();
        assertThat(tags(image)).isEmpty();
    }

    @Test
    void anInterruptEndsBuildahAndItsRunStepAndLeavesNoWorkingContainer() throws Exception {
        String marker = "slow-" + nonce;
        app.slowBuilder(marker);
        ExecutorService thread = Executors.newSingleThreadExecutor();
        try {
            Future<BuildReport> build = thread.submit(() -> engine.build(agent.request(image, app.dir()).build()));
            awaitProcess(marker, true);

            build.cancel(true);

            awaitProcess(marker, false);
            awaitProcess(image + "-cache", false);
            assertThat(engine.events()).anySatisfy(event -> assertThat(event).isInstanceOf(BuildEvent.PhaseStarted.class));
        } finally {
            // the engine cleans up after the one interrupt; a second one (shutdownNow) would cut that short
            thread.shutdown();
            assertThat(thread.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(agent.workingContainers()).as("removed by the engine on its way out").isEmpty();
    }

    private static List<Boolean> cached(BuildReport report, String stage) {
        return report.stages().stream().filter(s -> s.name().equals(stage)).findFirst().orElseThrow()
                .stepRecords().stream().map(step -> step.cached()).toList();
    }

    /** The tags of a repository in the plain registry (v2 API), sorted; empty when it does not exist. */
    private static List<String> tags(String repository) throws Exception {
        int slash = repository.indexOf('/');
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://"
                + repository.substring(0, slash) + "/v2/" + repository.substring(slash + 1) + "/tags/list")).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 404) {
            return List.of();
        }
        String body = response.body();
        int open = body.indexOf('[');
        int close = body.lastIndexOf(']');
        if (open < 0 || close <= open + 1) {
            return List.of();
        }
        return Stream.of(body.substring(open + 1, close).split(",")).map(tag -> tag.strip().replace("\"", ""))
                .sorted().toList();
    }

    private static List<String> processes(String text) {
        try (Stream<ProcessHandle> all = ProcessHandle.allProcesses()) {
            return all.map(process -> process.info().commandLine().orElse("")).filter(line -> line.contains(text))
                    .toList();
        }
    }

    private static void awaitProcess(String text, boolean present) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (processes(text).isEmpty() != present) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("a process naming " + text + (present ? " never appeared" : " is still running"));
    }
}
