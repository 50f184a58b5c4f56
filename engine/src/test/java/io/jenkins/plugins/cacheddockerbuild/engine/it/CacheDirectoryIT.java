package io.jenkins.plugins.cacheddockerbuild.engine.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.cacheddockerbuild.engine.api.BuildReport;
import io.jenkins.plugins.cacheddockerbuild.engine.api.BuilderKind;
import io.jenkins.plugins.cacheddockerbuild.engine.api.StageReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shared-directory backend: docker save after a build, docker load on a fresh agent, no registry push. */
class CacheDirectoryIT extends OnFreshAgent {
    @TempDir
    Path cacheDir;

    @Test
    void roundTripsThroughSharedDirectoryOnFreshDaemon() throws Exception {
        SampleApp app = SampleApp.multiStage(workspace.resolve("app"), env.baseImage());
        String image = EngineRun.uniqueRepository(env, "cachedir");
        BuildReport cold = engine.build(engine.request(image, app.dir(), BuilderKind.CLASSIC)
                .branch("main").push(false).cacheDir(cacheDir.toString()).build());
        assertThat(cold.pushed()).isEmpty();
        assertThat(archives()).hasSize(1);
        daemon.wipe();
        app.changeSource("version 2");

        BuildReport warm = engine.build(engine.request(image, app.dir(), BuilderKind.CLASSIC)
                .branch("feature/x").fallback("main").push(false).cacheDir(cacheDir.toString()).build());

        StageReport deps = warm.stages().get(0);
        assertThat(deps.name()).isEqualTo("deps");
        assertThat(deps.cacheSource()).isEqualTo(image + ":main--deps");
        assertThat(deps.cachedSteps()).isEqualTo(deps.steps()).isPositive();
        assertThat(engine.dockerOutput()).doesNotContain(SampleApp.SLOW_STEP_MARKER);
        assertThat(archives()).as("one archive per branch").hasSize(2);
        assertThat(Files.list(cacheDir).map(Path::toString)).noneMatch(name -> name.endsWith(".part"));
    }

    @Test
    void evictsOldestArchiveBeyondSizeCap() throws Exception {
        SampleApp app = SampleApp.multiStage(workspace.resolve("app"), env.baseImage());
        String image = EngineRun.uniqueRepository(env, "evict");
        engine.build(engine.request(image, app.dir(), BuilderKind.CLASSIC)
                .branch("one").push(false).cacheDir(cacheDir.toString()).build());
        long oneArchive = Files.size(archives().findFirst().orElseThrow());

        engine.build(engine.request(image, app.dir(), BuilderKind.CLASSIC)
                .branch("two").push(false).cacheDir(cacheDir.toString()).cacheDirMaxBytes(oneArchive + oneArchive / 2)
                .build());

        assertThat(archives().map(path -> path.getFileName().toString())).singleElement()
                .satisfies(name -> assertThat(name).endsWith("--two.tar"));
    }

    private Stream<Path> archives() throws Exception {
        return Files.list(cacheDir).filter(path -> path.toString().endsWith(".tar"));
    }
}
