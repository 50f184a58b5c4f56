package io.jenkins.plugins.cacheddockerbuild.engine.backend;

/**
 * What a builder can do, worked out once when the selector probes the agent. The orchestrator decides
 * everything builder-specific from these, never from the builder's name.
 *
 * @param pullsCacheFirst the builder reuses only layers of images already in its local store, and only those
 *     it is given: cache images are pulled before the build, and each stage built so far is a cache source
 *     of the next (the classic builder)
 * @param printsStageImages the build's output names the image every stage came out as
 *     ({@link StageBuild#stageImageId}), so one build of the final stage yields every intermediate stage's
 *     image by tagging it (the classic builder)
 * @param lazyCacheImport the builder uses a cache image straight from the registry and downloads only the
 *     layers it needs: a stage served entirely from its own cache tag may not be on the agent at all, and
 *     that tag is then kept as it is rather than rebuilt and pushed (BuildKit)
 * @param needsDockerDaemon the builder runs through a docker daemon (cache archives are saved and loaded
 *     there)
 * @param registryLayerCache the builder keeps a cache entry per step in a registry repository of its own and
 *     looks each step up there (buildah's {@code --cache-from}/{@code --cache-to}): every stage is served step
 *     by step, so only the target is built and pushed, and intermediate stages get no cache tags
 * @param exportsRegistryCache the builder builds the target once, exports a cache of every stage to the
 *     registry and pushes the image itself ({@link BuilderBackend#buildAndPush}): no per-stage builds, tags or
 *     pushes
 */
public record BackendCapabilities(boolean pullsCacheFirst, boolean printsStageImages, boolean lazyCacheImport,
        boolean needsDockerDaemon, boolean registryLayerCache, boolean exportsRegistryCache) {

    /** A builder that caches through images (docker's builders). */
    public BackendCapabilities(boolean pullsCacheFirst, boolean printsStageImages, boolean lazyCacheImport,
            boolean needsDockerDaemon) {
        this(pullsCacheFirst, printsStageImages, lazyCacheImport, needsDockerDaemon, false, false);
    }

    /** A builder that may keep a per-step registry cache (buildah) but exports none. */
    public BackendCapabilities(boolean pullsCacheFirst, boolean printsStageImages, boolean lazyCacheImport,
            boolean needsDockerDaemon, boolean registryLayerCache) {
        this(pullsCacheFirst, printsStageImages, lazyCacheImport, needsDockerDaemon, registryLayerCache, false);
    }
}
