package io.jenkins.plugins.cacheddockerbuild.engine.api;

/**
 * The first step of a stage that ran instead of coming from cache, and why, where it can be told.
 *
 * @param stepIndex zero-based index among the stage's steps
 * @param instruction the instruction that ran
 * @param cause a short machine-readable cause: {@code no-cache-source}, {@code base-image-changed},
 *     {@code build-arg-changed}, {@code instruction-changed}, {@code files-changed}, {@code unknown}
 * @param explanation the cause in words, for people
 */
public record FirstMiss(int stepIndex, String instruction, String cause, String explanation) {
}
