package io.jenkins.plugins.cacheddockerbuild.engine.api;

import java.util.Locale;

/** Which docker builder runs the build. */
public enum BuilderKind {
    /**
     * The best the docker in hand supports: the registry cache, else BuildKit with inline cache, else the
     * classic builder; buildah when no docker daemon answers and a buildah executable is there.
     */
    AUTO,
    /**
     * buildx exporting a registry cache of every stage ({@code --cache-to type=registry,mode=max}): one build,
     * pushed by the build itself. Needs buildx with the containerd image store or a {@code docker-container} or
     * {@code remote} builder.
     */
    REGISTRY,
    /** BuildKit with inline cache metadata ({@code BUILDKIT_INLINE_CACHE=1}); no pulls needed. */
    BUILDKIT,
    /** The classic (legacy) builder: cache images are pulled first, then used with {@code --cache-from}. */
    CLASSIC,
    /**
     * buildah, no docker daemon at all: {@code buildah build --layers} with its registry layer cache
     * ({@code --cache-from}/{@code --cache-to} one cache repository), then {@code buildah push}.
     */
    BUILDAH;

    /** Parses {@code auto|registry|buildkit|classic|buildah}, case-insensitively. */
    public static BuilderKind parse(String value) throws InvalidInputException {
        if (value == null || value.isBlank()) {
            return AUTO;
        }
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("builder", value, "expected one of auto, registry, buildkit, classic, buildah");
        }
    }

    /** Lower-case name as used on the command line and in reports. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
