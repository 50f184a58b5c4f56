package io.jenkins.plugins.cacheddockerbuild.engine.build;

import io.jenkins.plugins.cacheddockerbuild.engine.api.Phase;
import io.jenkins.plugins.cacheddockerbuild.engine.cache.CachePlan;
import io.jenkins.plugins.cacheddockerbuild.engine.cache.StageCache;
import io.jenkins.plugins.cacheddockerbuild.engine.docker.RegistryFailure;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Finds, per stage, the first cache candidate that exists, by asking the registry for manifests (all
 * candidates at once) instead of failing pulls one after another. Missing is normal; an unreachable or
 * denying registry is a warning and that candidate is skipped.
 */
final class ResolveCacheStep {
    private ResolveCacheStep() {
    }

    static void resolve(RunContext run, CachePlan plan, CacheSources sources) throws Exception {
        List<String> refs = new ArrayList<>();
        for (String ref : plan.allCandidates()) {
            if (!alreadyServed(plan, sources, ref)) {
                refs.add(ref);
            }
        }
        List<RegistryCall.Outcome> outcomes = Parallel.map(refs, run.request().parallelism(),
                ref -> () -> RegistryCall.run(run, ref, () -> run.builder().lookUp(ref)));
        Map<String, RegistryCall.Outcome> byRef = new java.util.LinkedHashMap<>();
        for (int i = 0; i < refs.size(); i++) {
            byRef.put(refs.get(i), outcomes.get(i));
            warnIfUnusable(run, refs.get(i), outcomes.get(i));
        }
        for (StageCache stage : plan.stages()) {
            if (!sources.hasSource(stage.stageId())) {
                choose(run, stage, byRef, sources);
            }
        }
        for (String ref : plan.explicitCacheFrom()) {
            RegistryCall.Outcome outcome = byRef.get(ref);
            if (outcome != null && outcome.succeeded()) {
                sources.explicitAvailable(ref);
                sources.manifest(ref, outcome.result().stdout());
            }
        }
    }

    private static boolean alreadyServed(CachePlan plan, CacheSources sources, String ref) {
        return plan.stages().stream()
                .filter(stage -> stage.candidates().contains(ref))
                .allMatch(stage -> sources.hasSource(stage.stageId()))
                && !plan.explicitCacheFrom().contains(ref);
    }

    private static void choose(RunContext run, StageCache stage, Map<String, RegistryCall.Outcome> byRef,
            CacheSources sources) {
        for (String candidate : stage.candidates()) {
            RegistryCall.Outcome outcome = byRef.get(candidate);
            if (outcome != null && outcome.succeeded()) {
                sources.use(stage.stageId(), candidate);
                sources.manifest(candidate, outcome.result().stdout());
                run.events().info(Phase.RESOLVE, "stage " + stage.stageId() + ": cache from " + candidate);
                return;
            }
        }
        String reason = noSourceReason(stage, byRef);
        sources.none(stage.stageId(), reason);
        run.events().info(Phase.RESOLVE, "stage " + stage.stageId() + ": " + reason);
    }

    private static String noSourceReason(StageCache stage, Map<String, RegistryCall.Outcome> byRef) {
        Map<RegistryFailure, List<String>> failures = stage.candidates().stream()
                .filter(byRef::containsKey)
                .collect(Collectors.groupingBy(ref -> byRef.get(ref).failure(), java.util.LinkedHashMap::new,
                        Collectors.mapping(Function.identity(), Collectors.toList())));
        List<String> missing = failures.getOrDefault(RegistryFailure.MISSING, List.of());
        if (missing.size() == stage.candidates().size()) {
            return "no cache image found (tried " + String.join(", ", missing) + "); normal on a first build";
        }
        List<String> parts = new ArrayList<>();
        failures.forEach((failure, refs) -> parts.add(failure.describe() + ": " + String.join(", ", refs)));
        return "no usable cache image (" + String.join("; ", parts) + ")";
    }

    private static void warnIfUnusable(RunContext run, String ref, RegistryCall.Outcome outcome) {
        if (!outcome.succeeded() && outcome.failure() != RegistryFailure.MISSING) {
            run.events().warn(Phase.RESOLVE, "cache ref " + ref + ": " + outcome.failure().describe() + " ("
                    + outcome.reason() + "); building without it");
        }
    }
}
