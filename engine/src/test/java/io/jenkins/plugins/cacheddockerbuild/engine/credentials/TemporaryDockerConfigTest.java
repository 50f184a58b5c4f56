package io.jenkins.plugins.cacheddockerbuild.engine.credentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.cacheddockerbuild.engine.api.Command;
import io.jenkins.plugins.cacheddockerbuild.engine.api.DockerUnavailableException;
import io.jenkins.plugins.cacheddockerbuild.engine.api.RegistryLogin;
import io.jenkins.plugins.cacheddockerbuild.engine.api.RegistryLoginException;
import io.jenkins.plugins.cacheddockerbuild.engine.docker.DockerCli;
import io.jenkins.plugins.cacheddockerbuild.engine.local.LocalAgentFiles;
import io.jenkins.plugins.cacheddockerbuild.engine.testing.ScriptedRunner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TemporaryDockerConfigTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PASSWORD = "hunter2-Secret";

    @TempDir
    Path userDir;
    private final ScriptedRunner runner = new ScriptedRunner();
    private final DockerCli docker = new DockerCli(runner, "docker", Map.of(), Duration.ofMinutes(1), Duration.ofMinutes(1));

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"credsStore\": \"desktop\", \"auths\": {\"r:5000\": {}}, \"credHelpers\": {\"gcr.io\": \"gcloud\"}}",
        "{\"auths\": {\"r:5000\": {}}, \"credsStore\": \"desktop\", \"credHelpers\": {\"gcr.io\": \"gcloud\"}}",
        "{\"auths\": {\"r:5000\": {}}, \"credHelpers\": {\"gcr.io\": \"gcloud\"}, \"credsStore\": \"desktop\"}",
        "{\n\t\"credsStore\": \"osxkeychain\",\n\t\"auths\": {\"r:5000\": {}},\n\t\"credHelpers\": {\"gcr.io\": \"gcloud\"}\n}",
        "{\n\t\"auths\": {\"r:5000\": {}},\n\t\"credHelpers\": {\"gcr.io\": \"gcloud\"},\n\t\"credsStore\": \"pass\"\n}",
        "{\"auths\": {\"r:5000\": {}}, \"credHelpers\": {\"gcr.io\": \"gcloud\"}}",
    })
    void dropsTheCredsStoreWhereverItIsAndKeepsValidJson(String config) throws Exception {
        JsonNode copy = JSON.readTree(TemporaryDockerConfig.withoutCredsStore(config));

        assertThat(copy.has("credsStore")).isFalse();
        assertThat(copy.get("auths").has("r:5000")).isTrue();
        assertThat(copy.get("credHelpers").get("gcr.io").asText()).isEqualTo("gcloud");
        assertThat(copy.size()).isEqualTo(2);
    }

    @Test
    void aConfigHoldingOnlyACredsStoreBecomesEmpty() throws Exception {
        assertThat(JSON.readTree(TemporaryDockerConfig.withoutCredsStore("{\"credsStore\": \"desktop\"}")).size())
                .isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"{}", "{ }", "{\"auths\": {}}", "{\"cliPluginsExtraDirs\": []}",
        "{\"cliPluginsExtraDirs\": [\"/opt/plugins\"], \"auths\": {}}"})
    void namesTheUsersPluginDirectoryFirstAndKeepsValidJson(String config) throws Exception {
        JsonNode copy = JSON.readTree(TemporaryDockerConfig.withPluginDirectory(config, "/home/ci/.docker/cli-plugins"));

        assertThat(copy.get("cliPluginsExtraDirs").get(0).asText()).isEqualTo("/home/ci/.docker/cli-plugins");
        if (config.contains("/opt/plugins")) {
            assertThat(copy.get("cliPluginsExtraDirs").get(1).asText()).isEqualTo("/opt/plugins");
        }
    }

    @Test
    void copiesTheUsersConfigWithoutCredsStoreLogsInAndRemovesTheDirectoryOnClose() throws Exception {
        Files.writeString(userDir.resolve("config.json"),
                "{\"auths\": {\"other:5000\": {\"auth\": \"eA==\"}}, \"credsStore\": \"desktop\"}");
        AtomicReference<String> copied = new AtomicReference<>();
        runner.on(List.of("login"), command -> {
            copied.set(Files.readString(Path.of(command.env().get("DOCKER_CONFIG"), "config.json")));
            return ScriptedRunner.succeed("Login Succeeded").answer(command);
        });

        String directory;
        try (TemporaryDockerConfig config = create(List.of(new RegistryLogin("r:5000", "ci", PASSWORD),
                new RegistryLogin("", "hub-user", "other")))) {
            directory = config.directory();
            assertThat(Path.of(directory)).isDirectory();
            assertThat(Files.getPosixFilePermissions(Path.of(directory)))
                    .isEqualTo(PosixFilePermissions.fromString("rwx------"));
        }

        List<Command> logins = runner.commands();
        assertThat(logins).hasSize(2);
        assertThat(logins.get(0).argv()).containsExactly("docker", "login", "--username", "ci", "--password-stdin", "r:5000");
        assertThat(new String(logins.get(0).stdin(), StandardCharsets.UTF_8)).isEqualTo(PASSWORD);
        assertThat(logins.get(1).argv()).containsExactly("docker", "login", "--username", "hub-user", "--password-stdin");
        assertThat(logins).allSatisfy(login -> assertThat(login.env()).containsEntry("DOCKER_CONFIG", directory));
        JsonNode copy = JSON.readTree(copied.get());
        assertThat(copy.has("credsStore")).isFalse();
        assertThat(copy.get("auths").has("other:5000")).isTrue();
        assertThat(copy.get("cliPluginsExtraDirs").get(0).asText()).isEqualTo(userDir + "/cli-plugins");
        assertThat(Path.of(directory)).doesNotExist();
    }

    @Test
    void startsFromAnEmptyConfigWhenTheUserHasNone() throws Exception {
        AtomicReference<String> copied = new AtomicReference<>();
        runner.on(List.of("login"), command -> {
            copied.set(Files.readString(Path.of(command.env().get("DOCKER_CONFIG"), "config.json")));
            return ScriptedRunner.succeed("").answer(command);
        });

        try (TemporaryDockerConfig config = create(List.of(new RegistryLogin("r:5000", "ci", PASSWORD)))) {
            assertThat(JSON.readTree(copied.get()).get("cliPluginsExtraDirs")).hasSize(1);
            assertThat(Path.of(config.directory(), "config.json")).exists();
        }
    }

    @Test
    void copiesTheUsersCurrentContextSoDockerStillFindsItsDaemon() throws Exception {
        // docker stores a context under the SHA-256 of its name: echo -n rootless | sha256sum
        String id = "12b961af5feb3e9d39f93b2cefb9a1a944f18d02cca0cac2f04f5a982240605f";
        Path meta = Files.createDirectories(userDir.resolve("contexts/meta/" + id));
        Files.writeString(meta.resolve("meta.json"), "{\"Name\":\"rootless\",\"Endpoints\":{\"docker\":"
                + "{\"Host\":\"unix:///run/user/1000/docker.sock\"}}}");
        Files.writeString(userDir.resolve("config.json"), "{\"currentContext\": \"rootless\"}");
        AtomicReference<String> copiedMeta = new AtomicReference<>();
        runner.on(List.of("login"), command -> {
            copiedMeta.set(Files.readString(Path.of(command.env().get("DOCKER_CONFIG"),
                    "contexts/meta/" + id + "/meta.json")));
            return ScriptedRunner.succeed("").answer(command);
        });

        try (TemporaryDockerConfig config = create(List.of(new RegistryLogin("r:5000", "ci", PASSWORD)))) {
            assertThat(copiedMeta.get()).contains("unix:///run/user/1000/docker.sock");
            assertThat(Path.of(config.directory(), "contexts/meta", id, "meta.json")).exists();
        }
    }

    @Test
    void aRefusedLoginRemovesTheDirectoryAndNeverShowsThePassword() throws Exception {
        AtomicReference<String> directory = new AtomicReference<>();
        runner.on(List.of("login"), command -> {
            directory.set(command.env().get("DOCKER_CONFIG"));
            return ScriptedRunner.fail(1, "Error response from daemon: Get \"https://r:5000/v2/\": unauthorized: "
                    + "incorrect username or password '" + PASSWORD + "'\nsecond line").answer(command);
        });

        RegistryLoginException failure = catchThrowableOfType(
                () -> create(List.of(new RegistryLogin("r:5000", "ci", PASSWORD))), RegistryLoginException.class);

        assertThat(failure.getMessage()).contains("login to r:5000 as 'ci' failed").contains("access denied")
                .doesNotContain(PASSWORD).doesNotContain("second line");
        assertThat(failure.exitCode()).isEqualTo(3);
        assertThat(Path.of(directory.get())).doesNotExist();
    }

    @Test
    void aLaterRefusedLoginAlsoRemovesTheDirectory() throws Exception {
        AtomicReference<String> directory = new AtomicReference<>();
        runner.on(List.of("login", "--username", "first"), command -> {
            directory.set(command.env().get("DOCKER_CONFIG"));
            return ScriptedRunner.succeed("Login Succeeded").answer(command);
        });
        runner.on(List.of("login"), ScriptedRunner.fail(1, "denied: requested access to the resource is denied"));

        RegistryLoginException failure = catchThrowableOfType(() -> create(List.of(
                new RegistryLogin("a:5000", "first", PASSWORD), new RegistryLogin("", "second", PASSWORD))),
                RegistryLoginException.class);

        assertThat(failure.getMessage()).contains("login to docker.io as 'second' failed").doesNotContain(PASSWORD);
        assertThat(Path.of(directory.get())).doesNotExist();
    }

    @Test
    void aDockerThatCannotStartRemovesTheDirectory() throws Exception {
        AtomicReference<String> directory = new AtomicReference<>();
        runner.on(List.of("login"), command -> {
            directory.set(command.env().get("DOCKER_CONFIG"));
            throw new IOException("Cannot run program \"docker\": error=2, No such file or directory");
        });

        DockerUnavailableException failure = catchThrowableOfType(
                () -> create(List.of(new RegistryLogin("r:5000", "ci", PASSWORD))), DockerUnavailableException.class);

        assertThat(failure.getMessage()).contains("docker").doesNotContain(PASSWORD);
        assertThat(Path.of(directory.get())).doesNotExist();
    }

    @Test
    void theConfigOfARunKilledLongerThanAMinuteAgoGoesWithTheNextRunsAndALiveRunsStays(@TempDir Path tmp)
            throws Exception {
        LocalAgentFiles files = new LocalAgentFiles(tmp);
        List<RegistryLogin> logins = List.of(new RegistryLogin("r:5000", "ci", PASSWORD));
        Path killed = abandonedConfig(tmp, "cached-docker-build-config-111", 5);
        Path justCreated = abandonedConfig(tmp, "cached-docker-build-config-222", 0);
        try (TemporaryDockerConfig live = TemporaryDockerConfig.create(files, docker, Map.of(), logins)) {
            FileTime fiveMinutesAgo = FileTime.fromMillis(System.currentTimeMillis() - 300_000);
            Files.setLastModifiedTime(Path.of(live.directory() + ".lock"), fiveMinutesAgo);

            try (TemporaryDockerConfig next = TemporaryDockerConfig.create(files, docker, Map.of(), logins)) {
                assertThat(killed).doesNotExist();
                assertThat(Path.of(killed + ".lock")).doesNotExist();
                assertThat(Path.of(live.directory(), "config.json")).as("its run holds the lock").exists();
                assertThat(justCreated).as("maybe a run about to take its lock").exists();
                assertThat(Path.of(next.directory(), "config.json")).exists();
            }
        }
        try (var left = Files.list(tmp)) {
            assertThat(left.map(path -> path.getFileName().toString())).containsExactlyInAnyOrder(
                    "cached-docker-build-config-222", "cached-docker-build-config-222.lock");
        }
    }

    // A config directory with credentials and its lock file, as a run killed with kill -9 leaves them.
    private static Path abandonedConfig(Path root, String name, int minutesOld) throws IOException {
        Path directory = Files.createDirectories(root.resolve(name));
        Files.writeString(directory.resolve("config.json"), "{\"auths\": {\"r:5000\": {\"auth\": \"Y2k6c2VjcmV0\"}}}");
        Path lock = Files.writeString(root.resolve(name + ".lock"), "");
        Files.setLastModifiedTime(lock, FileTime.fromMillis(System.currentTimeMillis() - minutesOld * 60_000L));
        return directory;
    }

    private TemporaryDockerConfig create(List<RegistryLogin> logins) throws Exception {
        return TemporaryDockerConfig.create(new LocalAgentFiles(), docker, Map.of("DOCKER_CONFIG", userDir.toString()),
                logins);
    }
}
