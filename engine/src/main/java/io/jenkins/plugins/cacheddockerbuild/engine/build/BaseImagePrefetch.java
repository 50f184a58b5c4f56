package io.jenkins.plugins.cacheddockerbuild.engine.build;

import io.jenkins.plugins.cacheddockerbuild.engine.api.CommandResult;
import io.jenkins.plugins.cacheddockerbuild.engine.api.Phase;
import io.jenkins.plugins.cacheddockerbuild.engine.dockerfile.Stage;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Pulls the build's base images while the cache chain is resolved. A builder with a per-step registry cache
 * (buildah) pulls every {@code FROM} image first thing in the build anyway, before any cache lookup; doing it
 * alongside the resolve lookups overlaps the two, and the build then finds them in the agent's store. A pull
 * that fails is only logged: the build pulls again and reports what is wrong, as it would have.
 */
final class BaseImagePrefetch {
    private BaseImagePrefetch() {
    }

    /** Starts the pulls, or nothing for a builder that resolves base images itself (docker's builders). */
    static Background<Integer> start(RunContext run, BuildPlan plan) {
        List<String> refs = run.builder().capabilities().registryLayerCache() ? externalBaseImages(plan) : List.of();
        return Background.start("base image pulls", () -> {
            List<CommandResult> results = Parallel.map(refs, run.request().parallelism(),
                    ref -> () -> run.builder().pull(ref));
            for (int i = 0; i < refs.size(); i++) {
                if (!results.get(i).succeeded()) {
                    run.events().debug(Phase.RESOLVE, "base image " + refs.get(i) + " not pulled ahead ("
                            + results.get(i).firstReasonLine() + "); the build pulls it");
                }
            }
            return refs.size();
        });
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
