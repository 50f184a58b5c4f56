package io.jenkins.plugins.cacheddockerbuild.engine.backend;

import java.util.List;

/**
 * A local image as the builder's store describes it.
 *
 * @param repoDigests the {@code repository@sha256:...} names it was pushed or pulled as
 * @param diffIds its layers' diff ids ({@code sha256:...}), base layer first
 */
public record LocalImage(List<String> repoDigests, List<String> diffIds) {

    public LocalImage {
        repoDigests = List.copyOf(repoDigests);
        diffIds = List.copyOf(diffIds);
    }
}
