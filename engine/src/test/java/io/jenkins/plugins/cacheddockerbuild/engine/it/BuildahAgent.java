package io.jenkins.plugins.cacheddockerbuild.engine.it;

import io.jenkins.plugins.cacheddockerbuild.engine.api.BuildRequest;
import io.jenkins.plugins.cacheddockerbuild.engine.api.BuilderKind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A buildah agent with a storage root of its own below the test environment's {@code CDB_BUILDAH_STORAGE}:
 * buildah finds it through {@code CONTAINERS_STORAGE_CONF}, as on an agent. {@link #wipe()} empties it (a
 * fresh agent); {@link #close()} removes it, unmounting what buildah left mounted.
 */
final class BuildahAgent implements AutoCloseable {
    private final TestEnvironment env;
    private final Path root;
    private final Path storageConf;

    BuildahAgent(TestEnvironment env) throws IOException {
        this.env = env;
        Path base = Path.of(env.buildahStorage());
        if (!Files.isDirectory(base)) {
            throw new IllegalStateException("no buildah storage base " + base + "; restart scripts/test-env.sh");
        }
        this.root = Files.createTempDirectory(base, "it-");
        this.storageConf = root.resolve("storage.conf");
        Files.writeString(storageConf, "[storage]\ndriver = \"overlay\"\ngraphroot = \"" + root.resolve("graph")
                + "\"\nrunroot = \"" + root.resolve("run") + "\"\n");
    }

    /** A request preset for this agent's buildah. */
    BuildRequest.Builder request(String image, Path context) {
        return BuildRequest.builder(image, context.toString())
                .builderKind(BuilderKind.BUILDAH)
                .buildahExecutable(env.buildah())
                .dockerEnv("CONTAINERS_STORAGE_CONF", storageConf.toString());
    }

    /** Runs buildah on this agent's storage; returns its standard output. */
    String buildah(String... args) throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>(List.of(env.buildah()));
        argv.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(argv).redirectErrorStream(true);
        builder.environment().put("CONTAINERS_STORAGE_CONF", storageConf.toString());
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException("buildah " + String.join(" ", args) + " did not finish");
        }
        return out;
    }

    /** The working containers buildah keeps on this agent (a failed or killed RUN leaves one). */
    List<String> workingContainers() throws IOException, InterruptedException {
        return buildah("containers", "--quiet").lines().filter(line -> !line.isBlank()).toList();
    }

    /** A fresh agent: no image, no layer, no working container. */
    void wipe() throws IOException, InterruptedException {
        if (Files.isDirectory(root.resolve("graph"))) {
            buildah("rm", "--all");
        }
        unmountBelow(root);
        deleteBelow(root.resolve("graph"));
        deleteBelow(root.resolve("run"));
    }

    @Override
    public void close() throws IOException, InterruptedException {
        wipe();
        deleteBelow(root);
    }

    private static void unmountBelow(Path dir) throws IOException, InterruptedException {
        List<String> mounts = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
            String point = line.split(" ")[4];
            if (point.equals(dir.toString()) || point.startsWith(dir + "/")) {
                mounts.add(point);
            }
        }
        mounts.sort(Comparator.comparingInt(String::length).reversed());
        for (String point : mounts) {
            new ProcessBuilder("umount", point).inheritIO().start().waitFor(30, TimeUnit.SECONDS);
        }
    }

    private static void deleteBelow(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
