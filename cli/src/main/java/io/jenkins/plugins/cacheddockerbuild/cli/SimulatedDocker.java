package io.jenkins.plugins.cacheddockerbuild.cli;

import io.jenkins.plugins.cacheddockerbuild.engine.api.Command;
import io.jenkins.plugins.cacheddockerbuild.engine.api.CommandResult;
import io.jenkins.plugins.cacheddockerbuild.engine.api.CommandRunner;
import io.jenkins.plugins.cacheddockerbuild.engine.local.ProcessCommandRunner;
import java.io.IOException;
import java.time.Duration;
import java.util.List;

/**
 * A docker that answers from memory, the way docker 24 with BuildKit would, for {@link ClassDataTraining}: the
 * engine runs its whole real path (probe, resolve, build, output parsing, tag, push) and never reaches a daemon or
 * a registry. The one real child process it starts is this JVM's own {@code java -version}, so that the classes
 * that start processes and read their output are loaded too.
 */
final class SimulatedDocker implements CommandRunner {
    private static final String DIGEST = "sha256:" + "5e".repeat(32);
    private static final String MANIFEST = "{\"schemaVersion\": 2, \"config\": {\"digest\": \"" + DIGEST
            + "\"}, \"layers\": [{\"digest\": \"" + DIGEST + "\", \"size\": 1024}]}";
    private final String java;
    private final String repository;
    private boolean spawned;

    /**
     * @param java the java executable to run once with {@code -version}
     * @param repository the image repository the builds push to, named in the images' repo digests
     */
    SimulatedDocker(String java, String repository) {
        this.java = java;
        this.repository = repository;
    }

    @Override
    public CommandResult run(Command command) throws IOException, InterruptedException {
        List<String> args = command.argv().subList(1, command.argv().size());
        String first = args.isEmpty() ? "" : args.get(0);
        CommandResult result = switch (first) {
            case "version" -> versionOnce();
            case "buildx" -> ok("github.com/docker/buildx v0.11.2 9872040\n");
            case "manifest" -> args.get(args.size() - 1).endsWith("--deps") ? ok(MANIFEST)
                    : new CommandResult(1, "", "no such manifest: " + args.get(args.size() - 1) + "\n");
            case "build" -> ok(buildOutput(command, args));
            case "image" -> ok(args.contains("{{.Id}}") ? DIGEST + "\n" : "[\"" + repository + "@" + DIGEST + "\"]\n");
            case "push" -> ok("abc123: Pushed\nmain: digest: " + DIGEST + " size: 527\n");
            case "pull" -> ok("Status: Downloaded newer image for " + args.get(args.size() - 1) + "\n");
            default -> ok("");
        };
        if (command.lineSink() != null) {
            result.stdout().lines().forEach(command.lineSink());
        }
        return result;
    }

    private synchronized CommandResult versionOnce() throws IOException, InterruptedException {
        if (!spawned) {
            spawned = true;
            new ProcessCommandRunner().run(Command.of(java, "-version").withTimeout(Duration.ofSeconds(30))
                    .withLineSink(line -> { }));
        }
        return ok("24.0.7|24.0.7|1.43\n");
    }

    private static String buildOutput(Command command, List<String> args) {
        int target = args.indexOf("--target");
        String stage = target >= 0 && target + 1 < args.size() ? args.get(target + 1) : "";
        if ("0".equals(command.env().get("DOCKER_BUILDKIT"))) {
            return stage.equals("deps") ? ClassicOutput.DEPS : stage.equals("builder") ? ClassicOutput.BUILDER
                    : ClassicOutput.ALL;
        }
        return stage.equals("deps") ? BuildKitOutput.DEPS : BuildKitOutput.ALL;
    }

    private static CommandResult ok(String stdout) {
        return new CommandResult(0, stdout, "");
    }

    /** BuildKit's plain progress for {@link ClassDataTraining#DOCKERFILE}, one stage and all of them. */
    private static final class BuildKitOutput {
        static final String DEPS = """
                #1 [internal] load build definition from Dockerfile
                #1 transferring dockerfile: 420B done
                #1 DONE 0.0s
                #2 [internal] load metadata for docker.io/library/busybox:1
                #2 DONE 0.1s
                #3 importing cache manifest from registry.invalid/class-data/training:main--deps
                #3 DONE 0.0s
                #4 [deps 1/2] FROM docker.io/library/busybox:1@sha256:5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e
                #4 resolve docker.io/library/busybox:1@sha256:5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e done
                #4 DONE 0.0s
                #5 [deps 2/2] RUN echo deps > /deps.txt
                #5 CACHED
                #6 exporting to image
                #6 exporting layers done
                #6 writing image sha256:5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e done
                #6 DONE 0.0s
                """;
        static final String ALL = DEPS.replace("#6 exporting to image\n#6 exporting layers done\n"
                + "#6 writing image sha256:" + "5e".repeat(32) + " done\n#6 DONE 0.0s\n", "") + """
                #7 [internal] load build context
                #7 transferring context: 64B done
                #7 DONE 0.0s
                #8 [builder 2/4] WORKDIR /src
                #8 CACHED
                #9 [builder 3/4] COPY app.txt /src/
                #9 DONE 0.0s
                #10 [builder 4/4] RUN cat /deps.txt /src/app.txt > /src/built.txt
                #10 0.214 built
                #10 DONE 0.3s
                #11 [stage-2 2/2] COPY --from=builder /src/built.txt /app/
                #11 DONE 0.0s
                #12 exporting to image
                #12 exporting layers 0.0s done
                #12 writing image sha256:5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e done
                #12 naming to docker.io/library/cached-docker-build-tmp:training done
                #12 DONE 0.0s
                """;
    }

    /** The classic builder's output for {@link ClassDataTraining#DOCKERFILE}, up to each stage. */
    private static final class ClassicOutput {
        static final String DEPS = """
                Sending build context to Docker daemon  3.072kB
                Step 1/3 : ARG BASE=busybox:1
                Step 2/3 : FROM ${BASE} AS deps
                 ---> c859f6247eab
                Step 3/3 : RUN echo deps > /deps.txt
                 ---> Using cache
                 ---> ec65b4574530
                Successfully built ec65b4574530
                """;
        static final String BUILDER = DEPS.replace("Successfully built ec65b4574530\n", "").replace("/3 :", "/7 :") + """
                Step 4/7 : FROM deps AS builder
                 ---> ec65b4574530
                Step 5/7 : WORKDIR /src
                 ---> Using cache
                 ---> 6d7dd220e09f
                Step 6/7 : COPY app.txt /src/
                 ---> 0ee3363b6747
                Step 7/7 : RUN cat /deps.txt /src/app.txt > /src/built.txt
                 ---> Running in 0ac3a0cd3541
                Removing intermediate container 0ac3a0cd3541
                 ---> 54829c64b765
                Successfully built 54829c64b765
                """;
        static final String ALL = BUILDER.replace("Successfully built 54829c64b765\n", "").replace("/7 :", "/10 :") + """
                Step 8/10 : FROM ${BASE}
                 ---> c859f6247eab
                Step 9/10 : COPY --from=builder /src/built.txt /app/
                 ---> 1a2b3c4d5e6f
                Step 10/10 : CMD ["cat", "/app/built.txt"]
                 ---> Running in 7a7a7a7a7a7a
                Removing intermediate container 7a7a7a7a7a7a
                 ---> 8b8b8b8b8b8b
                Successfully built 8b8b8b8b8b8b
                """;
    }
}
