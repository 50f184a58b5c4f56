package io.jenkins.plugins.cacheddockerbuild.engine.build;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.cacheddockerbuild.engine.api.BuildRequest;
import io.jenkins.plugins.cacheddockerbuild.engine.api.BuilderKind;
import io.jenkins.plugins.cacheddockerbuild.engine.cache.CachePlanner;
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
        BuildPlan plan = plan(TWO_STAGES, null);

        List<String> argv = BuildArguments.argv(request, plan, plan.finalStage(), "tmp:final", BuilderKind.CLASSIC,
                List.of("r:5000/app:main", "tmp:deps"));

        assertThat(argv).containsExactly("--file", DOCKERFILE, "--tag", "tmp:final",
                "--cache-from", "r:5000/app:main", "--cache-from", "tmp:deps",
                "--build-arg", "VERSION", "--build-arg", "NPM_TOKEN",
                "--label", "org.opencontainers.image.revision=abc123",
                "--platform", "linux/amd64", "--network", "host", CONTEXT);
    }

    @Test
    void classicIntermediateStageHasItsTargetAndNoLabels() throws Exception {
        BuildPlan plan = plan(TWO_STAGES, null);

        List<String> argv = BuildArguments.argv(request, plan, plan.targetStages().get(0), "tmp:deps",
                BuilderKind.CLASSIC, List.of());

        assertThat(argv).containsExactly("--file", DOCKERFILE, "--target", "deps", "--tag", "tmp:deps",
                "--build-arg", "VERSION", "--build-arg", "NPM_TOKEN",
                "--platform", "linux/amd64", "--network", "host", CONTEXT);
    }

    @Test
    void buildKitAddsPlainProgressInlineCacheAndSecrets() throws Exception {
        BuildPlan plan = plan(TWO_STAGES, null);

        List<String> argv = BuildArguments.argv(request, plan, plan.finalStage(), "tmp:final", BuilderKind.BUILDKIT,
                List.of("r:5000/app:main"));

        assertThat(argv).containsExactly("--file", DOCKERFILE, "--tag", "tmp:final",
                "--cache-from", "r:5000/app:main",
                "--build-arg", "VERSION", "--build-arg", "NPM_TOKEN",
                "--label", "org.opencontainers.image.revision=abc123",
                "--platform", "linux/amd64", "--network", "host",
                "--progress=plain", "--build-arg", "BUILDKIT_INLINE_CACHE=1",
                "--secret", "id=npm,src=/run/npmrc", CONTEXT);
    }

    @Test
    void buildKitIntermediateStageAlsoCarriesInlineCacheButNoLabels() throws Exception {
        BuildPlan plan = plan(TWO_STAGES, null);

        List<String> argv = BuildArguments.argv(request, plan, plan.targetStages().get(0), "tmp:deps",
                BuilderKind.BUILDKIT, List.of());

        assertThat(argv).containsExactly("--file", DOCKERFILE, "--target", "deps", "--tag", "tmp:deps",
                "--build-arg", "VERSION", "--build-arg", "NPM_TOKEN",
                "--platform", "linux/amd64", "--network", "host",
                "--progress=plain", "--build-arg", "BUILDKIT_INLINE_CACHE=1",
                "--secret", "id=npm,src=/run/npmrc", CONTEXT);
    }

    @Test
    void aNamedFinalStageIsBuiltWithItsTarget() throws Exception {
        BuildPlan plan = plan("FROM busybox AS deps\nRUN a\nFROM busybox AS app\nRUN b\n", null);

        List<String> argv = BuildArguments.argv(minimal(), plan, plan.finalStage(), "tmp:app", BuilderKind.CLASSIC,
                List.of());

        assertThat(argv).containsExactly("--file", DOCKERFILE, "--target", "app", "--tag", "tmp:app", CONTEXT);
    }

    @Test
    void anEarlierTargetStageIsFinalAndGetsTheLabels() throws Exception {
        BuildPlan plan = plan(TWO_STAGES + "FROM busybox AS tail\nRUN c\n", "deps");
        BuildRequest labelled = BuildRequest.builder("r:5000/app", CONTEXT).label("a", "b").build();

        List<String> argv = BuildArguments.argv(labelled, plan, plan.finalStage(), "tmp:deps", BuilderKind.CLASSIC,
                List.of());

        assertThat(argv).containsExactly("--file", DOCKERFILE, "--target", "deps", "--tag", "tmp:deps",
                "--label", "a=b", CONTEXT);
    }

    @Test
    void buildArgValuesNeverAppearInTheArgumentListOnlyInTheEnvironment() throws Exception {
        BuildPlan plan = plan(TWO_STAGES, null);

        for (BuilderKind builder : List.of(BuilderKind.CLASSIC, BuilderKind.BUILDKIT)) {
            for (Stage stage : plan.targetStages()) {
                List<String> argv = BuildArguments.argv(request, plan, stage, "tmp:x", builder, List.of());
                assertThat(argv).noneMatch(arg -> arg.contains(SECRET_VALUE) || arg.contains("1.2.3"));
                assertThat(argv).noneMatch(arg -> arg.startsWith("VERSION=") || arg.startsWith("NPM_TOKEN="));
            }
        }
        assertThat(BuildArguments.env(request, BuilderKind.CLASSIC)).containsExactly(Map.entry("VERSION", "1.2.3"),
                Map.entry("NPM_TOKEN", SECRET_VALUE), Map.entry("DOCKER_BUILDKIT", "0"));
        assertThat(BuildArguments.env(request, BuilderKind.BUILDKIT)).containsEntry("DOCKER_BUILDKIT", "1")
                .containsEntry("NPM_TOKEN", SECRET_VALUE);
    }

    @Test
    void secretsAreOnlyPassedToBuildKit() throws Exception {
        BuildPlan plan = plan(TWO_STAGES, null);

        List<String> classic = BuildArguments.argv(request, plan, plan.finalStage(), "t", BuilderKind.CLASSIC, List.of());
        List<String> buildKit = BuildArguments.argv(request, plan, plan.finalStage(), "t", BuilderKind.BUILDKIT, List.of());

        assertThat(classic).doesNotContain("--secret", "id=npm,src=/run/npmrc", "--progress=plain",
                "BUILDKIT_INLINE_CACHE=1");
        assertThat(buildKit).containsSequence("--secret", "id=npm,src=/run/npmrc");
    }

    private static BuildRequest minimal() {
        return BuildRequest.builder("r:5000/app", CONTEXT).build();
    }

    private static BuildPlan plan(String dockerfileText, String target) throws Exception {
        Dockerfile dockerfile = DockerfileParser.parse(dockerfileText, Map.of());
        List<Stage> required = dockerfile.requiredStages(target);
        List<Stage> targets = required.stream()
                .filter(stage -> stage.name() != null || stage == required.get(required.size() - 1))
                .toList();
        return new BuildPlan(CONTEXT, DOCKERFILE, dockerfile, required, targets,
                CachePlanner.plan("r:5000/app", null, "main", List.of(), List.of(), List.of(),
                        targets.stream().map(Stage::id).toList()));
    }
}
