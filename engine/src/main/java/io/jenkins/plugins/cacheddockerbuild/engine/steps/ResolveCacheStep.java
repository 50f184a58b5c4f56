package io.jenkins.plugins.cacheddockerbuild.engine.steps;

import io.jenkins.plugins.cacheddockerbuild.engine.api.CachedBuildException;
import io.jenkins.plugins.cacheddockerbuild.engine.api.Phase;
import io.jenkins.plugins.cacheddockerbuild.engine.cache.CachePlan;
import io.jenkins.plugins.cacheddockerbuild.engine.cache.StageCache;
import io.jenkins.plugins.cacheddockerbuild.engine.docker.RegistryFailure;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Finds, per stage, the first cache candidate that exists, by asking the registry for manifests through the
 * builder (all candidates at once) instead of failing pulls one after another. Missing is normal; an
 * unreachable or denying registry is a warning and that candidate is skipped. Stages a cache archive already
 * serves are not asked about.
 */
final class ResolveCacheStep implements Step<CacheSources> {
    private final RegistryCall registry;
    private final Events events;
    private final Parallel parallel;
    private final int parallelism;
    private final CachePlan plan;
    private final CacheSources loaded;

    ResolveCacheStep(RegistryCall registry, Events events, Parallel parallel, int parallelism, CachePlan plan,
            CacheSources loaded) {
        this.registry = registry;
        this.events = events;
        this.parallel = parallel;
        this.parallelism = parallelism;
        this.plan = plan;
        this.loaded = loaded;
    }

    @Override
    public CacheSources call() throws CachedBuildException, IOException, InterruptedException {
        List<String> refs = plan.allCandidates().stream().filter(ref -> !alreadyServed(ref)).toList();
        List<RegistryCall.Outcome> outcomes = parallel.map(refs, parallelism, ref -> () -> registry.lookUp(ref));
        Map<String, RegistryCall.Outcome> byRef = new LinkedHashMap<>();
        for (int i = 0; i < refs.size(); i++) {
            byRef.put(refs.get(i), outcomes.get(i));
            warnIfUnusable(refs.get(i), outcomes.get(i));
        }
        Map<String, String> sources = new LinkedHashMap<>(loaded.sourceByStage());
        Map<String, String> reasons = new LinkedHashMap<>();
        Map<String, String> manifests = new LinkedHashMap<>();
        for (StageCache stage : plan.stages()) {
            if (!sources.containsKey(stage.stageId())) {
                choose(stage, byRef, sources, reasons, manifests);
            }
        }
        Set<String> explicit = new LinkedHashSet<>();
        for (String ref : plan.explicitCacheFrom()) {
            RegistryCall.Outcome outcome = byRef.get(ref);
            if (outcome != null && outcome.succeeded()) {
                explicit.add(ref);
                manifests.put(ref, outcome.result().stdout());
            }
        }
        return new CacheSources(sources, reasons, explicit, manifests);
    }

    private boolean alreadyServed(String ref) {
        return plan.stages().stream()
                .filter(stage -> stage.candidates().contains(ref))
                .allMatch(stage -> loaded.hasSource(stage.stageId()))
                && !plan.explicitCacheFrom().contains(ref);
    }

    private void choose(StageCache stage, Map<String, RegistryCall.Outcome> byRef, Map<String, String> sources,
            Map<String, String> reasons, Map<String, String> manifests) {
        for (String candidate : stage.candidates()) {
            RegistryCall.Outcome outcome = byRef.get(candidate);
            if (outcome != null && outcome.succeeded()) {
                sources.put(stage.stageId(), candidate);
                manifests.put(candidate, outcome.result().stdout());
                events.info(Phase.RESOLVE, "stage " + stage.stageId() + ": cache from " + candidate);
                return;
            }
        }
        String reason = noSourceReason(stage, byRef);
        reasons.put(stage.stageId(), reason);
        events.info(Phase.RESOLVE, "stage " + stage.stageId() + ": " + reason);
    }

    private static String noSourceReason(StageCache stage, Map<String, RegistryCall.Outcome> byRef) {
        Map<RegistryFailure, List<String>> failures = stage.candidates().stream()
                .filter(byRef::containsKey)
                .collect(Collectors.groupingBy(ref -> byRef.get(ref).failure(), LinkedHashMap::new,
                        Collectors.mapping(Function.identity(), Collectors.toList())));
        List<String> missing = failures.getOrDefault(RegistryFailure.MISSING, List.of());
        if (missing.size() == stage.candidates().size()) {
            return "no cache image found (tried " + String.join(", ", missing) + "); normal on a first build";
        }
        List<String> parts = new ArrayList<>();
        failures.forEach((failure, refs) -> parts.add(failure.describe() + ": " + String.join(", ", refs)));
        return "no usable cache image (" + String.join("; ", parts) + ")";
    }

    private void warnIfUnusable(String ref, RegistryCall.Outcome outcome) {
        if (!outcome.succeeded() && outcome.failure() != RegistryFailure.MISSING) {
            events.warn(Phase.RESOLVE, "cache ref " + ref + ": " + outcome.failure().describe() + " ("
                    + outcome.reason() + "); building without it");
        }
    }
}
