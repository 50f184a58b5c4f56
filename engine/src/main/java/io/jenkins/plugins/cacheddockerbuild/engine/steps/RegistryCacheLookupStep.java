package io.jenkins.plugins.cacheddockerbuild.engine.steps;

import io.jenkins.plugins.cacheddockerbuild.engine.api.CachedBuildException;
import java.io.IOException;
import java.util.List;

/**
 * Asks the registry for every registry cache of the fallback chain at once (registry cache mode). Reports
 * nothing itself: it may run while the builder is still being probed, and its answers are dropped if the probe
 * picks another builder ({@link RegistryCacheSourcesStep} says what was found).
 */
final class RegistryCacheLookupStep implements Step<List<RegistryCall.Outcome>> {
    private final RegistryCall registry;
    private final Parallel parallel;
    private final int parallelism;
    private final List<String> chain;

    RegistryCacheLookupStep(RegistryCall registry, Parallel parallel, int parallelism, List<String> chain) {
        this.registry = registry;
        this.parallel = parallel;
        this.parallelism = parallelism;
        this.chain = List.copyOf(chain);
    }

    @Override
    public List<RegistryCall.Outcome> call() throws CachedBuildException, IOException, InterruptedException {
        return parallel.map(chain, parallelism, ref -> () -> registry.lookUp(ref));
    }
}
