package io.jenkins.plugins.cacheddockerbuild.engine.api;

/**
 * A reference the build pushed.
 *
 * @param ref the full reference, e.g. {@code registry:5000/app:main}
 * @param digest the manifest digest the registry answered, e.g. {@code sha256:…}, or {@code null} if unknown
 * @param kind {@code final} for the image's tags, {@code cache} for intermediate-stage cache tags
 */
public record PushedRef(String ref, String digest, String kind) {
}
