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
 */
public record BackendCapabilities(boolean pullsCacheFirst, boolean printsStageImages, boolean lazyCacheImport,
        boolean needsDockerDaemon) {
}
