package io.jenkins.plugins.cacheddockerbuild.engine.analysis;

/** Why the first step of a stage ran instead of coming from cache: the values of {@code FirstMiss.cause}. */
public enum MissCause {
    /** No cache image was found for the stage, so nothing could be reused. */
    NO_CACHE_SOURCE("no-cache-source"),
    /** The stage's base image resolved to another id than in the earlier build. */
    BASE_IMAGE_CHANGED("base-image-changed"),
    /** A build arg the step (or the stage) uses has another value than in the earlier build. */
    BUILD_ARG_CHANGED("build-arg-changed"),
    /** The Dockerfile instruction at this position is not the one the earlier build ran. */
    INSTRUCTION_CHANGED("instruction-changed"),
    /** A COPY/ADD instruction is unchanged and all steps before it were cached: its files changed. */
    FILES_CHANGED("files-changed"),
    /** None of the above can be told from the reports. */
    UNKNOWN("unknown");

    private final String id;

    MissCause(String id) {
        this.id = id;
    }

    /** The id written to reports, e.g. {@code files-changed}. */
    public String id() {
        return id;
    }
}
