package io.jenkins.plugins.cacheddockerbuild.engine.api;

/**
 * Seconds spent in each phase of a build.
 *
 * @param resolveSeconds asking registries (and the cache directory) which cache candidates exist
 * @param pullSeconds pulling cache images (classic builder) and loading archives from the cache directory
 * @param buildSeconds running {@code docker build} for every stage
 * @param pushSeconds pushing cache tags and final tags, and saving archives to the cache directory
 */
public record PhaseTimes(double resolveSeconds, double pullSeconds, double buildSeconds, double pushSeconds) {

    public double totalSeconds() {
        return resolveSeconds + pullSeconds + buildSeconds + pushSeconds;
    }
}
