package io.jenkins.plugins.cacheddockerbuild.engine.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.cacheddockerbuild.engine.api.BuildReport;
import io.jenkins.plugins.cacheddockerbuild.engine.api.BuilderKind;
import io.jenkins.plugins.cacheddockerbuild.engine.api.PushedRef;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Several final tags and a separate cache repository: every tag lands, with the digest the registry has. */
class MultiTagPushIT extends OnFreshAgent {
    @Test
    void pushesEveryFinalTagAndCacheTagsToSeparateRepository() throws Exception {
        SampleApp app = SampleApp.multiStage(workspace, env.baseImage());
        String image = EngineRun.uniqueRepository(env, "release");
        String cacheRepo = EngineRun.uniqueRepository(env, "release-cache");

        BuildReport report = engine.build(engine.request(image, app.dir(), BuilderKind.BUILDKIT)
                .branch("main").cacheRepo(cacheRepo).tags(List.of("1.2.3", "latest", "main")).build());

        assertThat(report.pushed()).extracting(PushedRef::ref).containsExactlyInAnyOrder(
                image + ":1.2.3", image + ":latest", image + ":main",
                cacheRepo + ":main", cacheRepo + ":main--deps", cacheRepo + ":main--builder");
        String finalDigest = digestOf(report, image + ":1.2.3");
        assertThat(digestOf(report, image + ":latest")).isEqualTo(finalDigest);
        for (PushedRef pushed : report.pushed()) {
            assertThat(registryDigest(pushed.ref())).as(pushed.ref()).isEqualTo(pushed.digest());
        }
    }

    private static String digestOf(BuildReport report, String ref) {
        return report.pushed().stream().filter(pushed -> pushed.ref().equals(ref)).findFirst().orElseThrow().digest();
    }

    /** Asks the registry itself (v2 API, HEAD on the manifest) which digest a tag points at. */
    private String registryDigest(String ref) throws Exception {
        String withoutHost = ref.substring(env.registry().length() + 1);
        int colon = withoutHost.lastIndexOf(':');
        java.net.http.HttpResponse<Void> response = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://" + env.registry() + "/v2/"
                                + withoutHost.substring(0, colon) + "/manifests/" + withoutHost.substring(colon + 1)))
                        .method("HEAD", java.net.http.HttpRequest.BodyPublishers.noBody())
                        .header("Accept", "application/vnd.docker.distribution.manifest.v2+json")
                        .timeout(java.time.Duration.ofSeconds(10)).build(),
                java.net.http.HttpResponse.BodyHandlers.discarding());
        return response.headers().firstValue("Docker-Content-Digest").orElse("<none>");
    }
}
