package io.jenkins.plugins.cacheddockerbuild.engine.build;

import io.jenkins.plugins.cacheddockerbuild.engine.api.BuilderKind;
import io.jenkins.plugins.cacheddockerbuild.engine.api.Phase;
import io.jenkins.plugins.cacheddockerbuild.engine.api.StageReport;
import io.jenkins.plugins.cacheddockerbuild.engine.api.StepRecord;
import io.jenkins.plugins.cacheddockerbuild.engine.cache.StageCache;
import io.jenkins.plugins.cacheddockerbuild.engine.dockerfile.Stage;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * BuildKit only: builds the final stage first, with every cache source. BuildKit works out each stage the
 * final image needs from the cache and downloads only the layers it actually uses (when nothing changed,
 * only the final image's). An intermediate stage is then built on its own ({@code --target}, out of
 * BuildKit's local cache, so quickly) only when its cache tag needs a new image: a stage served entirely
 * while its own cache tag was a source keeps that tag as it is, and none of its layers is downloaded or
 * pushed. Every stage's steps are reported from the final build, where they met the registry's cache.
 */
final class FinalFirstStep {
    private FinalFirstStep() {
    }

    /**
     * BuildKit with several target stages, publishing to a registry only: a cache directory or
     * {@code --no-push} wants every stage's image on the daemon, so those build stage by stage.
     */
    static boolean applies(RunContext run, BuildPlan plan, BuilderKind builder) {
        return builder == BuilderKind.BUILDKIT && plan.targetStages().size() > 1 && run.request().push()
                && run.request().cacheDir() == null;
    }

    static List<StageReport> build(RunContext run, BuildPlan plan, CacheSources sources,
            Map<String, String> tempTags) throws Exception {
        Set<String> cacheFrom = new LinkedHashSet<>(sources.all());
        Stage last = plan.finalStage();
        BuildStageStep.Result whole = BuildStagesStep.buildOne(run, plan, last, tempTags.get(last.id()),
                BuilderKind.BUILDKIT, cacheFrom);
        Map<String, List<StepRecord>> steps = whole.output().stepsByStage();
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
            String ownTag = ownCacheTag(plan, stage);
            if (servedEntirelyWithItsTag(stageSteps, ownTag, sources.source(stage.id()))) {
                tempTags.remove(stage.id());
                run.events().info(Phase.BUILD, "stage " + stage.id() + ": every step from cache and " + ownTag
                        + " was a source; keeping that tag as it is");
            } else {
                seconds += BuildStagesStep.buildOne(run, plan, stage, tempTags.get(stage.id()), BuilderKind.BUILDKIT,
                        cacheFrom).seconds();
            }
            reports.add(finished(run, BuildStagesStep.targetReport(plan, stage, stageSteps,
                    whole.output().baseImageId(stage.id()), seconds, sources)));
        }
        reports.add(finished(run, BuildStagesStep.targetReport(plan, last, steps.getOrDefault(last.id(), List.of()),
                whole.output().baseImageId(last.id()), Math.max(0, whole.seconds() - earlierStagesSeconds), sources)));
        return reports;
    }

    // Hits may come from any source; the stage's own tag having been one of them is what makes it current.
    private static boolean servedEntirelyWithItsTag(List<StepRecord> steps, String ownTag, String source) {
        return !steps.isEmpty() && steps.stream().allMatch(StepRecord::cached) && ownTag != null
                && ownTag.equals(source);
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
