package io.jenkins.plugins.cacheddockerbuild.engine.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.cacheddockerbuild.engine.api.Command;
import io.jenkins.plugins.cacheddockerbuild.engine.api.CommandResult;
import io.jenkins.plugins.cacheddockerbuild.engine.api.CommandTimeoutException;
import io.jenkins.plugins.cacheddockerbuild.engine.api.DockerUnavailableException;
import io.jenkins.plugins.cacheddockerbuild.engine.testing.ScriptedRunner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The exact argument list of every docker call. */
class DockerCliTest {
    private static final String DOCKER = "/usr/local/bin/docker";
    private static final Duration REGISTRY = Duration.ofMinutes(7);
    private static final Duration BUILD = Duration.ofMinutes(45);
    private final ScriptedRunner runner = new ScriptedRunner();
    private final DockerCli docker = new DockerCli(runner, DOCKER, Map.of("DOCKER_HOST", "unix:///x.sock"),
            REGISTRY, BUILD);

    @Test
    void version() {
        assertThat(docker.version().argv()).containsExactly(DOCKER, "version", "--format",
                "{{.Client.Version}}|{{.Server.Version}}|{{.Server.APIVersion}}");
    }

    @Test
    void buildxVersion() {
        assertThat(docker.buildxVersion().argv()).containsExactly(DOCKER, "buildx", "version");
    }

    @Test
    void manifestInspectAllowsPlainHttpRegistries() {
        assertThat(docker.manifestInspect("127.0.0.1:5000/app:main").argv())
                .containsExactly(DOCKER, "manifest", "inspect", "--insecure", "127.0.0.1:5000/app:main");
    }

    @Test
    void pullAndPushUseTheRegistryTimeout() {
        Command pull = docker.pull("r:5000/app:main");
        Command push = docker.push("r:5000/app:main");

        assertThat(pull.argv()).containsExactly(DOCKER, "pull", "r:5000/app:main");
        assertThat(push.argv()).containsExactly(DOCKER, "push", "r:5000/app:main");
        assertThat(pull.timeout()).isEqualTo(REGISTRY);
        assertThat(push.timeout()).isEqualTo(REGISTRY);
    }

    @Test
    void tag() {
        assertThat(docker.tag("tmp:abc-app", "r:5000/app:main").argv())
                .containsExactly(DOCKER, "tag", "tmp:abc-app", "r:5000/app:main");
    }

    @Test
    void untagRemovesTagsButNoLayers() {
        assertThat(docker.untag(List.of("tmp:a", "tmp:b")).argv())
                .containsExactly(DOCKER, "image", "rm", "--no-prune", "tmp:a", "tmp:b");
    }

    @Test
    void imageInspections() {
        assertThat(docker.imageId("r/app:main").argv())
                .containsExactly(DOCKER, "image", "inspect", "--format", "{{.Id}}", "r/app:main");
        assertThat(docker.digestsAndLayers("r/app:main").argv()).containsExactly(DOCKER, "image", "inspect",
                "--format", "{{json .RepoDigests}}|{{json .RootFS.Layers}}", "r/app:main");
    }

    @Test
    void saveAndLoad() {
        assertThat(docker.save("/cache/.save-1.tar.part", List.of("r/app:main", "r/app:main--deps")).argv())
                .containsExactly(DOCKER, "save", "--output", "/cache/.save-1.tar.part", "r/app:main", "r/app:main--deps");
        assertThat(docker.load("/cache/a.tar").argv()).containsExactly(DOCKER, "load", "--input", "/cache/a.tar");
    }

    @Test
    void loginPassesThePasswordOnStandardInputOnly() {
        String password = "s3cr3t-Pa55";

        Command login = docker.login("registry.example.com:5000", "ci-bot", password);

        assertThat(login.argv()).containsExactly(DOCKER, "login", "--username", "ci-bot", "--password-stdin",
                "registry.example.com:5000");
        assertThat(new String(login.stdin(), StandardCharsets.UTF_8)).isEqualTo(password);
        assertThat(String.join(" ", login.argv())).doesNotContain(password);
        assertThat(login.env().values()).noneMatch(value -> value.contains(password));
        assertThat(login.describe()).doesNotContain(password);
        assertThat(login.toString()).doesNotContain(password).endsWith("<stdin hidden>");
    }

    @Test
    void loginToDockerHubNamesNoRegistry() {
        assertThat(docker.login("", "me", "pw").argv())
                .containsExactly(DOCKER, "login", "--username", "me", "--password-stdin");
    }

    @Test
    void buildAppendsItsArgumentsAndCarriesBuilderEnvironmentAndLineSink() {
        List<String> lines = new ArrayList<>();

        Command build = docker.build(List.of("--file", "/ctx/Dockerfile", "--tag", "t:1", "/ctx"),
                Map.of("DOCKER_BUILDKIT", "1", "VERSION", "1.2"), lines::add);

        assertThat(build.argv()).containsExactly(DOCKER, "build", "--file", "/ctx/Dockerfile", "--tag", "t:1", "/ctx");
        assertThat(build.env()).containsEntry("DOCKER_HOST", "unix:///x.sock").containsEntry("DOCKER_BUILDKIT", "1")
                .containsEntry("VERSION", "1.2");
        assertThat(build.timeout()).isEqualTo(BUILD);
        build.lineSink().accept("Step 1/2 : FROM busybox");
        assertThat(lines).containsExactly("Step 1/2 : FROM busybox");
    }

    @Test
    void everyCallCarriesTheDockerEnvironmentAndWithEnvAddsToIt() {
        DockerCli withConfig = docker.withEnv("DOCKER_CONFIG", "/tmp/cfg");

        assertThat(docker.version().env()).containsExactly(Map.entry("DOCKER_HOST", "unix:///x.sock"));
        assertThat(withConfig.pull("a").env()).containsOnly(Map.entry("DOCKER_HOST", "unix:///x.sock"),
                Map.entry("DOCKER_CONFIG", "/tmp/cfg"));
        assertThat(withConfig.executable()).isEqualTo(DOCKER);
    }

    @Test
    void describeShortensTheExecutable() {
        assertThat(docker.pull("r/app:main").describe()).isEqualTo("docker pull r/app:main");
    }

    @Test
    void runTurnsAnExecutableThatCannotStartIntoDockerUnavailableNamingIt() {
        runner.on(List.of(), ScriptedRunner.error(new IOException(
                "Cannot run program \"" + DOCKER + "\": error=2, No such file or directory")));

        assertThatThrownBy(() -> docker.run(docker.version()))
                .isInstanceOf(DockerUnavailableException.class)
                .hasMessageContaining("cannot run the docker executable '" + DOCKER + "'")
                .hasMessageContaining("--docker PATH");
    }

    @Test
    void runLetsATimeoutThroughAsATimeout() {
        runner.on(List.of("pull"), ScriptedRunner.error(new CommandTimeoutException("too slow")));

        assertThatThrownBy(() -> docker.run(docker.pull("a"))).isExactlyInstanceOf(CommandTimeoutException.class);
    }

    @Test
    void runReturnsWhatTheRunnerAnswered() throws Exception {
        runner.on(List.of("version"), ScriptedRunner.succeed("24.0.7|24.0.7|1.43\n"));

        CommandResult result = docker.run(docker.version());

        assertThat(result.stdout()).isEqualTo("24.0.7|24.0.7|1.43\n");
        assertThat(runner.commands()).hasSize(1);
    }
}
