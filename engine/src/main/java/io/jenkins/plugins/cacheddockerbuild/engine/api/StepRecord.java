package io.jenkins.plugins.cacheddockerbuild.engine.api;

/**
 * One Dockerfile instruction of a built stage, as the builder reported it.
 *
 * @param instruction the instruction as docker printed it, e.g. {@code RUN make deps}
 * @param cached whether the step was served from cache
 * @param seconds how long the step took (near zero when cached)
 */
public record StepRecord(String instruction, boolean cached, double seconds) {
}
