package io.jenkins.plugins.cacheddockerbuild.engine.steps;

import io.jenkins.plugins.cacheddockerbuild.engine.api.CachedBuildException;
import io.jenkins.plugins.cacheddockerbuild.engine.api.Phase;
import io.jenkins.plugins.cacheddockerbuild.engine.backend.BuilderBackend;
import io.jenkins.plugins.cacheddockerbuild.engine.docker.TransferOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * For builders that reuse only images in their local store ({@code pullsCacheFirst}): pulls the resolved
 * cache images in parallel. A pull that fails after its retries drops that cache source; the build goes on
 * without it.
 */
final class PullCacheStep implements Step<PullCacheStep.Pulled> {

    /**
     * What the pulls left: the sources without those that could not be pulled, and the bytes downloaded
     * ({@code null} if unknown).
     */
    record Pulled(CacheSources sources, Long bytes) {
    }

    private final BuilderBackend builder;
    private final RegistryCall registry;
    private final Events events;
    private final Parallel parallel;
    private final int parallelism;
    private final CacheSources sources;
    private final List<String> alreadyLocal;

    PullCacheStep(BuilderBackend builder, RegistryCall registry, Events events, Parallel parallel, int parallelism,
            CacheSources sources, List<String> alreadyLocal) {
        this.builder = builder;
        this.registry = registry;
        this.events = events;
        this.parallel = parallel;
        this.parallelism = parallelism;
        this.sources = sources;
        this.alreadyLocal = List.copyOf(alreadyLocal);
    }

    /** The result of pulling one ref: the failure that dropped it, or whether its bytes are known. */
    private record One(String ref, String failure, boolean bytesKnown) {
    }

    @Override
    public Pulled call() throws CachedBuildException, IOException, InterruptedException {
        List<String> refs = new ArrayList<>(sources.all());
        refs.removeAll(alreadyLocal);
        Map<String, Long> downloaded = new ConcurrentHashMap<>();
        List<One> pulls = parallel.map(refs, parallelism, ref -> () -> {
            events.info(Phase.PULL, "pulling " + ref);
            RegistryCall.Outcome outcome = registry.pull(ref);
            if (!outcome.succeeded()) {
                String reason = "pull of " + ref + " failed after " + outcome.attempts() + " attempt(s): "
                        + outcome.failure().describe() + " (" + outcome.reason() + ")";
                events.warn(Phase.PULL, reason + "; building without it");
                return new One(ref, reason, true);
            }
            Set<String> layers = builder.downloadedLayers(outcome.result());
            Map<String, Long> sizes = TransferOutput.layerSizes(sources.manifest(ref));
            if (TransferOutput.bytesOf(layers, sizes) == null) {
                return new One(ref, null, false);
            }
            // Images pulled at once that share a layer download it once, yet each pull says "Pull complete".
            layers.stream().filter(sizes::containsKey).forEach(layer -> downloaded.put(layer, sizes.get(layer)));
            return new One(ref, null, true);
        });
        CacheSources left = sources;
        for (One pull : pulls) {
            if (pull.failure() != null) {
                left = left.without(pull.ref(), pull.failure());
            }
        }
        boolean known = pulls.stream().allMatch(One::bytesKnown);
        return new Pulled(left, known ? downloaded.values().stream().mapToLong(Long::longValue).sum() : null);
    }
}
