package io.jenkins.plugins.cacheddockerbuild.engine.backend;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.cacheddockerbuild.engine.api.BuildRequest;
import io.jenkins.plugins.cacheddockerbuild.engine.api.BuilderKind;
import io.jenkins.plugins.cacheddockerbuild.engine.dockerfile.Dockerfile;
import io.jenkins.plugins.cacheddockerbuild.engine.dockerfile.DockerfileParser;
import io.jenkins.plugins.cacheddockerbuild.engine.dockerfile.Stage;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The argument list and environment of one stage's docker build, exactly. */
class BuildArgumentsTest {
    private static final String CONTEXT = "/src/app";
    private static final String DOCKERFILE = "/src/app/Dockerfile";
    private static final String TWO_STAGES = "FROM busybox AS deps\nRUN echo deps\nFROM busybox\nCOPY --from=deps /x /x\n";
    private static final String SECRET_VALUE = "tok-3f9a1c";

    private final BuildRequest request = BuildRequest.builder("r:5000/app", CONTEXT)
            .buildArg("VERSION", "1.2.3")
            .buildArg("NPM_TOKEN", SECRET_VALUE)
            .label("org.opencontainers.image.revision", "abc123")
            .secret("id=npm,src=/run/npmrc")
            .platform("linux/amd64")
            .network("host")
            .build();

    @Test
    void classicFinalStageThatIsTheLastUnnamedStageNeedsNoTarget() throws Exception {
        Plan plan = plan(TWO_STAGES, null);

        List<String> argv = BuildArguments.argv(request, plan.spec(plan.finalStage(), "tmp:final", List.of("r:5000/app:main", "tmp:deps")), BuilderKind.CLASSIC);

        assertThat(argv).containsExactly("--file", DOCKERFILE, "--tag", "tmp:final",
                "--cache-from", "r:5000/app:main", "--cache-from", "tmp:deps",
                "--build-arg", "VERSION", "--build-arg", "NPM_TOKEN",
                "--label", "org.opencontainers.image.revision=abc123",
                "--platform", "linux/amd64", "--network", "host", CONTEXT);
    }

    @Test
    void classicIntermediateStageHasItsTargetAndNoLabels() throws Exception {
        Plan plan = plan(TWO_STAGES, null);

        List<String> argv = BuildArguments.argv(request, plan.spec(plan.targetStages().get(0), "tmp:deps", List.of()), BuilderKind.CLASSIC);

        assertThat(argv).containsExactly("--file", DOCKERFILE, "--target", "deps", "--tag", "tmp:deps",
                "--build-arg", "VERSION", "--build-arg", "NPM_TOKEN",
                "--platform", "linux/amd64", "--network", "host", CONTEXT);
    }

    @Test
    void buildKitAddsPlainProgressInlineCacheAndSecrets() throws Exception {
        Plan plan = plan(TWO_STAGES, null);

        List<String> argv = BuildArguments.argv(request, plan.spec(plan.finalStage(), "tmp:final", List.of("r:5000/app:main")), BuilderKind.BUILDKIT);

        assertThat(argv).containsExactly("--file", DOCKERFILE, "--tag", "tmp:final",
                "--cache-from", "r:5000/app:main",
                "--build-arg", "VERSION", "--build-arg", "NPM_TOKEN",
                "--label", "org.opencontainers.image.revision=abc123",
                "--platform", "linux/amd64", "--network", "host",
                "--progress=plain", "--build-arg", "BUILDKIT_INLINE_CACHE=1",
                "--secret", "id=npm,src=/run/npmrc", CONTEXT);
    }

    @Test
    void registryCacheBuildTagsEveryFinalRefImportsEachCacheExportsTheBranchsWithModeMaxAndPushes() throws Exception {
        Plan plan = plan(TWO_STAGES, null);

        List<String> argv = BuildArguments.registryArgv(request, plan.spec(plan.finalStage(), "unused",
                List.of("r:5000/app:feature--buildcache", "r:5000/app:main--buildcache")),
                List.of("r:5000/app:feature", "r:5000/app:1.2.3"), "r:5000/app:feature--buildcache", true);

        assertThat(argv).containsExactly("--file", DOCKERFILE, "--tag", "r:5000/app:feature", "--tag", "r:5000/app:1.2.3",
                "--cache-from", "type=registry,ref=r:5000/app:feature--buildcache",
                "--cache-from", "type=registry,ref=r:5000/app:main--buildcache",
                "--cache-to", "type=registry,ref=r:5000/app:feature--buildcache,mode=max", "--push",
                "--build-arg", "VERSION", "--build-arg", "NPM_TOKEN",
                "--label", "org.opencontainers.image.revision=abc123",
                "--platform", "linux/amd64", "--network", "host", "--progress=rawjson",
                "--secret", "id=npm,src=/run/npmrc", CONTEXT);
        assertThat(String.join(" ", argv)).doesNotContain(SECRET_VALUE);
        assertThat(BuildArguments.env(request, BuilderKind.REGISTRY)).containsEntry("DOCKER_BUILDKIT", "1")
                .containsEntry("NPM_TOKEN", SECRET_VALUE).containsEntry("TTY_DISPLAY_RATE", "1");
    }

    @Test
    void registryCacheBuildWithoutExportOnlyPushes() throws Exception {
        Plan plan = plan(TWO_STAGES, null);

        List<String> argv = BuildArguments.registryArgv(minimal(), plan.spec(plan.finalStage(), "unused", List.of()),
                List.of("r:5000/app:main"), null, true);

        assertThat(argv).containsExactly("--file", DOCKERFILE, "--tag", "r:5000/app:main", "--push",
                "--progress=rawjson", CONTEXT);
    }

    @Test
    void registryCacheBuildIntoTheDaemonTagsTheTemporaryNameAndEveryFinalRefAndDoesNotPush() throws Exception {
        Plan plan = plan(TWO_STAGES, null);

        List<String> argv = BuildArguments.registryArgv(minimal(), plan.spec(plan.finalStage(), "tmp:final",
                List.of("r:5000/app:main--buildcache")), List.of("r:5000/app:main", "r:5000/app:1.2.3"),
                "r:5000/app:main--buildcache", false);

        assertThat(argv).containsExactly("--file", DOCKERFILE, "--tag", "tmp:final", "--tag", "r:5000/app:main",
                "--tag", "r:5000/app:1.2.3", "--cache-from", "type=registry,ref=r:5000/app:main--buildcache",
                "--cache-to", "type=registry,ref=r:5000/app:main--buildcache,mode=max", "--progress=rawjson", CONTEXT);
    }

    @Test
    void buildKitIntermediateStageAlsoCarriesInlineCacheButNoLabels() throws Exception {
        Plan plan = plan(TWO_STAGES, null);

        List<String> argv = BuildArguments.argv(request, plan.spec(plan.targetStages().get(0), "tmp:deps", List.of()), BuilderKind.BUILDKIT);

        assertThat(argv).containsExactly("--file", DOCKERFILE, "--target", "deps", "--tag", "tmp:deps",
                "--build-arg", "VERSION", "--build-arg", "NPM_TOKEN",
                "--platform", "linux/amd64", "--network", "host",
                "--progress=plain", "--build-arg", "BUILDKIT_INLINE_CACHE=1",
                "--secret", "id=npm,src=/run/npmrc", CONTEXT);
    }

    @Test
    void buildKitThroughBuildxAsksForRawJsonProgressInsteadOfPlain() throws Exception {
        Plan plan = plan(TWO_STAGES, null);

        List<String> argv = BuildArguments.argv(minimal(), plan.spec(plan.finalStage(), "tmp:app", List.of()),
                BuilderKind.BUILDKIT, true);

        assertThat(argv).contains("--progress=rawjson").doesNotContain("--progress=plain");
        assertThat(BuildArguments.argv(minimal(), plan.spec(plan.finalStage(), "tmp:app", List.of()),
                BuilderKind.CLASSIC, true)).noneMatch(arg -> arg.startsWith("--progress"));
    }

    @Test
    void aNamedFinalStageIsBuiltWithItsTarget() throws Exception {
        Plan plan = plan("FROM busybox AS deps\nRUN a\nFROM busybox AS app\nRUN b\n", null);

        List<String> argv = BuildArguments.argv(minimal(), plan.spec(plan.finalStage(), "tmp:app", List.of()), BuilderKind.CLASSIC);

        assertThat(argv).containsExactly("--file", DOCKERFILE, "--target", "app", "--tag", "tmp:app", CONTEXT);
    }

    @Test
    void anEarlierTargetStageIsFinalAndGetsTheLabels() throws Exception {
        Plan plan = plan(TWO_STAGES + "FROM busybox AS tail\nRUN c\n", "deps");
        BuildRequest labelled = BuildRequest.builder("r:5000/app", CONTEXT).label("a", "b").build();

        List<String> argv = BuildArguments.argv(labelled, plan.spec(plan.finalStage(), "tmp:deps", List.of()), BuilderKind.CLASSIC);

        assertThat(argv).containsExactly("--file", DOCKERFILE, "--target", "deps", "--tag", "tmp:deps",
                "--label", "a=b", CONTEXT);
    }

    @Test
    void buildArgValuesNeverAppearInTheArgumentListOnlyInTheEnvironment() throws Exception {
        Plan plan = plan(TWO_STAGES, null);

        for (BuilderKind builder : List.of(BuilderKind.CLASSIC, BuilderKind.BUILDKIT)) {
            for (Stage stage : plan.targetStages()) {
                List<String> argv = BuildArguments.argv(request, plan.spec(stage, "tmp:x", List.of()), builder);
                assertThat(argv).noneMatch(arg -> arg.contains(SECRET_VALUE) || arg.contains("1.2.3"));
                assertThat(argv).noneMatch(arg -> arg.startsWith("VERSION=") || arg.startsWith("NPM_TOKEN="));
            }
        }
        assertThat(BuildArguments.env(request, BuilderKind.CLASSIC)).containsExactly(Map.entry("VERSION", "1.2.3"),
                Map.entry("NPM_TOKEN", SECRET_VALUE), Map.entry("DOCKER_BUILDKIT", "0"));
        assertThat(BuildArguments.env(request, BuilderKind.BUILDKIT)).containsEntry("DOCKER_BUILDKIT", "1")
                .containsEntry("NPM_TOKEN", SECRET_VALUE).containsEntry("TTY_DISPLAY_RATE", "1");
    }

    @Test
    void secretsAreOnlyPassedToBuildKit() throws Exception {
        Plan plan = plan(TWO_STAGES, null);

        List<String> classic = BuildArguments.argv(request, plan.spec(plan.finalStage(), "t", List.of()), BuilderKind.CLASSIC);
        List<String> buildKit = BuildArguments.argv(request, plan.spec(plan.finalStage(), "t", List.of()), BuilderKind.BUILDKIT);

        assertThat(classic).doesNotContain("--secret", "id=npm,src=/run/npmrc", "--progress=plain",
                "BUILDKIT_INLINE_CACHE=1");
        assertThat(buildKit).containsSequence("--secret", "id=npm,src=/run/npmrc");
    }

    private static BuildRequest minimal() {
        return BuildRequest.builder("r:5000/app", CONTEXT).build();
    }

    /** The stages of a Dockerfile as the planner sees them, and the builder's view of a build of each. */
    private record Plan(Dockerfile dockerfile, List<Stage> targetStages) {
        Stage finalStage() {
            return targetStages.get(targetStages.size() - 1);
        }

        StageBuildSpec spec(Stage stage, String tag, List<String> cacheFrom) {
            Stage last = dockerfile.stages().get(dockerfile.stages().size() - 1);
            boolean isFinal = stage.index() == finalStage().index();
            boolean implicit = finalStage().index() == last.index() && finalStage().name() == null;
            return new StageBuildSpec(CONTEXT, DOCKERFILE, dockerfile, stage, isFinal && implicit ? null : stage.name(),
                    isFinal, tag, cacheFrom);
        }
    }

    private static Plan plan(String dockerfileText, String target) throws Exception {
        Dockerfile dockerfile = DockerfileParser.parse(dockerfileText, Map.of());
        List<Stage> required = dockerfile.requiredStages(target);
        List<Stage> targets = required.stream()
                .filter(stage -> stage.name() != null || stage == required.get(required.size() - 1))
                .toList();
        return new Plan(dockerfile, targets);
    }
}
