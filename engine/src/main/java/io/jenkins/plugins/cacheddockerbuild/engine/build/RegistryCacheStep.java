package io.jenkins.plugins.cacheddockerbuild.engine.build;

import io.jenkins.plugins.cacheddockerbuild.engine.api.Phase;
import io.jenkins.plugins.cacheddockerbuild.engine.api.PushedRef;
import io.jenkins.plugins.cacheddockerbuild.engine.api.StageReport;
import io.jenkins.plugins.cacheddockerbuild.engine.api.StepRecord;
import io.jenkins.plugins.cacheddockerbuild.engine.backend.RegistryCacheBuild;
import io.jenkins.plugins.cacheddockerbuild.engine.backend.RegistryCacheExport;
import io.jenkins.plugins.cacheddockerbuild.engine.docker.RegistryFailure;
import io.jenkins.plugins.cacheddockerbuild.engine.dockerfile.Stage;
import java.util.ArrayList;
import java.util.List;

/**
 * The registry cache mode: one build of the target with every existing cache of the fallback chain as
 * {@code --cache-from}, this branch's cache exported with {@code mode=max}, and the image pushed by the build.
 * No stage gets a tag or push of its own: the cache holds every stage's layers (see docs/cache-model.md).
 */
final class RegistryCacheStep {
    private RegistryCacheStep() {
    }

    /** What the build did, per stage, and what it pushed. */
    record Built(List<StageReport> stages, List<PushedRef> pushed) {
    }

    /**
     * Starts asking the registry for the chain's caches while the builder is still being probed (it can only
     * be used if the probe picks the registry cache; otherwise it is dropped): each lookup is a docker process
     * of ~0.1 s, and the probe is several.
     */
    static Background<List<RegistryCall.Outcome>> lookUpEarly(RunContext early, List<String> chain) {
        return Background.start("registry cache lookups", () -> lookUp(early, chain));
    }

    /** Asks the registry for every cache of {@code chain} at once. */
    static List<RegistryCall.Outcome> lookUp(RunContext run, List<String> chain) throws Exception {
        return Parallel.map(chain, run.request().parallelism(),
                ref -> () -> RegistryCall.run(run, ref, () -> run.builder().lookUp(ref)));
    }

    /**
     * The caches of {@code chain} that exist, in chain order; a missing one costs nothing further, an
     * unreachable or denying registry is a warning.
     */
    static List<String> resolve(RunContext run, List<String> chain, List<RegistryCall.Outcome> outcomes) {
        List<String> existing = new ArrayList<>();
        for (int i = 0; i < chain.size(); i++) {
            RegistryCall.Outcome outcome = outcomes.get(i);
            if (outcome.succeeded()) {
                existing.add(chain.get(i));
                run.events().info(Phase.RESOLVE, "registry cache " + chain.get(i) + " found");
            } else if (outcome.failure() != RegistryFailure.MISSING) {
                run.events().warn(Phase.RESOLVE, "registry cache " + chain.get(i) + ": " + outcome.failure().describe()
                        + " (" + outcome.reason() + "); building without it");
            }
        }
        if (existing.isEmpty()) {
            run.events().info(Phase.RESOLVE, "no registry cache found (tried " + String.join(", ", chain)
                    + "); normal on a first build");
        }
        return existing;
    }

    /** Builds and pushes the target, exporting {@code cacheRef}; every required stage reported from the one build. */
    static Built build(RunContext run, BuildPlan plan, String cacheRef, List<String> existing) throws Exception {
        Stage target = plan.finalStage();
        String source = existing.isEmpty() ? null : existing.get(0);
        run.events().info(Phase.BUILD, "building " + target.id() + " with buildx (cache from: "
                + (existing.isEmpty() ? "nothing" : String.join(", ", existing)) + "; cache to: " + cacheRef
                + ", mode=max; pushing " + String.join(", ", plan.cachePlan().finalRefs()) + ")");
        RegistryCacheBuild result = run.builder().buildAndPush(plan.spec(target, plan.cachePlan().finalRefs().get(0),
                existing), new RegistryCacheExport(plan.cachePlan().finalRefs(), cacheRef),
                BuildStageStep.observer(run, parser -> { }));
        List<StageReport> stages = new ArrayList<>();
        for (Stage stage : plan.requiredStages()) {
            List<StepRecord> steps = result.build().steps(stage.id());
            boolean isFinal = stage.index() == target.index();
            double seconds = isFinal ? result.build().seconds() : steps.stream().mapToDouble(StepRecord::seconds).sum();
            StageReport report = new StageReport(stage.id(), isFinal, steps.size(),
                    (int) steps.stream().filter(StepRecord::cached).count(), source,
                    source == null ? "no registry cache found" : null, stage.baseImage(),
                    result.build().baseImageId(stage.id()), BuildStagesStep.round(seconds), steps, null);
            stages.add(report);
            run.events().stageFinished(report);
        }
        List<PushedRef> pushed = new ArrayList<>();
        for (String ref : plan.cachePlan().finalRefs()) {
            pushed.add(new PushedRef(ref, result.pushedDigests().get(ref), "final"));
        }
        if (result.cacheExported()) {
            pushed.add(new PushedRef(cacheRef, null, "cache"));
        }
        return new Built(stages, pushed);
    }
}
