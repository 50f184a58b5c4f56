package io.jenkins.plugins.cacheddockerbuild.engine.backend;

import java.util.Set;

/**
 * What a push printed.
 *
 * @param digest the manifest digest the registry now serves under the ref, or {@code null} if not printed
 * @param uploadedLayers short ids (12 hex digits of the diff id) of the layers it uploaded; the others were
 *     in the registry already
 */
public record PushedImage(String digest, Set<String> uploadedLayers) {

    public PushedImage {
        uploadedLayers = Set.copyOf(uploadedLayers);
    }
}
