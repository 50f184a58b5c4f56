package io.jenkins.plugins.cacheddockerbuild.engine.build;

import io.jenkins.plugins.cacheddockerbuild.engine.api.Phase;
import io.jenkins.plugins.cacheddockerbuild.engine.cache.CachePlan;
import io.jenkins.plugins.cacheddockerbuild.engine.cache.StageCache;
import io.jenkins.plugins.cacheddockerbuild.engine.docker.TransferOutput;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

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
        AtomicLong bytes = new AtomicLong();
        List<Boolean> known = Parallel.map(refs, run.request().parallelism(), ref -> () -> {
            run.events().info(Phase.PULL, "pulling " + ref);
            RegistryCall.Outcome outcome = RegistryCall.run(run, ref, run.docker().pull(ref));
            if (!outcome.succeeded()) {
                drop(run, plan, sources, ref, outcome);
                return Boolean.TRUE;
            }
            Long pulled = TransferOutput.bytesOf(TransferOutput.pulledLayers(outcome.result().stdout()),
                    TransferOutput.layerSizes(sources.manifest(ref)));
            if (pulled == null) {
                return Boolean.FALSE;
            }
            bytes.addAndGet(pulled);
            return Boolean.TRUE;
        });
        return known.contains(Boolean.FALSE) ? null : bytes.get();
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
