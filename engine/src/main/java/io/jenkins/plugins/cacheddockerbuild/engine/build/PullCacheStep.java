package io.jenkins.plugins.cacheddockerbuild.engine.build;

import io.jenkins.plugins.cacheddockerbuild.engine.api.Phase;
import io.jenkins.plugins.cacheddockerbuild.engine.cache.CachePlan;
import io.jenkins.plugins.cacheddockerbuild.engine.cache.StageCache;
import io.jenkins.plugins.cacheddockerbuild.engine.docker.TransferOutput;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Classic builder only: pulls the resolved cache images in parallel, because the classic builder only
 * reuses layers of images present on the daemon. A pull that fails after its retries drops that cache
 * source; the build goes on without it.
 */
final class PullCacheStep {
    private PullCacheStep() {
    }

    /** Pulls what {@code sources} names (except refs already local); returns bytes downloaded, or null if unknown. */
    static Long pull(RunContext run, CachePlan plan, CacheSources sources, List<String> alreadyLocal) throws Exception {
        List<String> refs = new ArrayList<>(sources.all());
        refs.removeAll(alreadyLocal);
        Map<String, Long> downloaded = new ConcurrentHashMap<>();
        List<Boolean> known = Parallel.map(refs, run.request().parallelism(), ref -> () -> {
            run.events().info(Phase.PULL, "pulling " + ref);
            RegistryCall.Outcome outcome = RegistryCall.run(run, ref, () -> run.builder().pull(ref));
            if (!outcome.succeeded()) {
                drop(run, plan, sources, ref, outcome);
                return Boolean.TRUE;
            }
            Set<String> layers = run.builder().downloadedLayers(outcome.result());
            Map<String, Long> sizes = TransferOutput.layerSizes(sources.manifest(ref));
            if (TransferOutput.bytesOf(layers, sizes) == null) {
                return Boolean.FALSE;
            }
            // Images pulled at once that share a layer download it once, yet each pull says "Pull complete".
            layers.stream().filter(sizes::containsKey).forEach(layer -> downloaded.put(layer, sizes.get(layer)));
            return Boolean.TRUE;
        });
        return known.contains(Boolean.FALSE) ? null : downloaded.values().stream().mapToLong(Long::longValue).sum();
    }

    private static void drop(RunContext run, CachePlan plan, CacheSources sources, String ref,
            RegistryCall.Outcome outcome) {
        String reason = "pull of " + ref + " failed after " + outcome.attempts() + " attempt(s): "
                + outcome.failure().describe() + " (" + outcome.reason() + ")";
        run.events().warn(Phase.PULL, reason + "; building without it");
        sources.dropExplicit(ref);
        for (StageCache stage : plan.stages()) {
            if (ref.equals(sources.source(stage.stageId()))) {
                sources.none(stage.stageId(), reason);
            }
        }
    }
}
