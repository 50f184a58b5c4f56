package io.jenkins.plugins.cacheddockerbuild.engine.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.cacheddockerbuild.engine.api.BuilderKind;
import io.jenkins.plugins.cacheddockerbuild.engine.api.CommandResult;
import io.jenkins.plugins.cacheddockerbuild.engine.api.RegistryLogin;
import io.jenkins.plugins.cacheddockerbuild.engine.docker.ManifestHttp;
import io.jenkins.plugins.cacheddockerbuild.engine.docker.RegistryFailure;
import io.jenkins.plugins.cacheddockerbuild.engine.docker.TransferOutput;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine's own manifest lookup against the real registries, side by side with {@code docker manifest inspect
 * --insecure --verbose} (the 20.10 client for docker's v2 manifests, the Docker 26 client for the OCI index its
 * containerd store pushes): what the engine reads from the answer (descriptor digest, image id, layer sizes, the
 * failure's meaning) is the same; what it cannot be sure of is left to docker ({@code null}).
 */
class ManifestHttpIT {
    private final TestEnvironment env = TestEnvironment.get();
    private final ManifestHttp anonymous = new ManifestHttp(List.of(), Map.of());

    @TempDir
    Path workspace;

    @Test
    void imageManifestReadsAsDockersAnswer() throws Exception {
        String ref = env.baseImage();

        assertSameReading(anonymous.descriptor(ref), docker(DockerEngine.DOCKER20, "manifest", "inspect", "--insecure",
                "--verbose", ref), true);
    }

    @Test
    void ociIndexOfTheContainerdStoreReadsAsDockersAnswer() throws Exception {
        String ref = env.registry() + "/it/manifest-http-" + UUID.randomUUID().toString().substring(0, 8) + ":index";
        // built there (a pulled image keeps its manifest): the push is an index of the image and its attestation
        Files.writeString(workspace.resolve("Dockerfile"), "FROM " + env.baseImage() + "\nRUN echo " + ref + " > /ref\n");
        CommandResult built = docker(DockerEngine.DOCKER26_CONTAINERD, "build", "-t", ref, workspace.toString());
        assertThat(built.succeeded()).as(built.stderr()).isTrue();
        assertThat(docker(DockerEngine.DOCKER26_CONTAINERD, "push", ref).succeeded()).isTrue();
        CommandResult cli = docker(DockerEngine.DOCKER26_CONTAINERD, "manifest", "inspect", "--insecure", "--verbose", ref);

        CommandResult quick = anonymous.descriptor(ref);

        assertThat(cli.stdout()).startsWith("[");
        assertSameReading(quick, cli, false);
        assertThat(TransferOutput.layerSizes(quick.stdout())).isNotEmpty();
    }

    @Test
    void missingTagAndMissingRepositoryAreMissingAsWithDocker() throws Exception {
        String repository = env.registry() + "/it/manifest-http-none-" + UUID.randomUUID().toString().substring(0, 8);
        String missingTag = env.baseImage().replace(":1", ":no-such-tag");

        for (String ref : List.of(repository + ":main", missingTag)) {
            CommandResult quick = anonymous.descriptor(ref);
            CommandResult cli = docker(DockerEngine.DOCKER20, "manifest", "inspect", "--insecure", "--verbose", ref);

            assertThat(quick).as(ref).isNotNull();
            assertThat(quick.succeeded()).isFalse();
            assertThat(cli.succeeded()).isFalse();
            assertThat(RegistryFailure.classify(quick.errorLine(), ref)).isEqualTo(RegistryFailure.MISSING)
                    .isEqualTo(RegistryFailure.classify(cli.errorLine(), ref));
        }
    }

    @Test
    void passwordProtectedRegistryIsReadWithTheEnginesLoginAndLeftToDockerWithout() throws Exception {
        ManifestHttp loggedIn = new ManifestHttp(List.of(new RegistryLogin(env.authRegistry(), env.authUser(),
                env.authPassword())), Map.of());
        ManifestHttp wrongPassword = new ManifestHttp(List.of(new RegistryLogin(env.authRegistry(), env.authUser(),
                "wrong-" + env.authPassword())), Map.of());

        CommandResult quick = loggedIn.descriptor(env.authBaseImage());

        assertThat(quick).isNotNull();
        assertThat(quick.succeeded()).isTrue();
        assertThat(TransferOutput.configDigest(quick.stdout()))
                .isEqualTo(TransferOutput.configDigest(anonymous.descriptor(env.baseImage()).stdout()));
        assertThat(quick.stdout()).doesNotContain(env.authPassword());
        assertThat(anonymous.descriptor(env.authBaseImage())).isNull();
        assertThat(wrongPassword.descriptor(env.authBaseImage())).isNull();
    }

    @Test
    void closedPortAndProxiedEnvironmentAreLeftToDocker() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }

        assertThat(anonymous.descriptor("127.0.0.1:" + closed + "/it/app:main")).isNull();
        assertThat(new ManifestHttp(List.of(), Map.of("HTTPS_PROXY", "http://127.0.0.1:" + closed))
                .descriptor(env.baseImage())).isNull();
        assertThat(anonymous.descriptor("busybox:1")).as("Docker Hub").isNull();
    }

    @Test
    void stalledRegistryIsLeftToDockerAfterOneTimeout() throws Exception {
        try (FaultyProxy proxy = FaultyProxy.to(env.registry())) {
            proxy.mode(FaultyProxy.Mode.STALL);
            String ref = proxy.address() + "/base/busybox:1";

            long first = System.nanoTime();
            assertThat(anonymous.descriptor(ref)).isNull();
            Duration timedOut = Duration.ofNanos(System.nanoTime() - first);
            long second = System.nanoTime();
            assertThat(anonymous.descriptor(ref)).isNull();
            Duration remembered = Duration.ofNanos(System.nanoTime() - second);

            assertThat(timedOut).isBetween(Duration.ofSeconds(4), Duration.ofSeconds(20));
            assertThat(remembered).as("no second wait for the same registry").isLessThan(Duration.ofSeconds(2));
        }
    }

    private static void assertSameReading(CommandResult quick, CommandResult cli, boolean hasDescriptorDigest) {
        assertThat(cli.succeeded()).as(cli.stderr()).isTrue();
        assertThat(quick).isNotNull();
        assertThat(quick.succeeded()).isTrue();
        assertThat(TransferOutput.descriptorDigest(quick.stdout())).isEqualTo(TransferOutput.descriptorDigest(cli.stdout()));
        assertThat(TransferOutput.descriptorDigest(quick.stdout()) != null).isEqualTo(hasDescriptorDigest);
        assertThat(TransferOutput.configDigest(quick.stdout())).isEqualTo(TransferOutput.configDigest(cli.stdout()));
        assertThat(TransferOutput.layerSizes(quick.stdout())).isEqualTo(TransferOutput.layerSizes(cli.stdout()));
        assertThat(TransferOutput.platformManifest(quick.stdout())).isEqualTo(TransferOutput.platformManifest(cli.stdout()));
    }

    private CommandResult docker(DockerEngine engine, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(engine.client(env, BuilderKind.BUILDKIT));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(engine.dockerEnv(env));
        Process process = builder.start();
        process.getOutputStream().close();
        String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException("docker " + String.join(" ", args) + " did not end");
        }
        return new CommandResult(process.exitValue(), stdout, stderr);
    }
}
