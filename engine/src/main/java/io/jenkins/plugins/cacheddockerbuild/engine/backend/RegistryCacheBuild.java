package io.jenkins.plugins.cacheddockerbuild.engine.backend;

import java.util.Map;

/**
 * What a registry-cache build did: its stages, the digest each final ref was pushed with, and whether the
 * registry took the cache.
 *
 * @param build the stages the build went through
 * @param pushedDigests manifest digest per pushed ref ({@code sha256:…}); a ref the output did not show is absent
 * @param cacheExported whether the cache export succeeded (a refusing registry only costs the next build its cache)
 */
public record RegistryCacheBuild(StageBuild build, Map<String, String> pushedDigests, boolean cacheExported) {

    public RegistryCacheBuild {
        pushedDigests = Map.copyOf(pushedDigests);
    }
}
