package io.jenkins.plugins.cacheddockerbuild.cli;

import io.jenkins.plugins.cacheddockerbuild.engine.CachedDockerBuild;
import io.jenkins.plugins.cacheddockerbuild.engine.local.LocalAgentFiles;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;

/**
 * {@code cached-docker-build train-class-data} (hidden): the run the launcher records the loaded classes of, to
 * build its class-data archive from. It goes through the same command line and engine code as a real build —
 * the usage, then a BuildKit and a classic build of a small multi-stage Dockerfile with reports and history — but
 * against {@link SimulatedDocker}, so it touches no docker, no registry and no network, prints nothing, and
 * leaves nothing behind. Exit 0 when both builds came through, else 1.
 */
@Command(name = "train-class-data", hidden = true,
        description = "Internal: a build against a simulated docker, for the launcher's class-data archive.")
final class ClassDataTraining implements Callable<Integer> {
    static final String DOCKERFILE = """
            ARG BASE=busybox:1
            FROM ${BASE} AS deps
            RUN echo deps > /deps.txt
            FROM deps AS builder
            WORKDIR /src
            COPY app.txt /src/
            RUN cat /deps.txt /src/app.txt > /src/built.txt
            FROM ${BASE}
            COPY --from=builder /src/built.txt /app/
            CMD ["cat", "/app/built.txt"]
            """;
    private static final String IMAGE = "registry.invalid/class-data/training";
    private final Map<String, String> env;
    private final PrintStream err;

    ClassDataTraining(Map<String, String> env, PrintStream err) {
        this.env = env;
        this.err = err;
    }

    @Override
    public Integer call() throws IOException {
        Path root = Files.createTempDirectory("cached-docker-build-training-");
        try {
            Path context = Files.createDirectories(root.resolve("context"));
            Files.writeString(context.resolve("Dockerfile"), DOCKERFILE, StandardCharsets.UTF_8);
            Files.writeString(context.resolve("app.txt"), "app\n", StandardCharsets.UTF_8);
            PrintStream quiet = new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
            SimulatedDocker docker = new SimulatedDocker(ProcessHandle.current().info().command().orElse("java"), IMAGE);
            run(List.of("build", "--help"), docker, quiet);
            int exit = 0;
            for (String builder : List.of("buildkit", "classic")) {
                exit |= run(List.of("build", "--image", IMAGE, "--branch", "main", "--fallback", "develop",
                        "--builder", builder, "--build-arg", "VERSION=1", "--label", "training=yes",
                        "--report", root.resolve("report.json").toString(), "--html", root.resolve("report.html").toString(),
                        "--history", root.resolve("history").toString(), context.toString()), docker, quiet);
            }
            if (exit != 0) {
                err.println("train-class-data: the simulated build failed (exit " + exit + ")");
                return 1;
            }
            return 0;
        } finally {
            delete(root);
        }
    }

    private int run(List<String> args, SimulatedDocker docker, PrintStream quiet) {
        return Main.run(args.toArray(String[]::new), env, quiet, quiet,
                listener -> CachedDockerBuild.create(docker, new LocalAgentFiles(), listener));
    }

    private static void delete(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
