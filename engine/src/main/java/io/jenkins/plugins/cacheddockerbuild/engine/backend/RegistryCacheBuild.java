package io.jenkins.plugins.cacheddockerbuild.engine.backend;

import java.util.List;
import java.util.Map;

/**
 * What a registry-cache build did: its stages, the digest each final ref was pushed with, and whether the
 * registry took the cache.
 *
 * @param build the stages the build went through
 * @param pushedDigests manifest digest per pushed ref ({@code sha256:…}); a ref the output did not show is absent
 * @param cacheExported whether the cache export succeeded (a refusing registry only costs the next build its cache)
 * @param notPushed the refs the registry refused after every Dockerfile step had completed (a failed push, not a
 *        failed build); empty when every ref was pushed
 * @param pushFailure what buildx said about the refused push ({@code null} when nothing was refused)
 * @param pushedByBuild whether the build pushed the image; {@code false} when it left it in the daemon's image
 *        store for the caller to push ({@link BuildObserver#imageStored()})
 */
public record RegistryCacheBuild(StageBuild build, Map<String, String> pushedDigests, boolean cacheExported,
        List<String> notPushed, String pushFailure, boolean pushedByBuild) {

    public RegistryCacheBuild {
        pushedDigests = Map.copyOf(pushedDigests);
        notPushed = List.copyOf(notPushed);
    }

    /** A build that pushed the image, and the refs it could not push. */
    public RegistryCacheBuild(StageBuild build, Map<String, String> pushedDigests, boolean cacheExported,
            List<String> notPushed, String pushFailure) {
        this(build, pushedDigests, cacheExported, notPushed, pushFailure, true);
    }

    /** A build whose image refs were all pushed. */
    public RegistryCacheBuild(StageBuild build, Map<String, String> pushedDigests, boolean cacheExported) {
        this(build, pushedDigests, cacheExported, List.of(), null, true);
    }

    /** A build that left the image in the daemon's image store, under the spec's tag and the refs to push. */
    public static RegistryCacheBuild stored(StageBuild build, boolean cacheExported) {
        return new RegistryCacheBuild(build, Map.of(), cacheExported, List.of(), null, false);
    }
}
