package io.jenkins.plugins.cacheddockerbuild.engine.steps;

import io.jenkins.plugins.cacheddockerbuild.engine.api.CachedBuildException;
import io.jenkins.plugins.cacheddockerbuild.engine.api.CommandResult;
import io.jenkins.plugins.cacheddockerbuild.engine.api.Phase;
import io.jenkins.plugins.cacheddockerbuild.engine.backend.BuilderBackend;
import io.jenkins.plugins.cacheddockerbuild.engine.dockerfile.Stage;
import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Pulls the build's base images while the cache chain is resolved. A builder with a per-step registry cache
 * (buildah) pulls every {@code FROM} image first thing in the build anyway, before any cache lookup; doing it
 * alongside the resolve lookups overlaps the two, and the build then finds them in the agent's store. A pull
 * that fails is only logged: the build pulls again and reports what is wrong, as it would have. Returns how
 * many images it pulled; pulls nothing for a builder that resolves base images itself (docker's builders).
 */
final class BaseImagePrefetch implements Step<Integer> {
    private final BuilderBackend builder;
    private final Events events;
    private final Parallel parallel;
    private final int parallelism;
    private final List<String> refs;

    BaseImagePrefetch(BuilderBackend builder, Events events, Parallel parallel, int parallelism, BuildPlan plan) {
        this.builder = builder;
        this.events = events;
        this.parallel = parallel;
        this.parallelism = parallelism;
        this.refs = builder.capabilities().registryLayerCache() ? externalBaseImages(plan) : List.of();
    }

    @Override
    public Integer call() throws InterruptedException {
        int pulled = 0;
        try {
            List<CommandResult> results = parallel.map(refs, parallelism, ref -> () -> builder.pull(ref));
            for (int i = 0; i < refs.size(); i++) {
                if (results.get(i).succeeded()) {
                    pulled++;
                } else {
                    events.debug(Phase.RESOLVE, "base image " + refs.get(i) + " not pulled ahead ("
                            + results.get(i).firstReasonLine() + "); the build pulls it");
                }
            }
        } catch (IOException | CachedBuildException | RuntimeException e) {
            events.debug(Phase.RESOLVE, "base images not pulled ahead (" + e.getMessage() + "); the build pulls them");
        }
        return pulled;
    }

    static List<String> externalBaseImages(BuildPlan plan) {
        Set<String> refs = new LinkedHashSet<>();
        for (Stage stage : plan.requiredStages()) {
            if (plan.dockerfile().baseStage(stage) == null && !stage.baseImage().equalsIgnoreCase("scratch")) {
                refs.add(stage.baseImage());
            }
        }
        return List.copyOf(refs);
    }
}
