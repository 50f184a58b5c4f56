package io.jenkins.plugins.cacheddockerbuild.engine.steps;

import io.jenkins.plugins.cacheddockerbuild.engine.api.CachedBuildException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Function;

/**
 * Runs independent work of one build (resolves, pulls, pushes, background work) on the run's one executor,
 * given by the front end. If the caller is interrupted or a task fails, every task still running is
 * interrupted too, which makes the command runner kill its docker child, and waited for.
 */
final class Parallel {
    private final ExecutorService executor;

    Parallel(ExecutorService executor) {
        this.executor = executor;
    }

    /** Applies {@code task} to every item with at most {@code limit} at once; results in item order. */
    <I, O> List<O> map(List<I> items, int limit, Function<I, Task<O>> task)
            throws InterruptedException, IOException, CachedBuildException {
        if (items.isEmpty()) {
            return List.of();
        }
        int width = Math.max(1, Math.min(limit, items.size()));
        BlockingQueue<Integer> finished = new LinkedBlockingQueue<>();
        List<Tracked<O>> tasks = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            int index = i;
            tasks.add(new Tracked<>(task.apply(items.get(i)), () -> finished.add(index)));
        }
        List<O> results = new ArrayList<>(java.util.Collections.nCopies(items.size(), null));
        int next = 0;
        try {
            for (; next < width; next++) {
                executor.execute(tasks.get(next));
            }
            for (int done = 0; done < items.size(); done++) {
                int index = finished.take();
                results.set(index, tasks.get(index).result());
                if (next < items.size()) {
                    executor.execute(tasks.get(next++));
                }
            }
            return results;
        } finally {
            Tracked.stopAll(tasks.subList(0, next));
        }
    }

    /** Starts {@code work} while the caller goes on; closing the handle stops it if it still runs. */
    <T> Background<T> start(Task<T> work) {
        Tracked<T> task = new Tracked<>(work, () -> { });
        executor.execute(task);
        return new Background<>(task);
    }
}
