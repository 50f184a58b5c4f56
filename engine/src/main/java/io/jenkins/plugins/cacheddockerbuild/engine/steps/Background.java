package io.jenkins.plugins.cacheddockerbuild.engine.build;

import io.jenkins.plugins.cacheddockerbuild.engine.api.CachedBuildException;
import java.io.IOException;
import java.util.concurrent.Callable;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;

/**
 * One piece of work on a thread of its own while the build goes on (the docker probe, an early stage
 * build, the stale tag sweep). Closing it stops the work if it is still running (an interrupted command
 * kills its docker child) and waits for the thread, so no docker child outlives the step that started it.
 */
final class Background<T> implements AutoCloseable {
    // A killed child gets a few seconds to end politely, then is killed forcibly (as in Parallel).
    private static final long END_SECONDS = 15;
    private final FutureTask<T> task;
    private final Thread thread;

    private Background(String name, Callable<T> work) {
        this.task = new FutureTask<>(work);
        this.thread = new Thread(task, "cached-docker-build " + name);
        thread.setDaemon(true);
    }

    static <T> Background<T> start(String name, Callable<T> work) {
        Background<T> background = new Background<>(name, work);
        background.thread.start();
        return background;
    }

    /** The work's result, waiting for it; what it threw comes out as it was thrown. */
    T await() throws InterruptedException, IOException, CachedBuildException {
        return Parallel.get(task);
    }

    @Override
    public void close() {
        task.cancel(true);
        boolean interrupted = Thread.interrupted();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(END_SECONDS));
        } catch (InterruptedException again) {
            interrupted = true;
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
