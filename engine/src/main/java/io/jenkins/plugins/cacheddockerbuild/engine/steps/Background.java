package io.jenkins.plugins.cacheddockerbuild.engine.steps;

import io.jenkins.plugins.cacheddockerbuild.engine.api.CachedBuildException;
import java.io.IOException;
import java.util.List;

/**
 * One piece of work running while the build goes on (the builder probe, an early stage build, the stale tag
 * sweep), started with {@link Parallel#start}. Closing it stops the work if it is still running (an
 * interrupted command kills its docker child) and waits for it, so no docker child outlives the step that
 * started it.
 */
final class Background<T> implements AutoCloseable {
    private final Tracked<T> task;

    Background(Tracked<T> task) {
        this.task = task;
    }

    /** The work's result, waiting for it; what it threw comes out as it was thrown. */
    T await() throws InterruptedException, IOException, CachedBuildException {
        return task.result();
    }

    @Override
    public void close() {
        Tracked.stopAll(List.of(task));
    }
}
