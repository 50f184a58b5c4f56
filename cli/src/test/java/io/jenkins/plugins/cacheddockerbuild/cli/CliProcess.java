package io.jenkins.plugins.cacheddockerbuild.cli;

import io.jenkins.plugins.cacheddockerbuild.engine.it.TestEnvironment;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The real command line: the shaded jar run with {@code java -jar} as a child process, with its own
 * {@code java.io.tmpdir} (so its temporary docker config can be looked for) and output kept in files.
 *
 * <p>The child is started through {@code env --default-signal=INT,TERM}: a JVM started with SIGINT ignored
 * (as every background job of a non-interactive shell is) keeps ignoring it, and the test runner may have
 * been started that way.
 */
final class CliProcess implements AutoCloseable {
    static final Path JAR = Path.of("target", "cached-docker-build.jar");
    private final Process process;
    private final Path stdout;
    private final Path stderr;
    private final Path tmpDir;

    private CliProcess(Process process, Path stdout, Path stderr, Path tmpDir) {
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
        this.tmpDir = tmpDir;
    }

    /**
     * Starts {@code cached-docker-build ARGS} against the test daemon.
     *
     * @param dir where the child's output files and its temporary directory go
     * @param env extra environment (e.g. the variable {@code --password-env} names)
     */
    static CliProcess start(TestEnvironment testEnv, Path dir, Map<String, String> env, List<String> args)
            throws IOException {
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException(JAR.toAbsolutePath() + " is missing: the cli ITs run the shaded jar built "
                    + "in the package phase (run them with 'mvn verify')");
        }
        Path tmp = Files.createDirectories(dir.resolve("java-tmp"));
        List<String> command = new ArrayList<>(List.of("env", "--default-signal=INT,TERM",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.io.tmpdir=" + tmp, "-jar", JAR.toAbsolutePath().toString()));
        command.addAll(args);
        Path out = dir.resolve("stdout.txt");
        Path err = dir.resolve("stderr.txt");
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().put("DOCKER_HOST", testEnv.dockerHost());
        builder.environment().putAll(env);
        return new CliProcess(builder.start(), out, err, tmp);
    }

    long pid() {
        return process.pid();
    }

    /** Waits for the exit and returns the exit code; fails if it takes longer than {@code timeout}. */
    int waitFor(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("cached-docker-build did not finish within " + timeout + "; stdout:\n" + stdout()
                    + "\nstderr:\n" + stderr());
        }
        return process.exitValue();
    }

    /** Waits until standard output contains {@code text}, e.g. a phase header. */
    void awaitOutput(String text, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!stdout().contains(text)) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new AssertionError("never printed '" + text + "' (alive: " + process.isAlive() + "); stdout:\n"
                        + stdout() + "\nstderr:\n" + stderr());
            }
            Thread.sleep(50);
        }
    }

    /** Sends a signal by name ({@code INT}, {@code TERM}, {@code KILL}) to the JVM only, not its children. */
    void signal(String name) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new IOException("kill -" + name + " " + process.pid() + " failed");
        }
    }

    /** The child's descendants right now (docker and its plugins), with their command lines. */
    List<ProcessHandle> descendants() {
        return process.descendants().toList();
    }

    String stdout() {
        return read(stdout);
    }

    String stderr() {
        return read(stderr);
    }

    /** Temporary docker config directories left in the child's {@code java.io.tmpdir}. */
    List<Path> leftoverDockerConfigs() throws IOException {
        try (Stream<Path> files = Files.list(tmpDir)) {
            return files.filter(path -> path.getFileName().toString().startsWith("cached-docker-build-config-")).toList();
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "<" + e + ">";
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }
}
