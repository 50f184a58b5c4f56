package io.jenkins.plugins.cacheddockerbuild.engine.backend;

import java.util.List;

/**
 * Where a registry-cache build puts its results.
 *
 * @param pushRefs the final image's refs, pushed by the build
 * @param cacheRef the registry cache this branch exports ({@code --cache-to type=registry,ref=…,mode=max})
 */
public record RegistryCacheExport(List<String> pushRefs, String cacheRef) {

    public RegistryCacheExport {
        pushRefs = List.copyOf(pushRefs);
    }
}
