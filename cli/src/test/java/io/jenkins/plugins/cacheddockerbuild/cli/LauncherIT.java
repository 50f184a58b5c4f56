package io.jenkins.plugins.cacheddockerbuild.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher script {@code cli/cached-docker-build}: same output and exit codes as {@code java -jar}, with or
 * without its class-data archive, and an archive written on first use by a run that never calls docker.
 */
class LauncherIT {
    private static final Path LAUNCHER = Path.of("cached-docker-build").toAbsolutePath();
    private static final long ARCHIVE_WAIT_MILLIS = 180_000;

    @TempDir
    Path root;
    private Path dockerCalls;
    private Path fakeBin;

    /** A docker on PATH that only records that it was called. */
    @BeforeEach
    void fakeDocker() throws IOException {
        fakeBin = Files.createDirectories(root.resolve("bin"));
        dockerCalls = root.resolve("docker-calls.txt");
        Path docker = fakeBin.resolve("docker");
        Files.writeString(docker, "#!/bin/sh\necho \"$@\" >> '" + dockerCalls + "'\nexit 1\n");
        Files.setPosixFilePermissions(docker, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @Test
    void firstUseWritesAnArchiveWithoutCallingDockerAndLaterRunsMapIt() throws Exception {
        Path cache = root.resolve("xdg");
        Map<String, String> env = Map.of("XDG_CACHE_HOME", cache.toString());
        Run plain = javaJar("build", "--help");

        Run first = launcher(env, "build", "--help");
        Path archive = awaitArchive(cache.resolve("cached-docker-build"));
        Path classLog = root.resolve("classes.txt");
        Run second = launcher(Map.of("XDG_CACHE_HOME", cache.toString(),
                "CDB_JAVA_OPTS", "-Xlog:class+load=info:file=" + classLog), "build", "--help");

        assertThat(first).isEqualTo(plain);
        assertThat(second).isEqualTo(plain);
        assertThat(plain.exit()).isZero();
        assertThat(dockerCalls).doesNotExist();
        assertThat(Files.readString(classLog)).contains("picocli.CommandLine source: shared objects file")
                .contains("cli.BuildCommand source: shared objects file");
        Files.delete(archive);
        Files.writeString(archive, "half an archive");
        assertThat(launcher(env, "build", "--help")).isEqualTo(plain);
    }

    @Test
    void runsWithoutAnArchiveWhenTheCacheCannotBeWritten() throws Exception {
        Path notADirectory = Files.writeString(root.resolve("xdg-file"), "");
        Map<String, String> env = Map.of("XDG_CACHE_HOME", notADirectory.toString());

        assertThat(launcher(env, "build", "--help")).isEqualTo(javaJar("build", "--help"));
        Run usage = launcher(env);
        assertThat(usage).isEqualTo(javaJar());
        assertThat(usage.exit()).isEqualTo(2);
        Run badInput = launcher(env, "build", "--image", "app", root.resolve("missing").toString());
        assertThat(badInput.exit()).isEqualTo(2);
        assertThat(badInput.stderr()).contains("not a directory");
        assertThat(dockerCalls).doesNotExist();
    }

    private record Run(int exit, String stdout, String stderr) {
    }

    private Run launcher(Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(LAUNCHER.toString()));
        command.addAll(List.of(args));
        return run(command, env);
    }

    private Run javaJar(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", CliProcess.JAR.toAbsolutePath().toString()));
        command.addAll(List.of(args));
        return run(command, Map.of());
    }

    private Run run(List<String> command, Map<String, String> env) throws Exception {
        Path out = Files.createTempFile(root, "out", ".txt");
        Path err = Files.createTempFile(root, "err", ".txt");
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().put("CDB_JAR", CliProcess.JAR.toAbsolutePath().toString());
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().put("PATH", fakeBin + ":" + System.getenv("PATH"));
        builder.environment().remove("CDB_JAVA_OPTS");
        builder.environment().putAll(env);
        Process process = builder.start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("finished within 60 s: %s", command).isTrue();
        return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    /** Waits for the detached JVMs: an archive, and no partial files left. */
    private static Path awaitArchive(Path directory) throws Exception {
        long deadline = System.currentTimeMillis() + ARCHIVE_WAIT_MILLIS;
        while (System.currentTimeMillis() < deadline) {
            List<Path> files = Files.isDirectory(directory) ? list(directory) : List.of();
            List<Path> archives = files.stream().filter(file -> file.toString().endsWith(".jsa")).toList();
            if (archives.size() == 1 && files.size() == 1) {
                return archives.get(0);
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no complete class-data archive in " + directory + " after "
                + ARCHIVE_WAIT_MILLIS / 1000 + " s: " + (Files.isDirectory(directory) ? list(directory) : "no directory"));
    }

    private static List<Path> list(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.toList();
        }
    }
}
