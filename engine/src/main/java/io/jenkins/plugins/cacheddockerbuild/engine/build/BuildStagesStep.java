package io.jenkins.plugins.cacheddockerbuild.engine.build;

import io.jenkins.plugins.cacheddockerbuild.engine.api.StageReport;
import io.jenkins.plugins.cacheddockerbuild.engine.api.StepRecord;
import io.jenkins.plugins.cacheddockerbuild.engine.backend.StageBuild;
import io.jenkins.plugins.cacheddockerbuild.engine.cache.TagSanitizer;
import io.jenkins.plugins.cacheddockerbuild.engine.dockerfile.Stage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds the target stages in order, each with its own {@code --target} and a temporary tag unique to this
 * run (so a concurrent build of the same branch never sees a half-built tag), and turns the parsed output
 * into per-stage statistics.
 */
final class BuildStagesStep {
    static final String TEMP_REPOSITORY = "cached-docker-build-tmp";

    private BuildStagesStep() {
    }

    /** Temporary tags per target stage id, in build order. */
    static Map<String, String> temporaryTags(RunContext run, BuildPlan plan) throws Exception {
        Map<String, String> tags = new LinkedHashMap<>();
        for (Stage stage : plan.targetStages()) {
            tags.put(stage.id(), TEMP_REPOSITORY + ":" + run.runId() + "-" + TagSanitizer.toTag("target", stage.id(), 60));
        }
        return tags;
    }

    /**
     * Builds the target stages: final stage first when {@link FinalFirstStep} applies (a stage it keeps as it
     * is has no image of this build: its temporary tag is taken out of {@code tempTags}), else one by one.
     */
    static List<StageReport> build(RunContext run, BuildPlan plan, CacheSources sources,
            Map<String, String> tempTags) throws Exception {
        if (FinalFirstStep.applies(run, plan)) {
            return FinalFirstStep.build(run, plan, sources, tempTags);
        }
        List<StageReport> reports = new ArrayList<>();
        Set<String> reported = new LinkedHashSet<>();
        List<String> builtLocally = new ArrayList<>();
        for (Stage stage : plan.targetStages()) {
            Set<String> cacheFrom = new LinkedHashSet<>(sources.all());
            if (run.builder().capabilities().pullsCacheFirst()) {
                // The classic builder only reuses images it is given, including the stages just built.
                cacheFrom.addAll(builtLocally);
            }
            String tag = tempTags.get(stage.id());
            StageBuild result = BuildStageStep.build(run, plan, stage, tag, cacheFrom);
            builtLocally.add(tag);
            // with a per-step registry cache, the stages built inside this one met the same cache source
            String shared = run.builder().capabilities().registryLayerCache() ? sources.source(stage.id()) : null;
            double implicitSeconds = 0;
            for (Stage implicit : implicitStagesBefore(plan, stage, reported)) {
                StageReport inside = implicitReport(implicit, stage, result, shared);
                implicitSeconds += inside.seconds();
                reports.add(inside);
                reported.add(implicit.id());
            }
            StageReport report = targetReport(plan, stage, result.steps(stage.id()), result.baseImageId(stage.id()),
                    Math.max(0, result.seconds() - implicitSeconds), sources);
            reports.add(report);
            reported.add(stage.id());
            run.events().stageFinished(report);
        }
        return reports;
    }

    private static List<Stage> implicitStagesBefore(BuildPlan plan, Stage target, Set<String> reported) {
        return plan.requiredStages().stream()
                .filter(stage -> stage.index() < target.index())
                .filter(stage -> !plan.targetStages().contains(stage))
                .filter(stage -> !reported.contains(stage.id()))
                .toList();
    }

    static StageReport targetReport(BuildPlan plan, Stage stage, List<StepRecord> steps, String baseImageId,
            double seconds, CacheSources sources) {
        boolean isFinal = stage.index() == plan.finalStage().index();
        return new StageReport(stage.id(), isFinal, steps.size(), countCached(steps), sources.source(stage.id()),
                sources.source(stage.id()) == null ? sources.reason(stage.id()) : null, stage.baseImage(),
                baseImageId, round(seconds), steps, null);
    }

    static StageReport implicitReport(Stage implicit, Stage builtBy, StageBuild result) {
        return implicitReport(implicit, builtBy, result, null);
    }

    /** @param sharedSource the cache source the stage met inside {@code builtBy}'s build, or {@code null} */
    static StageReport implicitReport(Stage implicit, Stage builtBy, StageBuild result, String sharedSource) {
        List<StepRecord> steps = result.steps(implicit.id());
        double seconds = steps.stream().mapToDouble(StepRecord::seconds).sum();
        // a named stage is built inside another only with a per-step registry cache (buildah's layer cache)
        String reason = implicit.name() == null
                ? "unnamed stage: built inside stage " + builtBy.id() + "'s build with no cache tag of its own "
                        + "(name it with FROM ... AS name to give it one)"
                : "built inside stage " + builtBy.id() + "'s build; its steps are cached one by one in the "
                        + "builder's layer cache, with no cache tag of its own";
        return new StageReport(implicit.id(), false, steps.size(), countCached(steps), sharedSource,
                sharedSource == null ? reason : null,
                implicit.baseImage(), result.baseImageId(implicit.id()), round(seconds), steps, null);
    }

    private static int countCached(List<StepRecord> steps) {
        return (int) steps.stream().filter(StepRecord::cached).count();
    }

    static double round(double seconds) {
        return Math.round(seconds * 1000) / 1000.0;
    }
}
