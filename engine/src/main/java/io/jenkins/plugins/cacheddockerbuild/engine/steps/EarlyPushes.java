package io.jenkins.plugins.cacheddockerbuild.engine.steps;

import io.jenkins.plugins.cacheddockerbuild.engine.api.CachedBuildException;
import io.jenkins.plugins.cacheddockerbuild.engine.cache.CachePlan;
import io.jenkins.plugins.cacheddockerbuild.engine.cache.StageCache;
import io.jenkins.plugins.cacheddockerbuild.engine.dockerfile.Stage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Publishes an intermediate stage's cache tag as soon as the stage's own image is built, while the final stage
 * still builds ({@link EarlyStageBuilds}), instead of after every build: its push then costs the run no time
 * of its own. What publishing a list of targets means (tag, find the unchanged ones, push) is the
 * orchestrator's, given as {@code publishing}; this class only starts it for the stage's cache tag and hands
 * back what came of it. A stage whose cache tag is also a final ref waits for the final push.
 */
final class EarlyPushes implements AutoCloseable {
    private final Parallel parallel;
    private final CachePlan plan;
    private final Function<List<PublishTarget>, Task<PushStep.Published>> publishing;
    private final Map<String, Background<PushStep.Published>> started = new LinkedHashMap<>();

    /** @param publishing what publishing targets means; {@code null} when the run publishes nothing */
    EarlyPushes(Parallel parallel, CachePlan plan, Function<List<PublishTarget>, Task<PushStep.Published>> publishing) {
        this.parallel = parallel;
        this.plan = plan;
        this.publishing = publishing;
    }

    /** The stage's own image is built and named {@code imageTag}: its cache tag is published now. */
    synchronized void stageImageReady(Stage stage, String imageTag) {
        if (publishing == null) {
            return;
        }
        Set<String> finalRefs = Set.copyOf(plan.finalRefs());
        for (StageCache cache : plan.stages()) {
            if (cache.stageId().equals(stage.id()) && !cache.finalStage() && !finalRefs.contains(cache.cacheRef())
                    && !started.containsKey(cache.cacheRef())) {
                PublishTarget target = new PublishTarget(cache.cacheRef(), imageTag, "cache");
                started.put(cache.cacheRef(), parallel.start(publishing.apply(List.of(target))));
            }
        }
    }

    /** Whether {@code ref} is published here rather than with the other targets. */
    synchronized boolean publishes(String ref) {
        return started.containsKey(ref);
    }

    /** What came of every early publishing, waiting for those still running. */
    PushStep.Published published() throws CachedBuildException, IOException, InterruptedException {
        List<Background<PushStep.Published>> all;
        synchronized (this) {
            all = new ArrayList<>(started.values());
        }
        PushStep.Published published = PushStep.Published.nothing();
        for (Background<PushStep.Published> one : all) {
            published = published.and(one.await());
        }
        return published;
    }

    /** Stops publishing nobody waited for (a failed or interrupted build) and waits until it has ended. */
    @Override
    public void close() {
        List<Background<PushStep.Published>> all;
        synchronized (this) {
            all = new ArrayList<>(started.values());
        }
        all.forEach(Background::close);
    }
}
