package io.jenkins.plugins.cacheddockerbuild.engine.steps;

import io.jenkins.plugins.cacheddockerbuild.engine.api.BuildRequest;
import io.jenkins.plugins.cacheddockerbuild.engine.api.CachedBuildException;
import io.jenkins.plugins.cacheddockerbuild.engine.api.CommandResult;
import io.jenkins.plugins.cacheddockerbuild.engine.api.Phase;
import io.jenkins.plugins.cacheddockerbuild.engine.api.StageReport;
import io.jenkins.plugins.cacheddockerbuild.engine.api.StepRecord;
import io.jenkins.plugins.cacheddockerbuild.engine.backend.BackendCapabilities;
import io.jenkins.plugins.cacheddockerbuild.engine.backend.StageBuild;
import io.jenkins.plugins.cacheddockerbuild.engine.cache.StageCache;
import io.jenkins.plugins.cacheddockerbuild.engine.dockerfile.Stage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds the final stage first, with every cache source, in one build; each intermediate target stage then
 * gets its image from that build where it can.
 * <ul>
 *   <li>A builder that prints every stage's image ({@code printsStageImages}, the legacy builder): a stage's
 *       image is the one its last step made; it is tagged, not built again (one build in all).</li>
 *   <li>A builder that imports cache lazily ({@code lazyCacheImport}, BuildKit) works out each stage the final
 *       image needs from the cache and downloads only the layers it actually uses, but does not name the
 *       stages' images. A stage is built on its own (out of the local cache, so quickly) only when its cache
 *       tag needs a new image: a stage served entirely while its own cache tag was a source keeps that tag as
 *       it is, and none of its layers is downloaded or pushed.</li>
 * </ul>
 * Every stage's steps are reported from the final build, where they met the registry's cache. Where the
 * output shows a stage complete mid-build, its own build starts at once ({@link EarlyStageBuilds}).
 */
final class FinalFirstStep implements Step<StageImages> {
    private final StageBuilder stages;
    private final Events events;
    private final Parallel parallel;
    private final BuildPlan plan;
    private final CacheSources sources;
    private final Map<String, String> tempTags;

    FinalFirstStep(StageBuilder stages, Events events, Parallel parallel, BuildPlan plan, CacheSources sources,
            Map<String, String> tempTags) {
        this.stages = stages;
        this.events = events;
        this.parallel = parallel;
        this.plan = plan;
        this.sources = sources;
        this.tempTags = tempTags;
    }

    /**
     * Several target stages, and either a builder that prints every stage's image, or publishing to a registry
     * only: a cache directory or {@code --no-push} wants every stage's image on the daemon, which BuildKit
     * would only give by building the stages one by one anyway.
     */
    static boolean applies(BuildRequest request, BackendCapabilities can, BuildPlan plan) {
        if (plan.targetStages().size() < 2) {
            return false;
        }
        return can.printsStageImages() || request.push() && request.cacheDir() == null;
    }

    @Override
    public StageImages call() throws CachedBuildException, IOException, InterruptedException {
        BackendCapabilities can = stages.builder().capabilities();
        Set<String> cacheFrom = new LinkedHashSet<>(sources.all());
        Map<String, String> imageTags = new LinkedHashMap<>(tempTags);
        try (EarlyStageBuilds early = new EarlyStageBuilds(stages, events, parallel, plan, tempTags, cacheFrom,
                (stage, steps) -> can.lazyCacheImport() && servedEntirelyWithItsTag(stage, steps))) {
            Stage last = plan.finalStage();
            StageBuild whole = stages.build(last, tempTags.get(last.id()), cacheFrom, early::progress);
            Map<String, List<StepRecord>> steps = whole.stepsByStage();
            List<StageReport> reports = new ArrayList<>();
            double earlierStagesSeconds = 0;
            for (Stage stage : plan.requiredStages()) {
                if (stage.index() == last.index()) {
                    continue;
                }
                List<StepRecord> stageSteps = steps.getOrDefault(stage.id(), List.of());
                double seconds = stageSteps.stream().mapToDouble(StepRecord::seconds).sum();
                earlierStagesSeconds += seconds;
                if (!plan.targetStages().contains(stage)) {
                    reports.add(StageReports.implicit(stage, last, whole));
                    continue;
                }
                Double more = imageOf(stage, stageSteps, whole, cacheFrom, early);
                if (more == null) {
                    imageTags.remove(stage.id());
                }
                seconds += more == null ? 0 : more;
                reports.add(finished(StageReports.target(plan, stage, stageSteps, whole.baseImageId(stage.id()),
                        seconds, sources)));
            }
            reports.add(finished(StageReports.target(plan, last, steps.getOrDefault(last.id(), List.of()),
                    whole.baseImageId(last.id()), Math.max(0, whole.seconds() - earlierStagesSeconds), sources)));
            return new StageImages(reports, imageTags);
        }
    }

    /**
     * Gives an intermediate target stage its image of this build; returns the seconds that took after the final
     * build (none for a build that ran alongside it), or {@code null} when the stage keeps its cache tag as it
     * is and has no image of this build.
     */
    private Double imageOf(Stage stage, List<StepRecord> stageSteps, StageBuild whole, Set<String> cacheFrom,
            EarlyStageBuilds early) throws CachedBuildException, IOException, InterruptedException {
        if (early.started(stage.id())) {
            early.result(stage.id());
            return 0.0;
        }
        BackendCapabilities can = stages.builder().capabilities();
        String printedImage = whole.stageImageId(stage.id());
        if (can.printsStageImages() && tagged(printedImage, tempTags.get(stage.id()))) {
            events.debug(Phase.BUILD, "stage " + stage.id() + ": image " + printedImage + " from the final build");
            return 0.0;
        }
        if (can.lazyCacheImport() && servedEntirelyWithItsTag(stage, stageSteps)) {
            events.info(Phase.BUILD, "stage " + stage.id() + ": every step from cache and "
                    + ownCacheTag(stage) + " was a source; keeping that tag as it is");
            return null;
        }
        return stages.build(stage, tempTags.get(stage.id()), EarlyStageBuilds.ownBuildSources(stageSteps, cacheFrom)).seconds();
    }

    // The builder printed the stage's image: naming it is all it takes. If that fails, the stage is built.
    private boolean tagged(String imageId, String tag) throws CachedBuildException, IOException, InterruptedException {
        if (imageId == null) {
            return false;
        }
        CommandResult result = stages.builder().tag(imageId, tag);
        if (!result.succeeded()) {
            events.debug(Phase.BUILD, "could not tag " + imageId + " as " + tag + " (" + result.firstReasonLine()
                    + "); building the stage on its own");
        }
        return result.succeeded();
    }

    // Hits may come from any source; the stage's own tag having been one of them is what makes it current.
    private boolean servedEntirelyWithItsTag(Stage stage, List<StepRecord> steps) {
        String ownTag = ownCacheTag(stage);
        return !steps.isEmpty() && steps.stream().allMatch(StepRecord::cached) && ownTag != null
                && ownTag.equals(sources.source(stage.id()));
    }

    private String ownCacheTag(Stage stage) {
        return plan.cachePlan().stages().stream().filter(cache -> cache.stageId().equals(stage.id()))
                .map(StageCache::cacheRef).findFirst().orElse(null);
    }

    private StageReport finished(StageReport report) {
        events.stageFinished(report);
        return report;
    }
}
