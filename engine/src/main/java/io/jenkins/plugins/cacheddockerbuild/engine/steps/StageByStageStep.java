package io.jenkins.plugins.cacheddockerbuild.engine.steps;

import io.jenkins.plugins.cacheddockerbuild.engine.api.CachedBuildException;
import io.jenkins.plugins.cacheddockerbuild.engine.api.StageReport;
import io.jenkins.plugins.cacheddockerbuild.engine.backend.StageBuild;
import io.jenkins.plugins.cacheddockerbuild.engine.dockerfile.Stage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds the target stages in order, each with its own target and its temporary tag, and turns the parsed
 * output into per-stage statistics. Used where {@link FinalFirstStep} does not apply.
 */
final class StageByStageStep implements Step<StageImages> {
    private final StageBuilder stages;
    private final Events events;
    private final BuildPlan plan;
    private final CacheSources sources;
    private final Map<String, String> tempTags;

    StageByStageStep(StageBuilder stages, Events events, BuildPlan plan, CacheSources sources,
            Map<String, String> tempTags) {
        this.stages = stages;
        this.events = events;
        this.plan = plan;
        this.sources = sources;
        this.tempTags = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(tempTags));
    }

    @Override
    public StageImages call() throws CachedBuildException, IOException, InterruptedException {
        List<StageReport> reports = new ArrayList<>();
        Set<String> reported = new LinkedHashSet<>();
        List<String> builtLocally = new ArrayList<>();
        for (Stage stage : plan.targetStages()) {
            Set<String> cacheFrom = new LinkedHashSet<>(sources.all());
            if (stages.builder().capabilities().pullsCacheFirst()) {
                // Such a builder only reuses images it is given, including the stages just built.
                cacheFrom.addAll(builtLocally);
            }
            String tag = tempTags.get(stage.id());
            StageBuild result = stages.build(stage, tag, cacheFrom);
            builtLocally.add(tag);
            // with a per-step registry cache, the stages built inside this one met the same cache source
            String shared = stages.builder().capabilities().registryLayerCache() ? sources.source(stage.id()) : null;
            double insideSeconds = 0;
            for (Stage implicit : implicitStagesBefore(stage, reported)) {
                StageReport inside = StageReports.implicit(implicit, stage, result, shared);
                insideSeconds += inside.seconds();
                reports.add(inside);
                reported.add(implicit.id());
            }
            StageReport report = StageReports.target(plan, stage, result.steps(stage.id()),
                    result.baseImageId(stage.id()), Math.max(0, result.seconds() - insideSeconds), sources);
            reports.add(report);
            reported.add(stage.id());
            events.stageFinished(report);
        }
        return new StageImages(reports, tempTags);
    }

    private List<Stage> implicitStagesBefore(Stage target, Set<String> reported) {
        return plan.requiredStages().stream()
                .filter(stage -> stage.index() < target.index())
                .filter(stage -> !plan.targetStages().contains(stage))
                .filter(stage -> !reported.contains(stage.id()))
                .toList();
    }
}
