package io.jenkins.plugins.cacheddockerbuild.engine.backend;

import io.jenkins.plugins.cacheddockerbuild.engine.api.BuildRequest;
import io.jenkins.plugins.cacheddockerbuild.engine.api.BuilderKind;
import io.jenkins.plugins.cacheddockerbuild.engine.api.DockerUnavailableException;
import io.jenkins.plugins.cacheddockerbuild.engine.docker.DockerCli;
import io.jenkins.plugins.cacheddockerbuild.engine.dockerfile.Dockerfile;
import io.jenkins.plugins.cacheddockerbuild.engine.output.BuildKitOutputParser;
import io.jenkins.plugins.cacheddockerbuild.engine.output.BuildOutputParser;
import java.io.IOException;

/**
 * BuildKit through {@code docker build} ({@code DOCKER_BUILDKIT=1}) with inline cache metadata
 * ({@code BUILDKIT_INLINE_CACHE=1}): cache images are used straight from the registry, without pulling,
 * and only the layers a build uses are downloaded. A build that took steps from a registry's cache is built
 * once more from the local cache ({@link InlineCacheRefresh}) so the pushed image's cache is complete.
 */
public final class InlineCacheBackend extends DockerBackend {
    private static final BackendCapabilities CAPABILITIES = new BackendCapabilities(false, false, true, true);

    private final boolean buildx;

    /**
     * @param buildx whether the client drives BuildKit through buildx (docker 23 and later), whose rawjson progress
     *     the engine reads; the BuildKit client built into docker 20.10 prints plain
     */
    public InlineCacheBackend(DockerCli docker, BuildRequest request, boolean buildx) {
        super(docker, request);
        this.buildx = buildx;
    }

    @Override
    BuilderKind kind() {
        return BuilderKind.BUILDKIT;
    }

    @Override
    boolean rawJsonProgress() {
        return buildx;
    }

    @Override
    public BackendCapabilities capabilities() {
        return CAPABILITIES;
    }

    @Override
    public InlineCacheBackend withEnv(String name, String value) {
        return new InlineCacheBackend(docker.withEnv(name, value), request, buildx);
    }

    @Override
    public BuildOutputParser parser(Dockerfile dockerfile) {
        return new BuildKitOutputParser(dockerfile);
    }

    @Override
    StageBuild afterBuild(StageBuildSpec spec, BuildOutputParser parser, StageBuild built, BuildObserver observer)
            throws DockerUnavailableException, IOException, InterruptedException {
        InlineCacheRefresh refresh = new InlineCacheRefresh(docker, request);
        if (!refresh.needed(spec, built)) {
            return built;
        }
        return built.plusSeconds(refresh.refresh(spec, parser.writtenImageId(), observer));
    }
}
