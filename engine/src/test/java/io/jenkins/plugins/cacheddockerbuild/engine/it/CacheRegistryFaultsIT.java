package io.jenkins.plugins.cacheddockerbuild.engine.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.cacheddockerbuild.engine.api.BuildReport;
import io.jenkins.plugins.cacheddockerbuild.engine.api.BuilderKind;
import io.jenkins.plugins.cacheddockerbuild.engine.api.Phase;
import io.jenkins.plugins.cacheddockerbuild.engine.api.PushedRef;
import io.jenkins.plugins.cacheddockerbuild.engine.api.StageReport;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The cache registry misbehaves (unreachable, 401, 403, 404, gone mid-build, cutting or crawling downloads)
 * while the build resolves or pulls its cache: the build goes on without that cache, says which ref and
 * why, and succeeds. The classic builder is used because it is the one that pulls.
 */
class CacheRegistryFaultsIT {
    private final TestEnvironment env = TestEnvironment.get();
    private final Daemon daemon = new Daemon(env);
    private final EngineRun engine = new EngineRun(env);
    private final RegistryHttp registry = new RegistryHttp();

    @TempDir
    Path workspace;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"unreachable", "401 htpasswd registry without login", "403 registry", "404 registry"})
    void buildsWithoutCacheFromFaultyRegistryAndSaysWhichRefAndWhy(String fault) throws Exception {
        Path app = BlobApp.create(workspace, env.baseImage(), 1);
        String image = EngineRun.uniqueRepository(env, "faulty-cache");
        try (RegistryStub forbidden = RegistryStub.denying(); RegistryStub unknown = RegistryStub.unknownRepository()) {
            String host = switch (fault) {
                case "unreachable" -> "127.0.0.1:" + portNobodyListensOn();
                case "403 registry" -> forbidden.address();
                case "404 registry" -> unknown.address();
                default -> env.authRegistry();
            };
            String faultyRef = host + "/it/cache:main";

            BuildReport report = engine.build(engine.request(image, app, BuilderKind.CLASSIC)
                    .cacheFrom(List.of(faultyRef)).build());

            assertThat(report.pushed()).extracting(PushedRef::ref).contains(image + ":main");
            if (fault.startsWith("404")) {
                assertThat(report.warnings()).as("a missing image is normal (first build)").isEmpty();
            } else {
                assertThat(report.warnings()).singleElement().satisfies(warning -> assertThat(warning)
                        .contains("cache ref " + faultyRef).contains(fault.equals("unreachable")
                                ? "registry unreachable" : "access denied")
                        .contains("building without it"));
            }
            if (!fault.equals("unreachable")) {
                // a retry would have slept 0.5 + 1 + 2 s before giving up
                assertThat(report.phases().resolveSeconds()).as("denied and missing are final: no retry with backoff")
                        .isLessThan(3.4);
            }
        }
    }

    @Test
    void firstBuildSaysPerStageThatThereIsNoCacheAndWhy() throws Exception {
        Path app = BlobApp.create(workspace, env.baseImage(), 2);
        String image = EngineRun.uniqueRepository(env, "first");

        BuildReport report = engine.build(engine.request(image, app, BuilderKind.CLASSIC).build());

        assertThat(report.warnings()).isEmpty();
        assertThat(report.stages()).allSatisfy(stage -> {
            assertThat(stage.cacheSource()).isNull();
            assertThat(stage.noCacheReason()).contains("no cache image found (tried " + image + ":main")
                    .contains("normal on a first build");
        });
    }

    @Test
    void skipsCacheImageDeletedBetweenResolveAndPull() throws Exception {
        Path app = BlobApp.create(workspace, env.baseImage(), 3);
        String image = EngineRun.uniqueRepository(env, "deleted-cache");
        engine.build(engine.request(image, app, BuilderKind.CLASSIC).build());
        engine.whenPhaseStarts(Phase.PULL, () -> deleteQuietly(image + ":main--deps"));

        BuildReport report = engine.build(engine.request(image, app, BuilderKind.CLASSIC).push(false).build());

        assertThat(report.warnings()).singleElement().satisfies(warning -> assertThat(warning)
                .contains("pull of " + image + ":main--deps failed after 1 attempt(s): not found")
                .contains("building without it"));
        assertThat(stage(report, "deps").cacheSource()).isNull();
        assertThat(stage(report, "deps").noCacheReason()).contains("pull of " + image + ":main--deps failed");
        assertThat(stage(report, "stage-1").cacheSource()).isEqualTo(image + ":main");
    }

    @Test
    void skipsCacheWhenRegistryGoesAwayBetweenResolveAndPull() throws Exception {
        try (FaultyProxy proxy = FaultyProxy.to(env.registry())) {
            Path app = BlobApp.create(workspace, env.baseImage(), 4);
            String image = proxied(proxy, "gone");
            engine.build(engine.request(image, app, BuilderKind.CLASSIC).build());
            engine.whenPhaseStarts(Phase.PULL, () -> proxy.mode(FaultyProxy.Mode.RESET));

            BuildReport report = engine.build(engine.request(image, app, BuilderKind.CLASSIC).push(false).build());

            assertThat(report.warnings()).hasSize(2).allSatisfy(warning -> assertThat(warning)
                    .containsPattern("pull of " + Pattern.quote(image) + ":main\\S* failed after 4 attempt")
                    .contains("registry unreachable"));
            assertThat(report.stages()).allSatisfy(stage -> assertThat(stage.cacheSource()).isNull());
        }
    }

    @Test
    void recoversFromDownloadCutMidTransferAndUsesTheCache() throws Exception {
        try (FaultyProxy proxy = FaultyProxy.to(env.registry())) {
            Path app = BlobApp.create(workspace, env.baseImage(), 5);
            String image = proxied(proxy, "cut-once");
            engine.build(engine.request(image, app, BuilderKind.CLASSIC).build());
            daemon.wipe();
            engine.whenPhaseStarts(Phase.PULL, () -> proxy.cutResponsesAfter(64 * 1024, 1));

            BuildReport report = engine.build(engine.request(image, app, BuilderKind.CLASSIC).push(false).build());

            assertThat(proxy.cuts()).as("a layer download was cut mid-transfer").isEqualTo(1);
            assertThat(report.warnings()).isEmpty();
            assertThat(report.stages()).allSatisfy(stage -> {
                assertThat(stage.cacheSource()).isNotNull();
                assertThat(stage.cachedSteps()).isEqualTo(stage.steps()).isPositive();
            });
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"cutting every download", "crawling at 16 KB/s"})
    void skipsCacheAfterBoundedRetriesWhenPullsKeepFailing(String fault) throws Exception {
        try (FaultyProxy proxy = FaultyProxy.to(env.registry())) {
            Path app = BlobApp.create(workspace, env.baseImage(), 6);
            String image = proxied(proxy, "flaky");
            engine.build(engine.request(image, app, BuilderKind.CLASSIC).build());
            daemon.wipe();
            engine.whenPhaseStarts(Phase.PULL, () -> {
                if (fault.startsWith("cutting")) {
                    proxy.cutResponsesAfter(64 * 1024, Integer.MAX_VALUE);
                } else {
                    proxy.throttle(16 * 1024);
                }
            });

            BuildReport report = engine.build(engine.request(image, app, BuilderKind.CLASSIC).push(false)
                    .registryTimeout(Duration.ofSeconds(4)).registryRetries(1).build());

            assertThat(report.warnings()).isNotEmpty().allSatisfy(warning -> assertThat(warning)
                    .contains("failed after 2 attempt(s)").contains("building without it"));
            assertThat(report.stages()).allSatisfy(stage -> assertThat(stage.cacheSource()).isNull());
            assertThat(report.phases().pullSeconds()).as("two attempts of at most 4 s each (and a kill), 0.5 s apart")
                    .isBetween(4.0, 25.0);
        }
    }

    private static String proxied(FaultyProxy proxy, String name) {
        return proxy.address() + "/it/" + name + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private void deleteQuietly(String ref) {
        try {
            registry.delete(ref);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static StageReport stage(BuildReport report, String name) {
        return report.stages().stream().filter(stage -> stage.name().equals(name)).findFirst().orElseThrow();
    }

    static int portNobodyListensOn() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
