package io.jenkins.plugins.cacheddockerbuild.engine.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Apps for chains of builds in which each build changes one source file, in the two shapes where BuildKit's
 * inline cache used to lose, every second build, the steps it had taken from the registry (moby/buildkit#1981):
 * a slow step before the copy of the sources in one stage, and a final stage whose own step comes before a
 * copy from a changed builder stage. Each knows which steps a source change leaves untouched.
 */
public final class ChainApp {
    private final Path dir;
    private final Map<String, List<Boolean>> cachedAfterSourceChange;

    private ChainApp(Path dir, Map<String, List<Boolean>> cachedAfterSourceChange) {
        this.dir = dir;
        this.cachedAfterSourceChange = cachedAfterSourceChange;
    }

    /** {@code COPY deps.txt; RUN slow; COPY src/; RUN ...} in one stage. */
    public static ChainApp singleStage(Path dir, String baseImage) throws IOException {
        Map<String, List<Boolean>> cached = new LinkedHashMap<>();
        cached.put("stage-0", List.of(true, true, false, false));
        return write(dir, cached,
                "FROM " + baseImage,
                "COPY deps.txt /deps.txt",
                "RUN sleep 2 && cat /deps.txt > /deps.out",
                "COPY src/ /src/",
                "RUN cat /src/* > /out.txt");
    }

    /** The benchmark's shape: deps, a builder that copies the sources, a final stage with a step of its own. */
    public static ChainApp multiStage(Path dir, String baseImage) throws IOException {
        Map<String, List<Boolean>> cached = new LinkedHashMap<>();
        cached.put("deps", List.of(true, true));
        cached.put("builder", List.of(false, false));
        cached.put("stage-2", List.of(true, false));
        return write(dir, cached,
                "FROM " + baseImage + " AS deps",
                "COPY deps.txt /deps.txt",
                "RUN sleep 2 && mkdir -p /deps && cat /deps.txt > /deps/lib.txt",
                "FROM deps AS builder",
                "COPY src/ /src/",
                "RUN mkdir -p /out && cat /src/* > /out/app.txt",
                "FROM " + baseImage,
                "RUN sleep 1 && mkdir -p /app && echo x > /app/config.txt",
                "COPY --from=builder /out/ /app/");
    }

    private static ChainApp write(Path dir, Map<String, List<Boolean>> cached, String... dockerfile)
            throws IOException {
        Files.createDirectories(dir.resolve("src"));
        Files.writeString(dir.resolve("Dockerfile"), String.join("\n", dockerfile) + "\n");
        Files.writeString(dir.resolve("deps.txt"), "dependencies that never change\n");
        ChainApp app = new ChainApp(dir, cached);
        app.changeSource(0);
        return app;
    }

    /** Changes the one source file: the steps from {@code COPY src/} on are affected, nothing before. */
    public void changeSource(int version) throws IOException {
        Files.writeString(dir.resolve("src/main.txt"), "version " + version + "\n");
    }

    /** Per stage, in Dockerfile order, whether each step is served from cache after a source change. */
    public Map<String, List<Boolean>> cachedAfterSourceChange() {
        return cachedAfterSourceChange;
    }

    public Path dir() {
        return dir;
    }
}
