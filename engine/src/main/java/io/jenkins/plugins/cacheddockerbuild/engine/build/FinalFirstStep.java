package io.jenkins.plugins.cacheddockerbuild.engine.build;

import io.jenkins.plugins.cacheddockerbuild.engine.api.CommandResult;
import io.jenkins.plugins.cacheddockerbuild.engine.api.Phase;
import io.jenkins.plugins.cacheddockerbuild.engine.api.StageReport;
import io.jenkins.plugins.cacheddockerbuild.engine.api.StepRecord;
import io.jenkins.plugins.cacheddockerbuild.engine.backend.BackendCapabilities;
import io.jenkins.plugins.cacheddockerbuild.engine.backend.StageBuild;
import io.jenkins.plugins.cacheddockerbuild.engine.cache.StageCache;
import io.jenkins.plugins.cacheddockerbuild.engine.dockerfile.Stage;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds the final stage first, with every cache source, in one {@code docker build}; each intermediate
 * target stage then gets its image from that build where it can.
 * <ul>
 *   <li>The legacy builder prints the image every step made, so a stage's image is the one its last step
 *       made: it is tagged, not built again (one {@code docker build} in all).</li>
 *   <li>BuildKit works out each stage the final image needs from the cache and downloads only the layers it
 *       actually uses (when nothing changed, only the final image's), but does not name the stages' images.
 *       A stage is built on its own ({@code --target}, out of BuildKit's local cache, so quickly) only when
 *       its cache tag needs a new image: a stage served entirely while its own cache tag was a source keeps
 *       that tag as it is, and none of its layers is downloaded or pushed.</li>
 * </ul>
 * Every stage's steps are reported from the final build, where they met the registry's cache. With BuildKit
 * such a build of a stage starts as soon as the final build has completed that stage ({@link EarlyStageBuilds}).
 */
final class FinalFirstStep {
    private FinalFirstStep() {
    }

    /**
     * Several target stages, and either the legacy builder (every stage's image comes out of the one build)
     * or BuildKit publishing to a registry only: a cache directory or {@code --no-push} wants every stage's
     * image on the daemon, which BuildKit would only give by building the stages one by one anyway.
     */
    static boolean applies(RunContext run, BuildPlan plan) {
        if (plan.targetStages().size() < 2) {
            return false;
        }
        return run.builder().capabilities().printsStageImages()
                || run.request().push() && run.request().cacheDir() == null;
    }

    static List<StageReport> build(RunContext run, BuildPlan plan, CacheSources sources,
            Map<String, String> tempTags) throws Exception {
        BackendCapabilities can = run.builder().capabilities();
        Set<String> cacheFrom = new LinkedHashSet<>(sources.all());
        // (only BuildKit's output tells that a stage is complete mid-build, so only BuildKit starts early builds)
        try (EarlyStageBuilds early = new EarlyStageBuilds(run, plan, tempTags, cacheFrom,
                (stage, steps) -> can.lazyCacheImport() && servedEntirelyWithItsTag(plan, sources, stage, steps))) {
            Stage last = plan.finalStage();
            StageBuild whole = BuildStageStep.build(run, plan, last, tempTags.get(last.id()), cacheFrom,
                    early::progress);
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
                    reports.add(BuildStagesStep.implicitReport(stage, last, whole));
                    continue;
                }
                seconds += imageOf(run, plan, stage, stageSteps, whole, sources, tempTags, cacheFrom, early);
                reports.add(finished(run, BuildStagesStep.targetReport(plan, stage, stageSteps,
                        whole.baseImageId(stage.id()), seconds, sources)));
            }
            reports.add(finished(run, BuildStagesStep.targetReport(plan, last, steps.getOrDefault(last.id(), List.of()),
                    whole.baseImageId(last.id()), Math.max(0, whole.seconds() - earlierStagesSeconds),
                    sources)));
            return reports;
        }
    }

    /**
     * Gives an intermediate target stage its image of this build, or keeps its cache tag as it is; returns the
     * seconds that took after the final build (none for a build that ran alongside it).
     */
    private static double imageOf(RunContext run, BuildPlan plan, Stage stage,
            List<StepRecord> stageSteps, StageBuild whole, CacheSources sources,
            Map<String, String> tempTags, Set<String> cacheFrom, EarlyStageBuilds early) throws Exception {
        if (early.started(stage.id())) {
            early.result(stage.id());
            return 0;
        }
        BackendCapabilities can = run.builder().capabilities();
        String printedImage = whole.stageImageId(stage.id());
        if (can.printsStageImages() && tagged(run, printedImage, tempTags.get(stage.id()))) {
            run.events().debug(Phase.BUILD, "stage " + stage.id() + ": image " + printedImage + " from the final build");
            return 0;
        }
        if (can.lazyCacheImport() && servedEntirelyWithItsTag(plan, sources, stage, stageSteps)) {
            tempTags.remove(stage.id());
            run.events().info(Phase.BUILD, "stage " + stage.id() + ": every step from cache and "
                    + ownCacheTag(plan, stage) + " was a source; keeping that tag as it is");
            return 0;
        }
        return BuildStageStep.build(run, plan, stage, tempTags.get(stage.id()),
                ownBuildSources(stageSteps, cacheFrom)).seconds();
    }

    /**
     * The cache sources of a stage's own build after the final build. A stage in which a step ran is entirely
     * in the local cache by then (the step needed everything before it): its build needs no source, and
     * without one BuildKit exports complete inline cache records, so no refresh is needed
     * (the inline cache backend's refresh). A stage served entirely from the cache may not have been downloaded.
     */
    static Set<String> ownBuildSources(List<StepRecord> stageSteps, Set<String> cacheFrom) {
        return stageSteps.stream().anyMatch(step -> !step.cached()) ? Set.of() : cacheFrom;
    }

    // The legacy builder printed the stage's image: naming it is all it takes. If that fails, the stage is built.
    private static boolean tagged(RunContext run, String imageId, String tag) throws Exception {
        if (imageId == null) {
            return false;
        }
        CommandResult result = run.builder().tag(imageId, tag);
        if (!result.succeeded()) {
            run.events().debug(Phase.BUILD, "could not tag " + imageId + " as " + tag + " (" + result.firstReasonLine()
                    + "); building the stage on its own");
        }
        return result.succeeded();
    }

    // Hits may come from any source; the stage's own tag having been one of them is what makes it current.
    private static boolean servedEntirelyWithItsTag(BuildPlan plan, CacheSources sources, Stage stage,
            List<StepRecord> steps) {
        String ownTag = ownCacheTag(plan, stage);
        return !steps.isEmpty() && steps.stream().allMatch(StepRecord::cached) && ownTag != null
                && ownTag.equals(sources.source(stage.id()));
    }

    private static String ownCacheTag(BuildPlan plan, Stage stage) {
        return plan.cachePlan().stages().stream().filter(cache -> cache.stageId().equals(stage.id()))
                .map(StageCache::cacheRef).findFirst().orElse(null);
    }

    private static StageReport finished(RunContext run, StageReport report) {
        run.events().stageFinished(report);
        return report;
    }
}
