package io.jenkins.plugins.cacheddockerbuild.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.cacheddockerbuild.engine.it.RegistryHttp;
import io.jenkins.plugins.cacheddockerbuild.engine.it.TestEnvironment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Secrets through the real command line against the htpasswd registry: the registry password (named by
 * {@code --password-env}) and a secret-looking build arg never show in any process's argument list, in the
 * output or in the report, and the temporary docker config is gone afterwards. Interrupts are in
 * {@link SignalsIT}, which checks the same after SIGINT and SIGTERM.
 */
class SecretsIT {
    private static final String PASSWORD_VARIABLE = "CDB_IT_REGISTRY_PASSWORD";
    private final TestEnvironment env = TestEnvironment.get();

    @TempDir
    Path workspace;

    @ParameterizedTest(name = "build {0}")
    @ValueSource(strings = {"succeeds", "fails"})
    void passwordAndTokenStayOutOfArgumentListsOutputAndReport(String outcome) throws Exception {
        String token = "npm-" + UUID.randomUUID();
        Path app = Files.createDirectories(workspace.resolve("app"));
        Files.writeString(app.resolve("Dockerfile"), String.join("\n",
                "FROM " + env.authBaseImage(),
                "ARG NPM_TOKEN",
                "RUN test -n \"$NPM_TOKEN\" && echo token-arrived" + (outcome.equals("fails") ? " && exit 7" : ""),
                ""));
        Path report = workspace.resolve("report.json");

        int exit;
        CliProcess cli;
        try (ArgumentListWatcher watcher = ArgumentListWatcher.watchFor(env.authPassword(), token)) {
            cli = CliProcess.start(env, workspace, Map.of(PASSWORD_VARIABLE, env.authPassword(), "NPM_TOKEN", token),
                    List.of("build", "--image", env.authRegistry() + "/it/secrets-" + UUID.randomUUID().toString()
                                    .substring(0, 8), "--username", env.authUser(), "--password-env", PASSWORD_VARIABLE,
                            "--build-arg", "NPM_TOKEN", "--builder", "classic", "--docker", env.classicDocker(),
                            "--report", report.toString(), "--verbose", app.toString()));
            exit = cli.waitFor(Duration.ofMinutes(3));
            assertThat(watcher.leaks()).as("argument lists holding a secret").isEmpty();
            // docker login is over in a blink and may fall between two sweeps; the build is not
            assertThat(watcher.dockerCommandsSeen()).as("the watcher looked while docker ran").contains("build");
        }

        assertThat(exit).as(cli.stderr()).isEqualTo(outcome.equals("fails") ? 1 : 0);
        for (String output : List.of(cli.stdout(), cli.stderr())) {
            assertThat(output).doesNotContain(env.authPassword()).doesNotContain(token).doesNotContain("\tat ");
        }
        assertThat(cli.stdout()).contains("build arg NPM_TOKEN looks like a secret").contains("BuildKit secrets")
                .contains("--secret id=npm_token");
        if (outcome.equals("succeeds")) {
            assertThat(Files.readString(report)).contains("NPM_TOKEN").doesNotContain(token)
                    .doesNotContain(env.authPassword());
        } else {
            assertThat(cli.stderr()).contains("failed at step: RUN test -n");
        }
        assertThat(cli.leftoverDockerConfigs()).as("temporary docker config removed").isEmpty();
    }

    @Test
    void buildKitSecretPassesThroughWithoutLeaking() throws Exception {
        String secret = "s3cret-" + UUID.randomUUID();
        Path secretFile = Files.writeString(workspace.resolve("npmrc"), secret);
        Path app = Files.createDirectories(workspace.resolve("app"));
        Files.writeString(app.resolve("Dockerfile"), String.join("\n",
                "FROM " + env.baseImage(),
                "RUN --mount=type=secret,id=npm echo \"secret digest $(sha256sum /run/secrets/npm | cut -c1-16)\" "
                        + "> /secret-digest && cat /secret-digest",
                ""));
        String image = env.registry() + "/it/buildkit-secret-" + UUID.randomUUID().toString().substring(0, 8);

        CliProcess cli;
        try (ArgumentListWatcher watcher = ArgumentListWatcher.watchFor(secret)) {
            cli = CliProcess.start(env, workspace, Map.of(), List.of("build", "--image", image, "--builder",
                    "buildkit", "--docker", env.buildKitDocker(), "--secret", "id=npm,src=" + secretFile,
                    "--verbose", app.toString()));
            assertThat(cli.waitFor(Duration.ofMinutes(3))).as(cli.stderr()).isZero();
            assertThat(watcher.leaks()).isEmpty();
        }

        assertThat(cli.stdout()).as("the RUN step read the secret").contains("secret digest " + sha256(secret)
                .substring(0, 16)).doesNotContain(secret);
        assertThat(new RegistryHttp().config(image + ":main")).as("image config and history").doesNotContain(secret);
    }

    private static String sha256(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    }
}
