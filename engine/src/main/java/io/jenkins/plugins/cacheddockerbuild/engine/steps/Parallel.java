package io.jenkins.plugins.cacheddockerbuild.engine.build;

import io.jenkins.plugins.cacheddockerbuild.engine.api.CachedBuildException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Runs independent registry transfers (resolves, pulls, pushes) a few at a time. If the caller is
 * interrupted, every task is interrupted too, which makes the command runner kill its docker child.
 */
final class Parallel {
    // A killed child gets a few seconds to end politely, then is killed forcibly (ProcessCommandRunner).
    private static final long TASK_END_SECONDS = 15;

    private Parallel() {
    }

    /** Applies {@code task} to every item with at most {@code limit} at once; results in item order. */
    static <I, O> List<O> map(List<I> items, int limit, Function<I, Callable<O>> task)
            throws InterruptedException, IOException, CachedBuildException {
        if (items.isEmpty()) {
            return List.of();
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(limit, items.size()), runnable -> {
            Thread thread = new Thread(runnable, "cached-docker-build transfer");
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<O>> futures = new ArrayList<>();
            for (I item : items) {
                futures.add(pool.submit(task.apply(item)));
            }
            List<O> results = new ArrayList<>();
            for (Future<O> future : futures) {
                results.add(get(future));
            }
            return results;
        } finally {
            pool.shutdownNow();
            awaitTasks(pool);
        }
    }

    /**
     * An interrupted task kills its docker child before it ends; waits for that (clearing the caller's own
     * interrupt meanwhile, then restoring it), so no child outlives an interrupted phase.
     */
    private static void awaitTasks(ExecutorService pool) {
        boolean interrupted = Thread.interrupted();
        try {
            pool.awaitTermination(TASK_END_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException again) {
            interrupted = true;
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * What a task of this run gave, waiting for it; what it threw comes out as it was thrown (docker failing
     * to start or timing out ends the work as it would without the extra thread).
     */
    static <O> O get(Future<O> future) throws InterruptedException, IOException, CachedBuildException {
        try {
            return future.get();
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
            // Tasks handle their own failures and return a result describing them; anything else is a bug.
            throw new IllegalStateException("task failed unexpectedly", cause);
        }
    }
}
