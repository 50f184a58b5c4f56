package io.jenkins.plugins.cacheddockerbuild.engine.steps;

import io.jenkins.plugins.cacheddockerbuild.engine.api.CachedBuildException;
import io.jenkins.plugins.cacheddockerbuild.engine.api.Phase;
import io.jenkins.plugins.cacheddockerbuild.engine.api.PushedRef;
import io.jenkins.plugins.cacheddockerbuild.engine.api.StageReport;
import io.jenkins.plugins.cacheddockerbuild.engine.api.StepRecord;
import io.jenkins.plugins.cacheddockerbuild.engine.backend.RegistryCacheBuild;
import io.jenkins.plugins.cacheddockerbuild.engine.backend.RegistryCacheExport;
import io.jenkins.plugins.cacheddockerbuild.engine.dockerfile.Stage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The registry cache mode's one build: the target with every existing cache of the chain as {@code --cache-from},
 * this branch's cache exported with {@code mode=max}, and the image pushed by the build. No stage gets a tag or
 * push of its own: the cache holds every stage's layers (docs/cache-model.md). Every stage the target needs is
 * reported from that one build. A build into the daemon's image store leaves the push to the engine: it runs
 * {@code imageStored} as soon as the image is stored, while the cache is still exported.
 */
final class RegistryCacheBuildStep implements Step<RegistryCacheBuildStep.Built> {
    private final StageBuilder stages;
    private final Events events;
    private final BuildPlan plan;
    private final String cacheRef;
    private final List<String> existing;
    private final String tag;
    private final Runnable imageStored;

    /**
     * What the build did, per stage, and what it pushed; the refs the registry refused once every step had
     * completed, with buildx's first failure line ({@code null} when nothing was refused); whether the build
     * pushed the image, or left it, stored under the temporary tag and the final refs, to the engine.
     */
    record Built(List<StageReport> stages, List<PushedRef> pushed, List<String> notPushed, String pushFailure,
            boolean pushedByBuild) {
    }

    /**
     * @param tag the run's temporary name for the image, where the build stores it in the daemon
     * @param imageStored what to do once the build has stored the image in the daemon (start pushing it)
     */
    RegistryCacheBuildStep(StageBuilder stages, Events events, BuildPlan plan, String cacheRef, List<String> existing,
            String tag, Runnable imageStored) {
        this.stages = stages;
        this.events = events;
        this.plan = plan;
        this.cacheRef = cacheRef;
        this.existing = List.copyOf(existing);
        this.tag = tag;
        this.imageStored = imageStored;
    }

    @Override
    public Built call() throws CachedBuildException, IOException, InterruptedException {
        Stage target = plan.finalStage();
        List<String> finalRefs = plan.cachePlan().finalRefs();
        events.info(Phase.BUILD, "building " + target.id() + " with buildx (cache from: "
                + (existing.isEmpty() ? "nothing" : String.join(", ", existing)) + "; cache to: " + cacheRef
                + ", mode=max; pushing " + String.join(", ", finalRefs) + ")");
        RegistryCacheBuild result = stages.builder().buildAndPush(plan.spec(target, tag, existing),
                new RegistryCacheExport(finalRefs, cacheRef), stages.observer(parser -> { }, imageStored));
        String source = existing.isEmpty() ? null : existing.get(0);
        List<StageReport> reports = new ArrayList<>();
        for (Stage stage : plan.requiredStages()) {
            List<StepRecord> steps = result.build().steps(stage.id());
            boolean isFinal = stage.index() == target.index();
            double seconds = isFinal ? result.build().seconds() : steps.stream().mapToDouble(StepRecord::seconds).sum();
            StageReport report = new StageReport(stage.id(), isFinal, steps.size(),
                    (int) steps.stream().filter(StepRecord::cached).count(), source,
                    source == null ? "no registry cache found" : null, stage.baseImage(),
                    result.build().baseImageId(stage.id()), StageReports.round(seconds), steps, null);
            reports.add(report);
            events.stageFinished(report);
        }
        List<PushedRef> pushed = new ArrayList<>();
        for (String ref : result.pushedByBuild() ? finalRefs : List.<String>of()) {
            if (result.notPushed().contains(ref)) {
                continue;
            }
            pushed.add(new PushedRef(ref, result.pushedDigests().get(ref), "final"));
        }
        if (result.cacheExported()) {
            pushed.add(new PushedRef(cacheRef, null, "cache"));
        }
        return new Built(reports, pushed, result.notPushed(), result.pushFailure(), result.pushedByBuild());
    }
}
