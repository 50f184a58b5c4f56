package io.jenkins.plugins.cacheddockerbuild.engine.api;

/**
 * A reference the build published: pushed, or kept because the registry already held it exactly as built.
 *
 * @param ref the full reference, e.g. {@code registry:5000/app:main}
 * @param digest the manifest digest the registry holds for it, e.g. {@code sha256:…}: the one a push answered,
 *        or for a kept ref the one the registry reports; {@code null} only if the registry did not say
 * @param kind {@code final} for the image's tags, {@code cache} for intermediate-stage cache tags
 * @param kept {@code true} if nothing was pushed because the registry already held the ref as built
 */
public record PushedRef(String ref, String digest, String kind, boolean kept) {

    /** A ref this build pushed. */
    public PushedRef(String ref, String digest, String kind) {
        this(ref, digest, kind, false);
    }

    /** A ref kept as the registry holds it, with the digest the registry reports. */
    public static PushedRef kept(String ref, String digest, String kind) {
        return new PushedRef(ref, digest, kind, true);
    }
}
