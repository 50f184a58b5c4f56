package io.jenkins.plugins.cacheddockerbuild.engine.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.jenkins.plugins.cacheddockerbuild.engine.api.BuildReport;
import io.jenkins.plugins.cacheddockerbuild.engine.api.BuilderKind;
import io.jenkins.plugins.cacheddockerbuild.engine.api.PushFailedException;
import io.jenkins.plugins.cacheddockerbuild.engine.api.PushedRef;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The registry to push to is unreachable, denies the push, or fails half-way: the build fails with exit
 * code 3 naming the refs, and the report lists exactly what landed in the registry and what did not.
 */
class PushRegistryFaultsIT {
    private final TestEnvironment env = TestEnvironment.get();
    private final EngineRun engine = new EngineRun(env);
    private final RegistryHttp registry = new RegistryHttp();

    @TempDir
    Path workspace;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"unreachable", "denied (htpasswd registry without login)"})
    void failsWithExitThreeNamingEveryRefAndClaimsNothingPushed(String fault) throws Exception {
        Path app = BlobApp.create(workspace, env.baseImage(), 11);
        String host = fault.equals("unreachable") ? "127.0.0.1:" + CacheRegistryFaultsIT.portNobodyListensOn()
                : env.authRegistry();
        String image = host + "/it/push-" + UUID.randomUUID().toString().substring(0, 8);

        PushFailedException failure = catchThrowableOfType(() -> engine.build(engine.request(image, app,
                BuilderKind.CLASSIC).registryRetries(1).build()), PushFailedException.class);

        assertThat(failure.exitCode()).isEqualTo(3);
        assertThat(failure.getMessage()).contains("push failed for").contains(image + ":main")
                .contains(image + ":main--deps")
                .contains(fault.equals("unreachable") ? "registry unreachable" : "access denied");
        BuildReport report = failure.report();
        assertThat(report.pushed()).isEmpty();
        assertThat(report.notPushed()).containsExactlyInAnyOrder(image + ":main", image + ":main--deps");
        assertThat(report.stages()).extracting(stage -> stage.name()).containsExactly("deps", "stage-1");
    }

    @Test
    void failingHalfWayReportsExactlyWhatLanded() throws Exception {
        try (FaultyProxy proxy = FaultyProxy.to(env.registry())) {
            Path app = BlobApp.create(workspace, env.baseImage(), 12);
            String path = "it/half-" + UUID.randomUUID().toString().substring(0, 8);
            String image = proxy.address() + "/" + path;
            String cacheRepo = EngineRun.uniqueRepository(env, "half-cache");
            // layers go up, then the manifest upload of the release repository is cut, every time
            proxy.cutRequestsContaining("PUT /v2/" + path + "/manifests/", Integer.MAX_VALUE);

            PushFailedException failure = catchThrowableOfType(() -> engine.build(engine.request(image, app,
                    BuilderKind.CLASSIC).cacheRepo(cacheRepo).registryRetries(1).build()), PushFailedException.class);

            assertThat(proxy.cuts()).as("manifest uploads cut: docker's try and the engine's retry").isEqualTo(2);
            assertThat(failure.exitCode()).isEqualTo(3);
            assertThat(failure.getMessage()).contains("push failed for " + image + ":main:")
                    .contains("registry unreachable");
            BuildReport report = failure.report();
            assertThat(report.notPushed()).containsExactly(image + ":main");
            assertThat(report.pushed()).extracting(PushedRef::ref)
                    .containsExactlyInAnyOrder(cacheRepo + ":main", cacheRepo + ":main--deps");
            for (PushedRef pushed : report.pushed()) {
                assertThat(registry.digest(pushed.ref())).as("what the registry has for " + pushed.ref())
                        .isEqualTo(pushed.digest());
            }
            assertThat(registry.digest(env.registry() + "/" + path + ":main")).as("never landed").isNull();
        }
    }
}
