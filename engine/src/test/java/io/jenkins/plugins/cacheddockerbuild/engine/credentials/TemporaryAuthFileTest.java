package io.jenkins.plugins.cacheddockerbuild.engine.credentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.jenkins.plugins.cacheddockerbuild.engine.api.Command;
import io.jenkins.plugins.cacheddockerbuild.engine.api.RegistryLogin;
import io.jenkins.plugins.cacheddockerbuild.engine.api.RegistryLoginException;
import io.jenkins.plugins.cacheddockerbuild.engine.buildah.BuildahCli;
import io.jenkins.plugins.cacheddockerbuild.engine.local.LocalAgentFiles;
import io.jenkins.plugins.cacheddockerbuild.engine.testing.ScriptedRunner;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The exact buildah logins; the real registry login is in {@code BuildahBuildIT}. */
class TemporaryAuthFileTest {
    private static final String PASSWORD = "hunter2-Secret";

    @TempDir
    Path tmp;
    private final ScriptedRunner runner = new ScriptedRunner();
    private final BuildahCli buildah = new BuildahCli(runner, "buildah", Map.of(), Duration.ofMinutes(1),
            Duration.ofMinutes(1));

    @Test
    void logsInWithThePasswordOnStandardInputIntoAnOwnerOnlyFileRemovedOnClose() throws Exception {
        Path own = Files.writeString(tmp.resolve("own-auth.json"), "{\"auths\": {\"other:5000\": {\"auth\": \"eA==\"}}}");
        AtomicReference<String> seenBeforeLogin = new AtomicReference<>();
        runner.on(List.of("login"), command -> {
            seenBeforeLogin.set(Files.readString(Path.of(command.argv().get(3))));
            return ScriptedRunner.succeed("Login Succeeded!").answer(command);
        });

        String directory;
        String path;
        try (TemporaryAuthFile auth = TemporaryAuthFile.create(new LocalAgentFiles(tmp), buildah,
                Map.of("REGISTRY_AUTH_FILE", own.toString()), List.of(new RegistryLogin("127.0.0.1:5001", "ci", PASSWORD),
                        new RegistryLogin("registry.example.com", "ci", PASSWORD)))) {
            directory = auth.directory();
            path = auth.path();
            assertThat(Files.getPosixFilePermissions(Path.of(directory)))
                    .isEqualTo(PosixFilePermissions.fromString("rwx------"));
        }

        List<Command> logins = runner.commands();
        assertThat(logins.get(0).argv()).containsExactly("buildah", "login", "--authfile", path, "--tls-verify=false",
                "--username", "ci", "--password-stdin", "127.0.0.1:5001");
        assertThat(logins.get(1).argv()).containsExactly("buildah", "login", "--authfile", path, "--username", "ci",
                "--password-stdin", "registry.example.com");
        assertThat(logins).allSatisfy(login -> {
            assertThat(new String(login.stdin(), StandardCharsets.UTF_8)).isEqualTo(PASSWORD);
            assertThat(String.join(" ", login.argv())).doesNotContain(PASSWORD);
        });
        assertThat(seenBeforeLogin.get()).as("the user's own logins are kept").contains("other:5000");
        assertThat(Path.of(directory)).doesNotExist();
        assertThat(Path.of(directory + ".lock")).doesNotExist();
    }

    @Test
    void aRefusedLoginRemovesTheFileAndNeverShowsThePassword() throws Exception {
        AtomicReference<String> path = new AtomicReference<>();
        runner.on(List.of("login"), command -> {
            path.set(command.argv().get(3));
            return ScriptedRunner.fail(125, "Error: logging into \"127.0.0.1:5001\": invalid username/password "
                    + PASSWORD + "\nsecond line").answer(command);
        });

        RegistryLoginException failure = catchThrowableOfType(() -> TemporaryAuthFile.create(new LocalAgentFiles(tmp),
                buildah, Map.of(), List.of(new RegistryLogin("127.0.0.1:5001", "ci", PASSWORD))),
                RegistryLoginException.class);

        assertThat(failure.exitCode()).isEqualTo(3);
        assertThat(failure.getMessage()).contains("127.0.0.1:5001").contains("access denied").doesNotContain(PASSWORD);
        assertThat(Path.of(path.get()).getParent()).doesNotExist();
    }
}
