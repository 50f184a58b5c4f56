package io.jenkins.plugins.cacheddockerbuild.engine.steps;

import static io.jenkins.plugins.cacheddockerbuild.engine.steps.OrchestratorFixture.IMAGE;
import static io.jenkins.plugins.cacheddockerbuild.engine.testing.ScriptedRunner.fail;
import static io.jenkins.plugins.cacheddockerbuild.engine.testing.ScriptedRunner.succeed;
import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.cacheddockerbuild.engine.api.BuildReport;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bytes pulled count each downloaded layer once, also when parallel pulls of two images share it. */
class PulledBytesTest {
    private static final String SHARED = "5a5a5a5a5a5a" + "0".repeat(52);
    private static final String OWN = "0f0f0f0f0f0f" + "1".repeat(52);

    @TempDir
    Path root;

    @Test
    void aLayerTwoParallelPullsShareCountsOnce() throws Exception {
        OrchestratorFixture fixture = new OrchestratorFixture(root).classicDocker();
        fixture.manifest(IMAGE + ":main--deps", succeed(manifest(SHARED, 40_000_000)))
                .manifest(IMAGE + ":main", succeed(manifest(SHARED, 40_000_000, OWN, 2_000_000)))
                .manifests(fail(1, "no such manifest"));
        fixture.runner.on(List.of("pull", IMAGE + ":main--deps"), succeed(pulled(SHARED)));
        fixture.runner.on(List.of("pull", IMAGE + ":main"), succeed(pulled(SHARED) + pulled(OWN)));

        BuildReport report = fixture.build(fixture.request().build());

        assertThat(report.bytesPulled()).isEqualTo(42_000_000L);
    }

    private static String pulled(String digest) {
        return digest.substring(0, 12) + ": Pull complete\n";
    }

    private static String manifest(Object... layers) {
        StringBuilder json = new StringBuilder("{\"schemaVersion\": 2, \"layers\": [");
        for (int i = 0; i < layers.length; i += 2) {
            json.append(i == 0 ? "" : ", ").append("{\"size\": ").append(layers[i + 1])
                    .append(", \"digest\": \"sha256:").append(layers[i]).append("\"}");
        }
        return json.append("]}").toString();
    }
}
