package io.jenkins.plugins.cacheddockerbuild.engine.steps;

import io.jenkins.plugins.cacheddockerbuild.engine.api.CachedBuildException;
import java.io.IOException;

/**
 * One phase of a build, as Jib's steps are: its inputs arrive in the constructor, {@link #call()} returns a
 * typed, immutable result, and only {@link BuildOrchestrator} hands one step's result to the next. A step
 * never calls another step (checked by {@code ArchitectureTest}).
 *
 * @param <T> the result
 */
interface Step<T> extends Task<T> {

    /**
     * Runs the step.
     *
     * @throws CachedBuildException a failure the user can act on, naming what failed
     * @throws IOException a docker or file call failed below the engine (the orchestrator reports docker unavailable)
     */
    @Override
    T call() throws CachedBuildException, IOException, InterruptedException;
}
