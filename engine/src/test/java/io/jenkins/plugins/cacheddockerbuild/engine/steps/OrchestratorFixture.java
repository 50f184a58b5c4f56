package io.jenkins.plugins.cacheddockerbuild.engine.steps;

import io.jenkins.plugins.cacheddockerbuild.engine.CachedDockerBuild;
import io.jenkins.plugins.cacheddockerbuild.engine.api.BuildEvent;
import io.jenkins.plugins.cacheddockerbuild.engine.api.BuildReport;
import io.jenkins.plugins.cacheddockerbuild.engine.api.BuildRequest;
import io.jenkins.plugins.cacheddockerbuild.engine.api.BuilderKind;
import io.jenkins.plugins.cacheddockerbuild.engine.local.LocalAgentFiles;
import io.jenkins.plugins.cacheddockerbuild.engine.testing.ScriptedRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A two-stage Dockerfile in a temporary context and a scripted docker that answers the way docker 20.10 with
 * the classic builder does, for orchestrator tests.
 */
final class OrchestratorFixture {
    static final String IMAGE = "registry:5000/app";
    static final String VERSION_FORMAT = "{{.Client.Version}}|{{.Server.Version}}|{{.Server.APIVersion}}";
    static final String DIGEST = "sha256:" + "ab".repeat(32);
    static final String DOCKERFILE = """
            FROM busybox AS deps
            RUN echo deps > /deps
            FROM busybox
            COPY --from=deps /deps /deps
            RUN echo app
            """;
    static final String DEPS_OUTPUT = """
            Step 1/2 : FROM busybox AS deps
             ---> 0123456789ab
            Step 2/2 : RUN echo deps > /deps
             ---> Using cache
             ---> 1111111111aa
            Successfully built 1111111111aa
            """;
    static final String FINAL_OUTPUT = """
            Step 1/5 : FROM busybox AS deps
             ---> 0123456789ab
            Step 2/5 : RUN echo deps > /deps
             ---> Using cache
             ---> 1111111111aa
            Step 3/5 : FROM busybox
             ---> 0123456789ab
            Step 4/5 : COPY --from=deps /deps /deps
             ---> Using cache
             ---> 2222222222bb
            Step 5/5 : RUN echo app
             ---> Running in 5a5a5a5a5a5a
            app
            Removing intermediate container 5a5a5a5a5a5a
             ---> 3333333333cc
            Successfully built 3333333333cc
            """;
    /** BuildKit building the final stage of {@link #DOCKERFILE}, the deps stage's step from cache. */
    static final String BUILDKIT_DEPS_CACHED = """
            #4 [deps 1/2] FROM docker.io/library/busybox
            #4 DONE 0.0s

            #5 [deps 2/2] RUN echo deps > /deps
            #5 CACHED

            #6 [stage-1 2/3] COPY --from=deps /deps /deps
            #6 DONE 0.1s

            #7 [stage-1 3/3] RUN echo app
            #7 DONE 0.3s
            """;
    /** The same, the deps stage's step run. */
    static final String BUILDKIT_DEPS_RAN = BUILDKIT_DEPS_CACHED.replace("#5 CACHED", "#5 DONE 2.0s");
    static final String MANIFEST = "{\"schemaVersion\": 2, \"layers\": []}";
    /** What docker 28.2 printed for {@code manifest inspect --insecure --verbose} of one image in the test registry. */
    static final String VERBOSE_MANIFEST = recorded("manifest-inspect-verbose.json");
    /** The manifest digest in {@link #VERBOSE_MANIFEST}: the digest a kept ref is reported with. */
    static final String KEPT_DIGEST = "sha256:d3ab9afa1d1958c596a01da78c3f68eb1280336e9c4b5e775645e7a835cd382f";

    final Path context;
    final String dockerfilePath;
    final ScriptedRunner runner = new ScriptedRunner();
    final List<BuildEvent> events = new CopyOnWriteArrayList<>();

    OrchestratorFixture(Path root) throws Exception {
        context = Files.createDirectories(root.resolve("ctx")).toRealPath();
        dockerfilePath = Files.writeString(context.resolve("Dockerfile"), DOCKERFILE).toString();
    }

    /** The feature branch with main as its fallback, classic builder, no retries (so no backoff sleeps). */
    BuildRequest.Builder request() {
        return BuildRequest.builder(IMAGE, context.toString())
                .branch("feature/login")
                .fallback("main")
                .builderKind(BuilderKind.CLASSIC)
                .registryRetries(0);
    }

    /** Docker 20.10 answering, pushes reporting a digest; builds print nothing unless scripted. */
    OrchestratorFixture answeringDocker() {
        runner.on(List.of("version"), ScriptedRunner.succeed("20.10.24|20.10.24|1.41\n"));
        runner.on(List.of("push"), ScriptedRunner.succeed("main: digest: " + DIGEST + " size: 527\n"));
        return this;
    }

    private static String recorded(String name) {
        try (var in = OrchestratorFixture.class.getResourceAsStream("/recorded/" + name)) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Docker 20.10 answering; builds print classic output; pushes report a digest. */
    OrchestratorFixture classicDocker() {
        answeringDocker();
        runner.on(List.of("build", "--file", dockerfilePath, "--target", "deps"), ScriptedRunner.succeed(DEPS_OUTPUT));
        runner.on(List.of("build"), ScriptedRunner.succeed(FINAL_OUTPUT));
        return this;
    }

    /** Every manifest lookup after those scripted before answers like this. */
    OrchestratorFixture manifests(ScriptedRunner.Answer answer) {
        runner.on(List.of("manifest", "inspect"), answer);
        return this;
    }

    OrchestratorFixture manifest(String ref, ScriptedRunner.Answer answer) {
        runner.onArgument("manifest", ref, answer);
        return this;
    }

    BuildReport build(BuildRequest request) throws Exception {
        return CachedDockerBuild.create(runner, new LocalAgentFiles(), events::add).build(request);
    }

    List<List<String>> arguments() {
        return runner.arguments();
    }

    /** The commands that start with {@code first}, e.g. all pushes. */
    List<List<String>> commands(String... first) {
        List<String> prefix = List.of(first);
        return arguments().stream()
                .filter(args -> args.size() >= prefix.size() && args.subList(0, prefix.size()).equals(prefix))
                .toList();
    }

    /** The temporary tag the build of a stage used ({@code --tag} of the n-th build). */
    String temporaryTag(int build) {
        List<String> args = commands("build").get(build);
        return args.get(args.indexOf("--tag") + 1);
    }

    /** A stage's temporary tag, wherever it first appears (a build's {@code --tag} or a {@code docker tag}). */
    String temporaryTagOf(String stage) {
        return arguments().stream().flatMap(List::stream)
                .filter(arg -> arg.startsWith("cached-docker-build-tmp:") && arg.endsWith("-" + stage))
                .findFirst().orElseThrow(() -> new AssertionError("no temporary tag for stage " + stage));
    }

    List<String> warnings() {
        return events.stream()
                .filter(event -> event instanceof BuildEvent.Log log && log.level() == BuildEvent.Level.WARNING)
                .map(event -> ((BuildEvent.Log) event).message())
                .toList();
    }

    static List<String> args(String... args) {
        return List.of(args);
    }
}
