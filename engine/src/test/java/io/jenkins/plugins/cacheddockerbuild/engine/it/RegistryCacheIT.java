package io.jenkins.plugins.cacheddockerbuild.engine.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.jenkins.plugins.cacheddockerbuild.engine.analysis.ReportAnalyzer;
import io.jenkins.plugins.cacheddockerbuild.engine.api.BuildEvent;
import io.jenkins.plugins.cacheddockerbuild.engine.api.BuildReport;
import io.jenkins.plugins.cacheddockerbuild.engine.api.BuilderKind;
import io.jenkins.plugins.cacheddockerbuild.engine.api.InvalidInputException;
import io.jenkins.plugins.cacheddockerbuild.engine.api.PushFailedException;
import io.jenkins.plugins.cacheddockerbuild.engine.api.PushedRef;
import io.jenkins.plugins.cacheddockerbuild.engine.api.StageReport;
import io.jenkins.plugins.cacheddockerbuild.engine.api.StepRecord;
import io.jenkins.plugins.cacheddockerbuild.engine.report.ReportJson;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The registry cache mode (buildx, {@code --cache-to type=registry,mode=max}, {@code --push}) on Docker 26 with
 * the containerd image store, and how {@code auto} and a forced {@code registry} behave on every engine.
 */
class RegistryCacheIT extends OnFreshAgent {
    private final RegistryHttp registry = new RegistryHttp();

    @Test
    void docker26ContainerdFreshAgentAfterSourceChangeTakesEveryUnaffectedStepFromTheBranchCache() throws Exception {
        Agent agent = on(DockerEngine.DOCKER26_CONTAINERD);
        SampleApp app = SampleApp.multiStage(workspace, env.baseImage());
        String image = EngineRun.uniqueRepository(env, "registry-cache");
        BuildReport cold = agent.engine().build(request(agent, image, BuilderKind.REGISTRY).build());
        assertThat(cold.builder()).isEqualTo("registry");
        assertThat(cold.cachedSteps()).isZero();
        assertThat(cold.stages()).allSatisfy(stage -> assertThat(stage.cacheSource()).isNull());
        agent.daemon().wipe();
        app.changeSource("version 2");

        BuildReport warm = agent.engine().build(request(agent, image, BuilderKind.REGISTRY).build());

        assertThat(agent.engine().dockerOutput()).as("the slow step did not run").doesNotContain(SampleApp.SLOW_STEP_MARKER);
        assertThat(warm.stages()).extracting(StageReport::name).containsExactly("deps", "builder", "stage-2");
        assertThat(warm.stages()).allSatisfy(stage -> assertThat(stage.cacheSource()).isEqualTo(image + ":main--buildcache"));
        assertThat(cached(warm, "deps")).containsExactly(true, true);
        assertThat(cached(warm, "builder")).containsExactly(true, false, false);
        assertThat(cached(warm, "stage-2")).containsExactly(false);
        assertThat(warm.pushed()).extracting(PushedRef::ref, PushedRef::kind).containsExactly(
                org.assertj.core.groups.Tuple.tuple(image + ":main", "final"),
                org.assertj.core.groups.Tuple.tuple(image + ":main--buildcache", "cache"));
        assertThat(warm.pushed().get(0).digest()).isEqualTo(registry.digest(image + ":main")).startsWith("sha256:");
        assertThat(agent.engine().dockerOutput()).as("buildx's docker driver leaves the push to the engine: no push "
                + "from BuildKit's exporter, none again 'with docker'").doesNotContain("pushing layers")
                .doesNotContain("with docker");
        assertThat(temporaryTags(agent)).as("the image's temporary name is gone").isEmpty();
        assertThat(registry.digest(image + ":main--deps")).as("no per-stage tags in this mode").isNull();
        assertThat(registry.digest(image + ":main--builder")).isNull();
        BuildReport analysed = ReportAnalyzer.analyze(warm, List.of(cold));
        assertThat(analysed.payoff().verdict()).as(analysed.payoff().summary()).isEqualTo("saved");
    }

    @Test
    void docker26ContainerdFeatureBranchTakesMainsRegistryCacheThroughTheFallbackAndExportsItsOwn() throws Exception {
        Agent agent = on(DockerEngine.DOCKER26_CONTAINERD);
        SampleApp.multiStage(workspace, env.baseImage());
        String image = EngineRun.uniqueRepository(env, "registry-fallback");
        agent.engine().build(request(agent, image, BuilderKind.REGISTRY).build());
        agent.daemon().wipe();

        BuildReport feature = agent.engine().build(request(agent, image, BuilderKind.REGISTRY)
                .branch("feature/Login").fallback("develop").fallback("main").build());

        assertThat(feature.stages()).allSatisfy(stage -> assertThat(stage.cacheSource()).isEqualTo(image + ":main--buildcache"));
        assertThat(feature.cachedSteps()).isEqualTo(feature.totalSteps());
        assertThat(registry.digest(image + ":feature-login")).isNotNull();
        assertThat(registry.digest(image + ":feature-login--buildcache")).isNotNull();
    }

    @Test
    void autoPicksTheRegistryCacheOnlyWhereBuildxCanExportOneAndSaysWhy() throws Exception {
        SampleApp.multiStage(workspace, env.baseImage());
        String image = EngineRun.uniqueRepository(env, "registry-auto");

        Agent containerd = on(DockerEngine.DOCKER26_CONTAINERD);
        BuildReport modern = containerd.engine().build(request(containerd, image, BuilderKind.AUTO).build());
        assertThat(modern.builder()).isEqualTo("registry");
        assertThat(modern.builderReason()).isEqualTo("auto: the best this docker supports");
        assertThat(infos(containerd)).anyMatch(line -> line.equals("builder: registry (auto: the best this docker supports)"));

        Agent overlay = on(DockerEngine.DOCKER26_OVERLAY);
        BuildReport overlay2 = overlay.engine().build(request(overlay, image, BuilderKind.AUTO).branch("overlay").build());
        assertThat(overlay2.builder()).isEqualTo("buildkit");
        assertThat(overlay2.builderReason()).startsWith("auto: registry not available: ").contains("overlay2 image store");
        assertThat(infos(overlay)).anyMatch(line -> line.equals("builder: buildkit (" + overlay2.builderReason() + ")"));

        Agent docker20 = on(DockerEngine.DOCKER20);
        BuildReport old = docker20.engine().build(request(docker20, image, BuilderKind.AUTO).branch("old").build());
        assertThat(old.builder()).isEqualTo("buildkit");
        assertThat(old.builderReason()).startsWith("auto: registry not available: docker client 20.10")
                .contains("has no buildx");
        assertThat(infos(docker20)).anyMatch(line -> line.equals("builder: buildkit (" + old.builderReason() + ")"));
        assertThat(ReportJson.read(ReportJson.write(old)).builderReason()).isEqualTo(old.builderReason());
    }

    @Test
    void forcedRegistryCacheWhereDockerCannotIsBadInputNamingWhatIsMissing() throws Exception {
        SampleApp.multiStage(workspace, env.baseImage());
        String image = EngineRun.uniqueRepository(env, "registry-forced");

        Agent overlay = on(DockerEngine.DOCKER26_OVERLAY);
        assertThatThrownBy(() -> overlay.engine().build(request(overlay, image, BuilderKind.REGISTRY).build()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("containerd image store").hasMessageContaining("docker-container");
        Agent docker20 = on(DockerEngine.DOCKER20);
        assertThatThrownBy(() -> docker20.engine().build(request(docker20, image, BuilderKind.REGISTRY).build()))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("has no buildx");
        assertThat(registry.digest(image + ":main")).as("nothing built or pushed").isNull();
    }

    @Test
    void docker26ContainerdRegistryRefusingTheCacheExportStillGetsTheImageAndOneWarning() throws Exception {
        Agent agent = on(DockerEngine.DOCKER26_CONTAINERD);
        SampleApp.multiStage(workspace, env.baseImage());
        String image = EngineRun.uniqueRepository(env, "registry-refused");
        // the cache repository is in the password-protected registry, and this build has no login for it
        String cacheRepo = env.authRegistry() + "/it/refused-cache";

        BuildReport report = agent.engine().build(request(agent, image, BuilderKind.REGISTRY).cacheRepo(cacheRepo).build());

        assertThat(registry.digest(image + ":main")).isNotNull().isEqualTo(report.pushed().get(0).digest());
        assertThat(report.pushed()).extracting(PushedRef::kind).containsExactly("final");
        assertThat(report.warnings()).filteredOn(w -> w.contains("refused the cache export")).hasSize(1);
        assertThat(ReportAnalyzer.analyze(report, List.of()).payoff().summary()).as("no publish counted")
                .startsWith("no cache image existed yet, and this build published none for the next build (the registry"
                        + " refused the cache export)");
    }

    @Test
    void docker26ContainerdRegistryRefusingTheImagePushIsAFailedPushWithTheStagesInTheReport() throws Exception {
        Agent agent = on(DockerEngine.DOCKER26_CONTAINERD);
        SampleApp.multiStage(workspace, env.baseImage());
        // the image goes to the password-protected registry without a login; the cache to the open one
        String image = env.authRegistry() + "/it/refused-push-" + UUID.randomUUID().toString().substring(0, 8);
        String cacheRepo = EngineRun.uniqueRepository(env, "refused-push-cache");

        PushFailedException failure = catchThrowableOfType(() -> agent.engine().build(
                request(agent, image, BuilderKind.REGISTRY).cacheRepo(cacheRepo).build()), PushFailedException.class);

        assertThat(failure).as("a refused push is exit 3, not a failed build").isNotNull();
        assertThat(failure.failedRefs()).containsExactly(image + ":main");
        assertThat(failure.getMessage()).contains("push failed for " + image + ":main").contains("access denied");
        BuildReport report = failure.report();
        assertThat(report.notPushed()).containsExactly(image + ":main");
        assertThat(report.pushed()).as("the image is pushed by docker while BuildKit exports the cache")
                .extracting(PushedRef::ref).containsExactly(cacheRepo + ":main--buildcache");
        assertThat(report.stages()).extracting(StageReport::name).containsExactly("deps", "builder", "stage-2");
        assertThat(cached(report, "builder")).containsExactly(false, false, false);
        assertThat(report.totalSteps()).isEqualTo(6);
        assertThat(report.phases().buildSeconds()).isPositive();
        assertThat(registry.digest(cacheRepo + ":main--buildcache")).as("the cache export is not stopped by the refused push")
                .isNotNull();
        // the cache did go out, so the verdict counts its publishing (the refused image push is no part of it)
        assertThat(ReportAnalyzer.analyze(report, List.of()).payoff().summary())
                .startsWith("no cache image existed yet; publishing the cache for the next build cost");
    }

    private io.jenkins.plugins.cacheddockerbuild.engine.api.BuildRequest.Builder request(Agent agent, String image,
            BuilderKind builder) {
        return agent.engine().request(image, workspace, builder).branch("main");
    }

    private static List<Boolean> cached(BuildReport report, String stage) {
        return report.stages().stream().filter(s -> s.name().equals(stage)).findFirst().orElseThrow()
                .stepRecords().stream().map(StepRecord::cached).toList();
    }

    private static List<String> temporaryTags(Agent agent) {
        return agent.daemon().client().listImagesCmd().exec().stream()
                .flatMap(image -> image.getRepoTags() == null ? java.util.stream.Stream.empty()
                        : java.util.stream.Stream.of(image.getRepoTags()))
                .filter(tag -> tag.startsWith("cached-docker-build-tmp:")).toList();
    }

    private static List<String> infos(Agent agent) {
        return agent.engine().events().stream().filter(BuildEvent.Log.class::isInstance).map(BuildEvent.Log.class::cast)
                .map(BuildEvent.Log::message).toList();
    }
}
