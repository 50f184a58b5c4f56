package io.jenkins.plugins.cacheddockerbuild.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.cacheddockerbuild.engine.it.BlobApp;
import io.jenkins.plugins.cacheddockerbuild.engine.it.Daemon;
import io.jenkins.plugins.cacheddockerbuild.engine.it.TestEnvironment;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} of the command line while {@code docker save} writes the new archive of a branch: the
 * previous archive must stay whole and loadable, and the next build must use it.
 */
class CacheDirectoryCrashIT {
    private static final int BIG_LAYER_BYTES = 24 * 1024 * 1024;
    private final TestEnvironment env = TestEnvironment.get();
    private final Daemon daemon = new Daemon(env);
    private final List<String> temporaryTagsBefore = daemon.client().listImagesCmd().exec().stream()
            .flatMap(image -> image.getRepoTags() == null ? Stream.empty() : Stream.of(image.getRepoTags())).toList();

    @TempDir
    Path workspace;

    @Test
    void killMinusNineDuringSaveLeavesThePreviousArchiveWhole() throws Exception {
        Path cacheDir = workspace.resolve("cache");
        Path app = BlobApp.create(workspace.resolve("app"), env.baseImage(), 91);
        List<String> args = List.of("build", "--image", env.registry() + "/it/crash-" + UUID.randomUUID().toString()
                .substring(0, 8), "--no-push", "--cache-dir", cacheDir.toString(), "--builder", "classic",
                "--docker", env.classicDocker(), app.toString());
        assertThat(inProcessBuild(args)).isZero();
        Path archive = onlyArchive(cacheDir);
        String before = sha256(archive);
        // a big new layer, so that the next save takes long enough to be caught in the middle
        byte[] big = new byte[BIG_LAYER_BYTES];
        new Random(92).nextBytes(big);
        Files.write(app.resolve("big"), big);
        Files.writeString(app.resolve("Dockerfile"), Files.readString(app.resolve("Dockerfile")) + "COPY big /big\n");

        Path partial;
        try (CliProcess cli = CliProcess.start(env, workspace.resolve("run"), Map.of(), args)) {
            ProcessHandle save = awaitDockerSave(cli);
            partial = awaitPartialArchive(cacheDir, save);
            stop(save, "STOP");
            cli.signal("KILL");
            assertThat(cli.waitFor(Duration.ofSeconds(30))).isEqualTo(137);
            stop(save, "KILL");
            save.onExit().get(10, TimeUnit.SECONDS);
        }

        assertThat(sha256(archive)).as("the previous archive is untouched").isEqualTo(before);
        assertThat(dockerLoads(archive)).isTrue();
        // what the killed save left behind is removed by the next writer once it is an hour old
        assertThat(partial).exists();
        Files.setLastModifiedTime(partial, FileTime.from(Instant.now().minus(Duration.ofHours(2))));
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        assertThat(inProcessBuild(args, output)).isZero();
        assertThat(output.toString(StandardCharsets.UTF_8)).contains("loaded ").contains("cache image(s) from " + archive)
                .doesNotContain("WARNING");
        assertThat(partial).doesNotExist();
        assertThat(sha256(archive)).as("the next build saved its own archive").isNotEqualTo(before);
    }

    /** kill -9 leaves the killed run's temporary tags (names only) on the daemon; remove them for the tests after. */
    @AfterEach
    void removeTemporaryTagsOfTheKilledRun() {
        daemon.client().listImagesCmd().exec().stream()
                .flatMap(image -> image.getRepoTags() == null ? Stream.empty() : Stream.of(image.getRepoTags()))
                .filter(tag -> tag.startsWith("cached-docker-build-tmp:") && !temporaryTagsBefore.contains(tag))
                .forEach(tag -> daemon.client().removeImageCmd(tag).withNoPrune(true).exec());
    }

    private static ProcessHandle awaitDockerSave(CliProcess cli) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (System.nanoTime() < deadline) {
            Optional<ProcessHandle> save = cli.descendants().stream().filter(child -> child.info().arguments()
                    .map(arguments -> arguments.length > 0 && arguments[0].equals("save")).orElse(false)).findFirst();
            if (save.isPresent()) {
                return save.get();
            }
            Thread.sleep(2);
        }
        throw new AssertionError("no 'docker save' child appeared; stdout:\n" + cli.stdout() + "\nstderr:\n" + cli.stderr());
    }

    /**
     * Waits until the save has written part of the new archive: docker writes it to a temporary file beside
     * the output and renames it at the end. Fails if the save finished before that was seen.
     */
    private static Path awaitPartialArchive(Path cacheDir, ProcessHandle save) throws Exception {
        while (save.isAlive()) {
            try (Stream<Path> files = Files.list(cacheDir)) {
                Optional<Path> partial = files.filter(file -> isDockerTemporaryFile(file) && size(file) > 0).findFirst();
                if (partial.isPresent()) {
                    return partial.get();
                }
            }
            Thread.sleep(2);
        }
        throw new AssertionError("docker save finished before it could be caught in the middle");
    }

    // docker 20 writes .docker_temp_*, docker 28 .tmp-<output name><random>
    private static boolean isDockerTemporaryFile(Path file) {
        String name = file.getFileName().toString();
        return name.startsWith(".docker_temp_") || name.startsWith(".tmp-");
    }

    private static void stop(ProcessHandle process, String signal) throws Exception {
        new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).inheritIO().start().waitFor();
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (java.io.IOException gone) {
            return 0;
        }
    }

    private static Path onlyArchive(Path cacheDir) throws Exception {
        try (Stream<Path> files = Files.list(cacheDir)) {
            List<Path> archives = files.filter(file -> file.toString().endsWith(".tar")).toList();
            assertThat(archives).hasSize(1);
            return archives.get(0);
        }
    }

    private boolean dockerLoads(Path archive) throws Exception {
        ProcessBuilder load = new ProcessBuilder(env.classicDocker(), "load", "--input", archive.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        load.environment().put("DOCKER_HOST", env.dockerHost());
        Process process = load.start();
        return process.waitFor(2, TimeUnit.MINUTES) && process.exitValue() == 0;
    }

    private int inProcessBuild(List<String> args) {
        return inProcessBuild(args, new ByteArrayOutputStream());
    }

    private int inProcessBuild(List<String> args, ByteArrayOutputStream output) {
        PrintStream print = new PrintStream(output, true, StandardCharsets.UTF_8);
        return Main.run(new ArrayList<>(args).toArray(String[]::new), Map.of("DOCKER_HOST", env.dockerHost()), print,
                print);
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }
}
