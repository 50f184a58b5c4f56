package io.jenkins.plugins.cacheddockerbuild.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.cacheddockerbuild.engine.it.BlobApp;
import io.jenkins.plugins.cacheddockerbuild.engine.it.RegistryHttp;
import io.jenkins.plugins.cacheddockerbuild.engine.it.TestEnvironment;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * User mistakes against the real daemon and registry, through the command line: each is one clear line
 * naming the culprit, the documented exit code (2 bad input, 1 a failing step, 3 docker unavailable) and
 * never a stack trace. Branch names with shell and tag metacharacters become valid tags that really push.
 */
class BadInputIT {
    private static final String BASE = "${BASE}";
    private final TestEnvironment env = TestEnvironment.get();

    @TempDir
    Path workspace;

    static Stream<Arguments> mistakes() {
        String twoStages = "FROM " + BASE + " AS builder\nRUN echo hi\nFROM " + BASE + "\nCOPY --from=builder /etc/passwd /x\n";
        return Stream.of(
                mistake("invalid image repository", List.of("--image", "Bad/Repo"), twoStages, 2, "image", "'Bad/Repo'"),
                mistake("image given with a tag", List.of("--image", "${REGISTRY}/it/app:1.0"), twoStages, 2,
                        "image", "without a tag"),
                mistake("invalid tag", List.of("--tag", "-latest"), twoStages, 2, "tag", "'-latest'"),
                mistake("tag with a space", List.of("--tag", "a b"), twoStages, 2, "tag", "'a b'"),
                mistake("invalid cache-from reference", List.of("--cache-from", "reg/App:x"), twoStages, 2,
                        "cache-from", "'App'"),
                mistake("branch with nothing usable in a tag", List.of("--branch", "$();.."), twoStages, 2,
                        "branch", "'$();..'"),
                mistake("invalid build arg name", List.of("--build-arg", "1X=y"), twoStages, 2, "build-arg", "'1X'"),
                mistake("Dockerfile missing", List.of(), null, 2, "file", "no Dockerfile at"),
                mistake("--file outside the context", List.of("--file", "../outside/Dockerfile"), twoStages, 2,
                        "file", "outside the build context"),
                mistake("unknown --target", List.of("--target", "biulder"), twoStages, 2, "target", "'biulder'",
                        "no such stage", "builder"),
                mistake("duplicate stage names", List.of(), "FROM " + BASE + " AS builder\nFROM " + BASE
                        + " AS builder\n", 2, "Dockerfile line 2", "duplicate stage name"),
                mistake("COPY --from a stage defined below", List.of(), "FROM " + BASE + "\nCOPY --from=later /a /b\nFROM "
                        + BASE + " AS later\n", 2, "Dockerfile line 2", "'later'", "later stage"),
                mistake("unknown instruction", List.of(), "FROM " + BASE + "\nRUNN echo\n", 2, "Dockerfile line 2",
                        "unknown instruction"),
                mistake("no FROM at all", List.of(), "# only a comment\n", 2, "no FROM"),
                mistake("FROM an unknown stage, classic", List.of("--builder", "classic"), "FROM " + BASE
                        + " AS builder\nFROM buidler\nRUN echo x\n", 2, "FROM buidler names no stage", "stages: builder"),
                mistake("FROM an unknown stage, BuildKit", List.of("--builder", "buildkit"), "FROM " + BASE
                        + " AS builder\nFROM buidler\nRUN echo x\n", 2, "FROM buidler names no stage"),
                mistake("COPY --from an unknown stage", List.of("--builder", "classic"), "FROM " + BASE
                        + " AS builder\nFROM " + BASE + "\nCOPY --from=buidler /a /b\n", 2, "Dockerfile line 3",
                        "--from=buidler names no stage"),
                mistake("a failing RUN, classic", List.of("--builder", "classic"), "FROM " + BASE + " AS app\nRUN echo "
                        + "the-tail-of-the-output && exit 3\n", 1, "stage 'app' failed at step: RUN echo",
                        "the-tail-of-the-output"),
                mistake("a failing RUN, BuildKit", List.of("--builder", "buildkit"), "FROM " + BASE + " AS app\n"
                        + "RUN echo the-tail-of-the-output && exit 3\n", 1, "stage 'app' failed at step: RUN echo",
                        "the-tail-of-the-output"),
                // auto would build with buildah (it needs no docker) where there is one: these agents have none
                mistake("docker missing", List.of("--docker", "/nonexistent/bin/docker", "--buildah",
                        "/nonexistent/bin/buildah"), twoStages, 3, "/nonexistent/bin/docker", "--docker PATH"),
                mistake("daemon unreachable", List.of("DOCKER_HOST=unix:///nonexistent.sock", "--buildah",
                        "/nonexistent/bin/buildah"), twoStages, 3,
                        "daemon is not reachable", "DOCKER_HOST=unix:///nonexistent.sock", "Cannot connect"),
                mistake("buildah missing", List.of("--builder", "buildah", "--buildah", "/nonexistent/bin/buildah"),
                        twoStages, 3, "/nonexistent/bin/buildah", "--buildah PATH"),
                mistake("a cache directory with buildah", List.of("--builder", "buildah", "--cache-dir", "/tmp"),
                        twoStages, 2, "--cache-dir", "registry layer cache"));
    }

    private static Arguments mistake(String name, List<String> options, String dockerfile, int exit,
            String... mentions) {
        return Arguments.of(name, options, dockerfile, exit, List.of(mentions));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mistakes")
    void isOneClearLineWithItsExitCodeAndNoStackTrace(String name, List<String> options, String dockerfile, int exit,
            List<String> mentions) throws Exception {
        Path context = Files.createDirectories(workspace.resolve("context"));
        if (dockerfile != null) {
            Path at = options.contains("--file") ? workspace.resolve("outside/Dockerfile") : context.resolve("Dockerfile");
            Files.createDirectories(at.getParent());
            Files.writeString(at, dockerfile.replace(BASE, env.baseImage()));
        }
        Map<String, String> environment = new HashMap<>(Map.of("DOCKER_HOST", env.dockerHost()));
        List<String> args = new ArrayList<>(List.of("build", "--no-push"));
        if (!options.contains("--image")) {
            args.addAll(List.of("--image", env.registry() + "/it/bad-input"));
        }
        if (!options.contains("--docker")) {
            args.addAll(List.of("--docker", options.contains("buildkit") ? env.buildKitDocker() : env.classicDocker()));
        }
        for (String option : options) {
            if (option.startsWith("DOCKER_HOST=")) {
                environment.put("DOCKER_HOST", option.substring("DOCKER_HOST=".length()));
            } else {
                args.add(option.replace("${REGISTRY}", env.registry()));
            }
        }
        args.add(context.toString());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int code = Main.run(args.toArray(String[]::new), environment, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));

        String stderr = err.toString(StandardCharsets.UTF_8);
        assertThat(code).as(stderr).isEqualTo(exit);
        assertThat(stderr).startsWith("error: ").contains(mentions);
        assertThat(stderr + out.toString(StandardCharsets.UTF_8)).as("no stack trace").doesNotContain("\tat ")
                .doesNotContain("Exception");
    }

    @ParameterizedTest(name = "branch {0}")
    @ValueSource(strings = {"feature/Login-Page", "fix:a@b c", "$(touch ${CANARY}); echo pwned", "; rm -rf ${CANARY} ;",
        "ünïcödé/ブランチ/émoji-🚀", "release/1.0..2.0", "..", "-leading-dash", "UPPER_and_lower"})
    void branchNamesBecomeValidTagsThatReallyPush(String branch) throws Exception {
        Path canary = workspace.resolve("canary");
        String name = branch.replace("${CANARY}", canary.toString());
        Path app = BlobApp.create(workspace.resolve("app"), env.baseImage(), 101);
        String image = env.registry() + "/it/branches-" + UUID.randomUUID().toString().substring(0, 8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int code = Main.run(new String[] {"build", "--image", image, "--branch", name, "--builder", "classic",
                "--docker", env.classicDocker(), app.toString()}, Map.of("DOCKER_HOST", env.dockerHost()),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(canary).as("no shell ever saw the branch name").doesNotExist();
        String stderr = err.toString(StandardCharsets.UTF_8);
        if (name.equals("..")) {
            assertThat(code).isEqualTo(2);
            assertThat(stderr).contains("branch").contains("'..'").doesNotContain("\tat ");
            return;
        }
        assertThat(code).as(stderr).isZero();
        Matcher pushed = Pattern.compile("pushed " + Pattern.quote(image) + ":(\\S+)@sha256")
                .matcher(out.toString(StandardCharsets.UTF_8));
        assertThat(pushed.find()).as(out.toString(StandardCharsets.UTF_8)).isTrue();
        String tag = pushed.group(1);
        assertThat(tag).matches("[a-z0-9][a-z0-9_.-]{0,127}");
        assertThat(new RegistryHttp().digest(image + ":" + tag)).as("the registry has " + tag).startsWith("sha256:");
    }
}
