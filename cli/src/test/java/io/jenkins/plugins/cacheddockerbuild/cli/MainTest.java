package io.jenkins.plugins.cacheddockerbuild.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The command line as other tools script against it: options, messages and exit codes. */
class MainTest {
    private static final String IMAGE = "registry:5000/team/app";

    @TempDir
    Path root;
    private Path context;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void createContext() throws Exception {
        context = Files.createDirectories(root.resolve("ctx"));
        Files.writeString(context.resolve("Dockerfile"), "FROM busybox\nRUN echo hi\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"--image", "--tag", "--branch", "--fallback", "--cache-from", "--cache-repo", "--file",
        "--target", "--build-arg", "--builder", "--docker", "--cache-dir", "--no-push", "--report", "--help"})
    void buildHelpListsEveryOptionOfTheContract(String option) {
        int exit = run("build", "--help");

        assertThat(exit).isZero();
        assertThat(out()).contains(option).contains("CONTEXT");
        assertThat(err()).isEmpty();
    }

    @Test
    void helpExitsZeroAndNamesTheBuildCommand() {
        assertThat(run("--help")).isZero();
        assertThat(out()).contains("build").contains("cached-docker-build");
    }

    @Test
    void noArgumentsShowsUsageAndIsAUsageError() {
        assertThat(run()).isEqualTo(2);
        assertThat(out()).contains("build");
    }

    @Test
    void aMissingImageIsAUsageErrorWithAMessageAndNoStackTrace() {
        int exit = run("build", context.toString());

        assertThat(exit).isEqualTo(2);
        assertThat(err()).contains("--image").contains("error:");
        assertNoStackTrace();
    }

    @Test
    void anUnknownOptionIsAUsageError() {
        int exit = run("build", "--image", IMAGE, "--frobnicate", context.toString());

        assertThat(exit).isEqualTo(2);
        assertThat(err()).contains("--frobnicate");
        assertNoStackTrace();
    }

    @Test
    void aBadBuilderIsAUsageErrorNamingIt() {
        int exit = run("build", "--image", IMAGE, "--builder", "kaniko", context.toString());

        assertThat(exit).isEqualTo(2);
        assertThat(err()).contains("builder").contains("kaniko").contains("auto, registry, buildkit, classic, buildah");
        assertNoStackTrace();
    }

    @Test
    void aBuildArgWithoutValueNeedsItsEnvironmentVariable() {
        int exit = run("build", "--image", IMAGE, "--build-arg", "NOVALUE", context.toString());

        assertThat(exit).isEqualTo(2);
        assertThat(err()).contains("build-arg").contains("NOVALUE").contains("NAME=VALUE");
        assertNoStackTrace();
    }

    @Test
    void aPasswordWithoutUsernameIsAUsageError() {
        int exit = runWithEnv(Map.of("REGISTRY_PASSWORD", "s3cret"),
                "build", "--image", IMAGE, "--password-env", "REGISTRY_PASSWORD", context.toString());

        assertThat(exit).isEqualTo(2);
        assertThat(err()).contains("--username").doesNotContain("s3cret");
        assertNoStackTrace();
    }

    @Test
    void aPasswordVariableThatIsNotSetIsAUsageError() {
        int exit = run("build", "--image", IMAGE, "--username", "ci", "--password-env", "UNSET_PW", context.toString());

        assertThat(exit).isEqualTo(2);
        assertThat(err()).contains("UNSET_PW").contains("not set");
    }

    @Test
    void aBadCacheDirSizeIsAUsageError() {
        int exit = run("build", "--image", IMAGE, "--cache-dir-max-size", "lots", context.toString());

        assertThat(exit).isEqualTo(2);
        assertThat(err()).contains("cache-dir-max-size").contains("lots");
    }

    @Test
    void anInvalidImageIsAUsageErrorNamingIt() {
        int exit = run("build", "--image", "Team/App:latest", "--docker", "/nonexistent/docker", context.toString());

        assertThat(exit).isEqualTo(2);
        assertThat(err()).contains("image").contains("Team/App:latest");
        assertNoStackTrace();
    }

    @Test
    void aDockerThatDoesNotExistIsUnavailableNamingThePath() {
        // with no buildah either: auto would otherwise build with buildah, which needs no docker
        int exit = run("build", "--image", IMAGE, "--docker", "/nonexistent/docker", "--buildah",
                "/nonexistent/buildah", context.toString());

        assertThat(exit).isEqualTo(3);
        assertThat(err()).contains("/nonexistent/docker");
        assertNoStackTrace();
    }

    @Test
    void aContextWithoutDockerfileIsAUsageError() throws Exception {
        Files.delete(context.resolve("Dockerfile"));

        int exit = run("build", "--image", IMAGE, "--docker", "/nonexistent/docker", context.toString());

        assertThat(exit).isEqualTo(2);
        assertThat(err()).contains("no Dockerfile at");
        assertNoStackTrace();
    }

    @Test
    void aDockerfileOutsideTheContextIsAUsageError() throws Exception {
        Files.writeString(root.resolve("outside"), "FROM busybox\n");

        int exit = run("build", "--image", IMAGE, "--file", "../outside", "--docker", "/nonexistent/docker",
                context.toString());

        assertThat(exit).isEqualTo(2);
        assertThat(err()).contains("outside the build context");
        assertNoStackTrace();
    }

    @Test
    void aMissingDockerfileOutsideTheContextIsAUsageErrorToo() {
        int exit = run("build", "--image", IMAGE, "--file", "../outside", "--docker", "/nonexistent/docker",
                context.toString());

        assertThat(exit).isEqualTo(2);
        assertThat(err()).contains("file").contains("../outside");
    }

    @Test
    void aContextThatDoesNotExistIsAUsageError() {
        int exit = run("build", "--image", IMAGE, "--docker", "/nonexistent/docker", root.resolve("nope").toString());

        assertThat(exit).isEqualTo(2);
        assertThat(err()).contains("context").contains("is not a directory");
    }

    private int run(String... args) {
        return runWithEnv(Map.of(), args);
    }

    private int runWithEnv(Map<String, String> env, String... args) {
        return Main.run(args, env, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private void assertNoStackTrace() {
        assertThat(err()).doesNotContain("\tat ").doesNotContain("Exception");
        assertThat(out()).doesNotContain("\tat ");
    }
}
