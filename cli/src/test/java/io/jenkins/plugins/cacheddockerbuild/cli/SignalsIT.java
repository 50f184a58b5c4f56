package io.jenkins.plugins.cacheddockerbuild.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.cacheddockerbuild.engine.it.BlobApp;
import io.jenkins.plugins.cacheddockerbuild.engine.it.Daemon;
import io.jenkins.plugins.cacheddockerbuild.engine.it.FaultyProxy;
import io.jenkins.plugins.cacheddockerbuild.engine.it.TestEnvironment;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * SIGINT and SIGTERM to the real command line in every phase that runs docker: while it resolves (a
 * registry that never answers), pulls and pushes (a registry crawling at 16 KB/s), and builds (a
 * {@code RUN sleep 60}). Every build logs in, so each also shows the temporary docker config going away.
 * The docker children must be gone, no temporary tag or container left, the exit code 128 + signal, and the
 * next build must work.
 */
class SignalsIT {
    private static final String PASSWORD_VARIABLE = "CDB_IT_REGISTRY_PASSWORD";
    private final TestEnvironment env = TestEnvironment.get();
    private final Daemon daemon = new Daemon(env);

    @TempDir
    Path workspace;

    @ParameterizedTest(name = "SIG{1} while it {0}s")
    @CsvSource({"build, INT", "build, TERM", "resolve, INT", "pull, TERM", "push, INT"})
    void endsDockerChildrenCleansUpAndExitsWithTheSignal(String phase, String signal) throws Exception {
        try (FaultyProxy proxy = FaultyProxy.to(phase.equals("resolve") ? env.registry() : env.authRegistry())) {
            Path app = BlobApp.create(workspace.resolve("app"), env.baseImage(), System.nanoTime());
            String nonce = UUID.randomUUID().toString();
            Files.writeString(app.resolve("Dockerfile"), "ARG NAP=0\n" + Files.readString(app.resolve("Dockerfile"))
                    + "ARG NAP\nRUN echo " + nonce + " && sleep $NAP\n");
            String path = "/it/signal-" + UUID.randomUUID().toString().substring(0, 8);
            String image = (phase.equals("pull") || phase.equals("push") ? proxy.address() : env.authRegistry()) + path;
            List<String> args = new ArrayList<>(List.of("build", "--image", image, "--username", env.authUser(),
                    "--password-env", PASSWORD_VARIABLE, "--builder", "classic", "--docker", env.classicDocker()));
            if (phase.equals("pull")) {
                assertThat(inProcessBuild(args, app)).as("cache for the pull to come").isZero();
                daemon.wipe();
            }
            if (phase.equals("resolve")) {
                proxy.mode(FaultyProxy.Mode.STALL);
                args.addAll(List.of("--cache-from", proxy.address() + "/it/stalled:main"));
            } else if (!phase.equals("build")) {
                proxy.throttle(16 * 1024);
            }
            List<String> temporaryTagsBefore = temporaryTags();
            List<String> interrupted = new ArrayList<>(args);
            interrupted.addAll(List.of("--build-arg", "NAP=" + (phase.equals("build") ? 60 : 0), "--verbose",
                    app.toString()));

            try (CliProcess cli = CliProcess.start(env, workspace.resolve("run"),
                    Map.of(PASSWORD_VARIABLE, env.authPassword()), interrupted)) {
                // during the build: once the RUN sleep runs, so the stage built before it has its temporary tag
                cli.awaitOutput(phase.equals("build") ? "| " + nonce : "==> " + phase + ":", Duration.ofMinutes(2));
                List<ProcessHandle> children = awaitDockerChild(cli, phase.equals("resolve") ? "manifest" : phase);
                cli.signal(signal);

                int exit = cli.waitFor(Duration.ofSeconds(60));

                assertThat(exit).as(cli.stderr()).isEqualTo(signal.equals("INT") ? 130 : 143);
                assertThat(cli.stderr()).contains("interrupted by SIG" + signal).doesNotContain("\tat ");
                awaitGone(children);
                assertThat(cli.leftoverDockerConfigs()).as("temporary docker config removed").isEmpty();
            }
            awaitNoContainerRunning(nonce);
            assertThat(temporaryTags()).as("temporary tags of the interrupted build").isSubsetOf(temporaryTagsBefore);

            proxy.heal();
            assertThat(inProcessBuild(args, app)).as("the next build works").isZero();
        }
    }

    /** Waits until the CLI runs a docker child for {@code subcommand}; returns every child it has then. */
    private static List<ProcessHandle> awaitDockerChild(CliProcess cli, String subcommand) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            List<ProcessHandle> children = cli.descendants();
            boolean running = children.stream().anyMatch(child -> child.info().arguments()
                    .map(arguments -> arguments.length > 0 && arguments[0].equals(subcommand)).orElse(false));
            if (running) {
                return children;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no 'docker " + subcommand + "' child appeared; stdout:\n" + cli.stdout());
    }

    private static void awaitGone(List<ProcessHandle> children) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (children.stream().anyMatch(ProcessHandle::isAlive) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(children.stream().filter(ProcessHandle::isAlive).map(child -> child.pid() + " "
                + child.info().commandLine().orElse("?"))).as("docker children still running").isEmpty();
    }

    /** The classic builder's RUN container of this build (its command holds the nonce) must be gone. */
    private void awaitNoContainerRunning(String nonce) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!containersOf(nonce).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertThat(containersOf(nonce)).as("containers of the interrupted build").isEmpty();
    }

    private List<String> containersOf(String nonce) {
        return daemon.client().listContainersCmd().withShowAll(true).exec().stream()
                .filter(container -> String.valueOf(container.getCommand()).contains(nonce))
                .map(container -> container.getId() + " " + container.getStatus()).toList();
    }

    private List<String> temporaryTags() {
        return daemon.client().listImagesCmd().exec().stream()
                .flatMap(image -> image.getRepoTags() == null ? java.util.stream.Stream.empty()
                        : java.util.stream.Stream.of(image.getRepoTags()))
                .filter(tag -> tag.startsWith("cached-docker-build-tmp:")).toList();
    }

    private int inProcessBuild(List<String> args, Path app) {
        List<String> all = new ArrayList<>(args);
        all.add(app.toString());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = Main.run(all.toArray(String[]::new), Map.of("DOCKER_HOST", env.dockerHost(), PASSWORD_VARIABLE,
                env.authPassword()), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(out, true, StandardCharsets.UTF_8));
        if (exit != 0) {
            System.err.println(out.toString(StandardCharsets.UTF_8));
        }
        return exit;
    }
}
