package io.jenkins.plugins.cacheddockerbuild.engine.steps;

import io.jenkins.plugins.cacheddockerbuild.engine.api.CachedBuildException;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;

/**
 * A task on the run's executor that can be stopped and waited for: a stopped task that had started kills
 * its docker child before it ends, and nothing of a phase may outlive it.
 */
final class Tracked<T> extends FutureTask<T> {
    // A killed child gets a few seconds to end politely, then is killed forcibly (ProcessCommandRunner).
    private static final long END_SECONDS = 15;
    private final Runnable onDone;
    private final CountDownLatch ended = new CountDownLatch(1);
    private volatile boolean started;

    Tracked(Task<T> work, Runnable onDone) {
        super(() -> work.call());
        this.onDone = onDone;
    }

    @Override
    public void run() {
        started = true;
        try {
            super.run();
        } finally {
            ended.countDown();
        }
    }

    @Override
    protected void done() {
        onDone.run();
    }

    /**
     * Interrupts every task still running and waits (a bounded time) until those that started have ended,
     * clearing the caller's own interrupt meanwhile and restoring it afterwards.
     */
    static void stopAll(List<? extends Tracked<?>> tasks) {
        tasks.forEach(task -> task.cancel(true));
        boolean interrupted = Thread.interrupted();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(END_SECONDS);
        try {
            for (Tracked<?> task : tasks) {
                if (task.started) {
                    task.ended.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                }
            }
        } catch (InterruptedException again) {
            interrupted = true;
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * What a task gave, waiting for it; what it threw comes out as it was thrown (docker failing to start or
     * timing out ends the work as it would without the extra thread).
     */
    T result() throws InterruptedException, IOException, CachedBuildException {
        try {
            return get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            if (cause instanceof InterruptedException interrupted) {
                throw interrupted;
            }
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof CachedBuildException failure) {
                throw failure;
            }
            throw new IllegalStateException("a task threw what no task declares", cause);
        } catch (CancellationException e) {
            throw new InterruptedException("the task was stopped");
        }
    }
}
