package io.jenkins.plugins.cacheddockerbuild.engine.steps;

import io.jenkins.plugins.cacheddockerbuild.engine.api.CachedBuildException;
import java.io.IOException;

/** Work that may run on one of the run's threads ({@link Parallel}); fails only in the ways a step may. */
@FunctionalInterface
interface Task<T> {
    T call() throws CachedBuildException, IOException, InterruptedException;
}
