package io.jenkins.plugins.cacheddockerbuild.engine.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The three-stage app of the buildah recordings: {@code deps} copies {@code deps.txt} and runs a slow step,
 * {@code builder} copies {@code app.txt} onto it, the unnamed final stage copies the result. Each slow step
 * sleeps, so a step that ran and a step that came from cache are told apart by the clock too.
 */
final class BuildahApp {
    private final Path dir;
    private int deps;
    private int source;

    private BuildahApp(Path dir) {
        this.dir = dir;
    }

    static BuildahApp create(Path dir, String baseImage, String nonce) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("Dockerfile"), String.join("\n",
                "FROM " + baseImage + " AS deps",
                "WORKDIR /deps",
                "COPY deps.txt /deps/deps.txt",
                "RUN sleep 1 && dd if=/dev/zero of=/deps/deps.bin bs=1024 count=256 && echo deps " + nonce,
                "FROM deps AS builder",
                "WORKDIR /src",
                "COPY app.txt /src/app.txt",
                "RUN sleep 1 && cat /src/app.txt /deps/deps.bin > /app.out",
                "FROM " + baseImage,
                "ENV GREETING=" + nonce,
                "COPY --from=builder /app.out /app.out",
                "RUN ls -l /app.out",
                ""));
        BuildahApp app = new BuildahApp(dir);
        app.write();
        return app;
    }

    Path dir() {
        return dir;
    }

    BuildahApp changeSource() throws IOException {
        source++;
        return write();
    }

    BuildahApp changeDependencies() throws IOException {
        deps++;
        return write();
    }

    /** Makes the builder stage's RUN fail with exit 3. */
    BuildahApp breakBuilder() throws IOException {
        Path dockerfile = dir.resolve("Dockerfile");
        Files.writeString(dockerfile, Files.readString(dockerfile).replace("RUN sleep 1 && cat /src/app.txt",
                "RUN echo about to fail && exit 3 && cat /src/app.txt"));
        return this;
    }

    /** Makes the builder stage's RUN sleep long enough to be interrupted, printing {@code marker} first. */
    BuildahApp slowBuilder(String marker) throws IOException {
        Path dockerfile = dir.resolve("Dockerfile");
        Files.writeString(dockerfile, Files.readString(dockerfile).replace("RUN sleep 1 && cat /src/app.txt",
                "RUN echo " + marker + " && sleep 120 && cat /src/app.txt"));
        return this;
    }

    private BuildahApp write() throws IOException {
        Files.writeString(dir.resolve("deps.txt"), "dependencies, revision " + deps + "\n");
        Files.writeString(dir.resolve("app.txt"), "source, revision " + source + "\n");
        return this;
    }
}
