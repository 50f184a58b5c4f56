package io.jenkins.plugins.cacheddockerbuild.engine.steps;

import io.jenkins.plugins.cacheddockerbuild.engine.api.CachedBuildException;
import java.io.IOException;

/**
 * The registry cache mode's push of an image the build stored in the daemon: started once, when the build says
 * the image is stored (while BuildKit still exports the cache) or, at the latest, when its result is asked for.
 * Closing stops it if it still runs.
 */
final class PushWhenStored implements AutoCloseable {
    private final Parallel parallel;
    private final PushStep push;
    private Background<PushStep.Published> started;

    PushWhenStored(Parallel parallel, PushStep push) {
        this.parallel = parallel;
        this.push = push;
    }

    /** Starts the push unless it runs already; safe from the thread that reads the build's output. */
    synchronized void start() {
        if (started == null) {
            started = parallel.start(push);
        }
    }

    /** What the push published, starting it first if the build never said the image was stored. */
    PushStep.Published result() throws CachedBuildException, IOException, InterruptedException {
        start();
        Background<PushStep.Published> running;
        synchronized (this) {
            running = started;
        }
        return running.await();
    }

    @Override
    public synchronized void close() {
        if (started != null) {
            started.close();
        }
    }
}
