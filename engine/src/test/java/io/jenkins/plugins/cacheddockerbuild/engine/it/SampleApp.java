package io.jenkins.plugins.cacheddockerbuild.engine.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A small multi-stage app made from the local base image: a dependency stage with a slow step and a
 * few hundred KB of output, a builder stage that copies the sources, and a slim final stage.
 */
public final class SampleApp {
    /** Seconds the dependency step sleeps: a run of it is visible in the stage time. */
    public static final int SLOW_STEP_SECONDS = 4;
    /** What the slow step prints when it runs; its instruction text reads differently, so only a run shows it. */
    public static final String SLOW_STEP_MARKER = "SLOW-STEP-RAN";
    private static final String SLOW_STEP_MARKER_SOURCE = "SLOW-STEP-\"\"RAN";
    private final Path dir;

    private SampleApp(Path dir) {
        this.dir = dir;
    }

    public static SampleApp multiStage(Path dir, String baseImage) throws IOException {
        Files.createDirectories(dir.resolve("src"));
        Files.writeString(dir.resolve("Dockerfile"), String.join("\n",
                "FROM " + baseImage + " AS deps",
                "RUN mkdir -p /deps && sleep " + SLOW_STEP_SECONDS
                        + " && dd if=/dev/urandom of=/deps/blob bs=1024 count=512 2>/dev/null && echo deps > /deps/done && echo " + SLOW_STEP_MARKER_SOURCE + "",
                "RUN echo second-deps-step > /deps/second",
                "",
                "FROM deps AS builder",
                "WORKDIR /build",
                "COPY src/ /build/src/",
                "RUN cat /build/src/* > /build/app.txt",
                "",
                "FROM " + baseImage,
                "COPY --from=builder /build/app.txt /app.txt",
                "CMD [\"cat\", \"/app.txt\"]",
                ""));
        SampleApp app = new SampleApp(dir);
        app.changeSource("version 1");
        return app;
    }

    /** A source-only change: invalidates the builder's COPY and everything after it, nothing before. */
    public void changeSource(String content) throws IOException {
        Files.writeString(dir.resolve("src/main.txt"), content + "\n");
    }

    public Path dir() {
        return dir;
    }
}
