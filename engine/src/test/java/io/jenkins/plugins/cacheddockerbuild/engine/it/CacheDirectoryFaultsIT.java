package io.jenkins.plugins.cacheddockerbuild.engine.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.cacheddockerbuild.engine.api.BuildReport;
import io.jenkins.plugins.cacheddockerbuild.engine.api.BuilderKind;
import io.jenkins.plugins.cacheddockerbuild.engine.cachedir.CacheDirectory;
import io.jenkins.plugins.cacheddockerbuild.engine.local.LocalAgentFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The shared cache directory under stress: a corrupt archive is a warning and a build without it, and two
 * builds saving the same branch at once leave one whole archive (a lock and an atomic rename), never a
 * mix or a half. A writer killed mid-save is covered by the command line's {@code CacheDirectoryCrashIT}.
 */
class CacheDirectoryFaultsIT {
    private final TestEnvironment env = TestEnvironment.get();
    private final Daemon daemon = new Daemon(env);

    @TempDir
    Path workspace;

    @TempDir
    Path cacheDir;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"garbage", "truncated"})
    void corruptArchiveIsAWarningAndABuildWithoutIt(String corruption) throws Exception {
        Path app = BlobApp.create(workspace, env.baseImage(), 71);
        String image = EngineRun.uniqueRepository(env, "corrupt");
        Path archive = Path.of(new CacheDirectory(new LocalAgentFiles(), cacheDir.toString(), Long.MAX_VALUE)
                .archive(image, "main"));
        EngineRun engine = new EngineRun(env);
        if (corruption.equals("garbage")) {
            byte[] garbage = new byte[64 * 1024];
            new Random(7).nextBytes(garbage);
            Files.write(archive, garbage);
        } else {
            engine.build(request(engine, image, app));
            byte[] whole = Files.readAllBytes(archive);
            Files.write(archive, java.util.Arrays.copyOf(whole, whole.length / 2));
        }
        assertThat(loads(archive)).as("docker refuses the corrupt archive").isFalse();

        BuildReport report = engine.build(request(engine, image, app));

        assertThat(report.warnings()).singleElement().satisfies(warning -> assertThat(warning)
                .contains("cache archive " + archive).contains("could not be loaded").contains("building without it"));
        assertThat(report.stages()).allSatisfy(stage -> assertThat(stage.cacheSource()).isNull());
        assertThat(loads(archive)).as("the build saved a whole archive in its place").isTrue();
    }

    @Test
    void twoBuildsSavingTheSameBranchAtOnceLeaveOneWholeArchive() throws Exception {
        String image = EngineRun.uniqueRepository(env, "two-writers");
        CyclicBarrier start = new CyclicBarrier(2);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<BuildReport>> builds = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                Path app = BlobApp.create(workspace.resolve("app" + i), env.baseImage(), 80 + i);
                EngineRun engine = new EngineRun(env);
                builds.add(pool.submit(() -> {
                    start.await(30, TimeUnit.SECONDS);
                    return engine.build(request(engine, image, app));
                }));
            }
            for (Future<BuildReport> build : builds) {
                assertThat(build.get(3, TimeUnit.MINUTES).warnings()).isEmpty();
            }
        } finally {
            pool.shutdownNow();
        }

        try (Stream<Path> files = Files.list(cacheDir)) {
            assertThat(files.map(path -> path.getFileName().toString()).filter(name -> !name.equals(".lock")))
                    .as("one archive, no partial file left").singleElement()
                    .satisfies(name -> assertThat(name).endsWith("--main.tar"));
        }
        assertThat(loads(cacheDir.resolve(Files.list(cacheDir).filter(path -> path.toString().endsWith(".tar"))
                .findFirst().orElseThrow()))).isTrue();
    }

    private io.jenkins.plugins.cacheddockerbuild.engine.api.BuildRequest request(EngineRun engine, String image,
            Path app) {
        return engine.request(image, app, BuilderKind.CLASSIC).push(false).cacheDir(cacheDir.toString()).build();
    }

    /** Whether the daemon accepts the archive: {@code docker load} exits 0 (docker-java does not report it). */
    private boolean loads(Path archive) throws Exception {
        ProcessBuilder load = new ProcessBuilder(env.classicDocker(), "load", "--input", archive.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        load.environment().put("DOCKER_HOST", env.dockerHost());
        Process process = load.start();
        assertThat(process.waitFor(2, TimeUnit.MINUTES)).as("docker load finished").isTrue();
        return process.exitValue() == 0;
    }
}
