package io.jenkins.plugins.cacheddockerbuild.engine.steps;

import static io.jenkins.plugins.cacheddockerbuild.engine.steps.OrchestratorFixture.DIGEST;
import static io.jenkins.plugins.cacheddockerbuild.engine.steps.OrchestratorFixture.IMAGE;
import static io.jenkins.plugins.cacheddockerbuild.engine.steps.OrchestratorFixture.MANIFEST;
import static io.jenkins.plugins.cacheddockerbuild.engine.steps.OrchestratorFixture.VERSION_FORMAT;
import static io.jenkins.plugins.cacheddockerbuild.engine.steps.OrchestratorFixture.args;
import static io.jenkins.plugins.cacheddockerbuild.engine.testing.ScriptedRunner.fail;
import static io.jenkins.plugins.cacheddockerbuild.engine.testing.ScriptedRunner.succeed;
import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.cacheddockerbuild.engine.api.BuildReport;
import io.jenkins.plugins.cacheddockerbuild.engine.api.BuilderKind;
import io.jenkins.plugins.cacheddockerbuild.engine.api.Command;
import io.jenkins.plugins.cacheddockerbuild.engine.api.PushedRef;
import io.jenkins.plugins.cacheddockerbuild.engine.api.RegistryLogin;
import io.jenkins.plugins.cacheddockerbuild.engine.api.StageReport;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A whole build against a scripted docker: the exact commands, in order, and the report they lead to. */
class BuildOrchestratorTest {
    @TempDir
    Path root;
    private OrchestratorFixture fixture;

    @BeforeEach
    void setUp() throws Exception {
        fixture = new OrchestratorFixture(root).classicDocker();
    }

    @Test
    void classicBuildResolvesPullsBuildsOnceTagsEachStagesImagePushesAndCleansUp() throws Exception {
        fixture.manifest(IMAGE + ":main--deps", succeed(MANIFEST))
                .manifest(IMAGE + ":main", succeed(MANIFEST))
                .manifests(fail(1, "no such manifest: the ref"));

        BuildReport report = fixture.build(fixture.request().build());

        List<List<String>> all = fixture.arguments();
        String tmpFinal = fixture.temporaryTag(0);
        String tmpDeps = fixture.temporaryTagOf("deps");
        String context = fixture.context.toString();
        assertThat(all).hasSize(17);
        // the stale tag sweep runs in the background from the resolve on: on a loaded machine its one call may come
        // late (seen once under load in the full suite), so it is looked for anywhere and the order asserted of the rest
        List<String> sweep = args("image", "ls", "--format", "{{.Repository}}:{{.Tag}}", "cached-docker-build-tmp");
        assertThat(all).containsOnlyOnce(sweep);
        List<List<String>> args = all.stream().filter(call -> !call.equals(sweep)).toList();
        // the docker probe runs while the cache images are resolved
        assertThat(args.subList(0, 5)).containsExactlyInAnyOrder(
                args("version", "--format", VERSION_FORMAT),
                args("manifest", "inspect", "--insecure", "--verbose", IMAGE + ":feature-login--deps"),
                args("manifest", "inspect", "--insecure", "--verbose", IMAGE + ":main--deps"),
                args("manifest", "inspect", "--insecure", "--verbose", IMAGE + ":feature-login"),
                args("manifest", "inspect", "--insecure", "--verbose", IMAGE + ":main"));
        assertThat(args.subList(5, 7)).containsExactlyInAnyOrder(
                args("pull", IMAGE + ":main--deps"), args("pull", IMAGE + ":main"));
        // one build: the final stage with every stage it needs; the deps stage's image is the one it printed
        assertThat(args.get(7)).containsExactly("build", "--file", fixture.dockerfilePath, "--tag", tmpFinal,
                "--cache-from", IMAGE + ":main--deps", "--cache-from", IMAGE + ":main", context);
        assertThat(args.get(8)).containsExactly("tag", "1111111111aa", tmpDeps);
        assertThat(args.subList(9, 11)).containsExactlyInAnyOrder(args("tag", tmpFinal, IMAGE + ":feature-login"),
                args("tag", tmpDeps, IMAGE + ":feature-login--deps"));
        String afterPush = "{{json .RepoDigests}}|{{json .RootFS.Layers}}";
        assertThat(args.subList(11, 15)).containsExactlyInAnyOrder(
                args("push", IMAGE + ":feature-login"), args("push", IMAGE + ":feature-login--deps"),
                args("image", "inspect", "--format", afterPush, tmpFinal),
                args("image", "inspect", "--format", afterPush, tmpDeps));
        assertThat(args.get(15)).containsExactly("image", "rm", "--no-prune", tmpDeps, tmpFinal);
        assertThat(tmpDeps).startsWith("cached-docker-build-tmp:").endsWith("-deps");
        assertThat(tmpFinal).startsWith("cached-docker-build-tmp:").endsWith("-stage-1");

        assertThat(report.builder()).isEqualTo("classic");
        assertThat(report.branch()).isEqualTo("feature/login");
        assertThat(report.stages()).extracting(StageReport::name).containsExactly("deps", "stage-1");
        assertThat(report.stages()).extracting(StageReport::cacheSource)
                .containsExactly(IMAGE + ":main--deps", IMAGE + ":main");
        assertThat(report.stages()).extracting(StageReport::steps).containsExactly(1, 2);
        assertThat(report.stages()).extracting(StageReport::cachedSteps).containsExactly(1, 1);
        assertThat(report.stages().get(1).finalStage()).isTrue();
        assertThat(report.pushed()).containsExactlyInAnyOrder(new PushedRef(IMAGE + ":feature-login", DIGEST, "final"),
                new PushedRef(IMAGE + ":feature-login--deps", DIGEST, "cache"));
        assertThat(report.notPushed()).isEmpty();
        assertThat(report.warnings()).isEmpty();
        assertThat(report.bytesPulled()).isZero();
    }

    @Test
    void buildsRunWithTheClassicBuilderSelectedAndBuildArgValuesOnlyInTheEnvironment() throws Exception {
        fixture.manifests(fail(1, "no such manifest"));

        fixture.build(fixture.request().buildArg("VERSION", "9.9.9").build());

        List<Command> builds = fixture.runner.commands().stream().filter(c -> c.argv().get(1).equals("build")).toList();
        assertThat(builds).hasSize(1).allSatisfy(build -> {
            assertThat(build.env()).containsEntry("DOCKER_BUILDKIT", "0").containsEntry("VERSION", "9.9.9");
            assertThat(build.argv()).containsSequence("--build-arg", "VERSION").doesNotContain("9.9.9");
        });
    }

    @Test
    void missingManifestsMeanNoCacheSourceWithAReasonAndNoPulls() throws Exception {
        fixture.manifests(fail(1, "no such manifest: " + IMAGE + ":x"));

        BuildReport report = fixture.build(fixture.request().build());

        assertThat(report.stages()).extracting(StageReport::cacheSource).containsOnlyNulls();
        assertThat(report.stages()).allSatisfy(stage ->
                assertThat(stage.noCacheReason()).startsWith("no cache image found").contains("first build"));
        assertThat(report.stages().get(0).noCacheReason()).contains(IMAGE + ":feature-login--deps", IMAGE + ":main--deps");
        assertThat(fixture.commands("pull")).isEmpty();
        assertThat(fixture.commands("build")).singleElement().satisfies(build ->
                assertThat(build).doesNotContain("--cache-from"));
        assertThat(report.warnings()).isEmpty();
    }

    @Test
    void anUnauthorizedManifestLookupWarnsNamingTheRefAndStillBuilds() throws Exception {
        fixture.manifest(IMAGE + ":main", fail(1, "unauthorized: authentication required"))
                .manifests(fail(1, "no such manifest"));

        BuildReport report = fixture.build(fixture.request().build());

        assertThat(report.warnings()).singleElement().asString()
                .contains(IMAGE + ":main").contains("access denied").contains("unauthorized: authentication required");
        assertThat(fixture.warnings()).isEqualTo(report.warnings());
        assertThat(fixture.commands("build")).hasSize(1);
        assertThat(report.stages().get(1).cacheSource()).isNull();
        assertThat(report.stages().get(1).noCacheReason()).contains("access denied").contains(IMAGE + ":main");
        assertThat(fixture.commands("manifest", "inspect", "--insecure", "--verbose", IMAGE + ":main")).hasSize(1);
    }

    @Test
    void theBranchsOwnCacheWinsOverTheFallback() throws Exception {
        fixture.manifests(succeed(MANIFEST));

        BuildReport report = fixture.build(fixture.request().build());

        assertThat(report.stages()).extracting(StageReport::cacheSource)
                .containsExactly(IMAGE + ":feature-login--deps", IMAGE + ":feature-login");
        assertThat(fixture.commands("pull")).containsExactlyInAnyOrder(
                args("pull", IMAGE + ":feature-login--deps"), args("pull", IMAGE + ":feature-login"));
    }

    @Test
    void buildKitNeedsNoPullsAndBuildsWithInlineCache() throws Exception {
        OrchestratorFixture kit = new OrchestratorFixture(root.resolve("kit"));
        kit.runner.on(List.of("version"), succeed("24.0.7|24.0.7|1.43\n"));
        // buildx's docker driver on the overlay2 image store: no registry cache export, so auto takes inline cache
        kit.runner.on(List.of("buildx", "inspect"), succeed("Name:   default\nDriver: docker\n"));
        kit.runner.on(List.of("info"), succeed("[[\"Backing Filesystem\",\"extfs\"]]\n"));
        kit.manifests(succeed(MANIFEST));

        BuildReport report = kit.build(kit.request().builderKind(BuilderKind.AUTO).build());

        // auto asked for the registry caches alongside the probe (dropped: the registry cache is not possible here)
        assertThat(kit.commands("buildx")).filteredOn(argv -> !argv.get(1).equals("imagetools"))
                .containsExactly(args("buildx", "inspect"));
        assertThat(kit.commands("buildx")).filteredOn(argv -> argv.get(1).equals("imagetools")).isNotEmpty()
                .allSatisfy(argv -> assertThat(argv.get(argv.size() - 1)).endsWith("--buildcache"));
        assertThat(kit.commands("pull")).isEmpty();
        // the final stage first (FinalFirstStep); the deps stage follows, its steps not known to be cached
        assertThat(kit.commands("build").get(0)).containsExactly("build", "--file", kit.dockerfilePath,
                "--tag", kit.temporaryTag(0),
                "--cache-from", IMAGE + ":feature-login--deps", "--cache-from", IMAGE + ":feature-login",
                "--progress=rawjson", "--build-arg", "BUILDKIT_INLINE_CACHE=1", kit.context.toString());
        assertThat(report.builder()).isEqualTo("buildkit");
        assertThat(report.bytesPulled()).isNull();
    }

    @Test
    void noPushTagsButPushesNothing() throws Exception {
        fixture.manifests(fail(1, "no such manifest"));

        BuildReport report = fixture.build(fixture.request().push(false).build());

        assertThat(fixture.commands("tag")).as("the deps stage's image, then both refs").hasSize(3);
        assertThat(fixture.commands("push")).isEmpty();
        assertThat(report.pushed()).isEmpty();
        assertThat(report.bytesPushed()).isNull();
        assertThat(fixture.commands("image", "rm", "--no-prune")).hasSize(1);
    }

    @Test
    void logsInThroughATemporaryConfigThatEveryCallUsesAndThatIsGoneAfterwards() throws Exception {
        Path userConfig = Files.createDirectories(root.resolve("user-docker"));
        Files.writeString(userConfig.resolve("config.json"), "{\"auths\": {}, \"credsStore\": \"desktop\"}");
        fixture.manifests(fail(1, "no such manifest"));

        fixture.build(fixture.request().dockerEnv("DOCKER_CONFIG", userConfig.toString())
                .login(new RegistryLogin("registry:5000", "ci", "pa55word")).build());

        Command login = fixture.runner.commands().stream().filter(c -> c.argv().get(1).equals("login")).findFirst()
                .orElseThrow();
        assertThat(login.argv()).containsExactly("docker", "login", "--username", "ci", "--password-stdin",
                "registry:5000");
        assertThat(new String(login.stdin(), StandardCharsets.UTF_8)).isEqualTo("pa55word");
        String config = login.env().get("DOCKER_CONFIG");
        assertThat(config).isNotEqualTo(userConfig.toString());
        // only the daemon-side calls that start with the run (probe, stale tag sweep) come before the login
        assertThat(fixture.runner.commands()).filteredOn(c -> !c.argv().get(1).equals("version")
                        && !c.argv().subList(1, 3).equals(List.of("image", "ls")))
                .allSatisfy(c -> assertThat(c.env()).containsEntry("DOCKER_CONFIG", config));
        assertThat(Path.of(config)).doesNotExist();
        assertThat(fixture.runner.commands()).allSatisfy(c -> assertThat(c.argv()).doesNotContain("pa55word"));
    }
}
