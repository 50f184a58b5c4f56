package io.jenkins.plugins.cacheddockerbuild.engine.steps;

import io.jenkins.plugins.cacheddockerbuild.engine.api.StageReport;
import io.jenkins.plugins.cacheddockerbuild.engine.api.StepRecord;
import io.jenkins.plugins.cacheddockerbuild.engine.backend.StageBuild;
import io.jenkins.plugins.cacheddockerbuild.engine.dockerfile.Stage;
import java.util.List;

/** Turns what a build did into the report's per-stage statistics. Shared by the build steps. */
final class StageReports {
    private StageReports() {
    }

    static StageReport target(BuildPlan plan, Stage stage, StageBuild build, CacheSources sources) {
        return target(plan, stage, build.steps(stage.id()), build.baseImageId(stage.id()), build.seconds(), sources);
    }

    static StageReport target(BuildPlan plan, Stage stage, List<StepRecord> steps, String baseImageId,
            double seconds, CacheSources sources) {
        boolean isFinal = stage.index() == plan.finalStage().index();
        return new StageReport(stage.id(), isFinal, steps.size(), countCached(steps), sources.source(stage.id()),
                sources.source(stage.id()) == null ? sources.reason(stage.id()) : null, stage.baseImage(),
                baseImageId, round(seconds), steps, null);
    }

    /** An unnamed intermediate stage, built inside the build of {@code builtBy}. */
    static StageReport implicit(Stage implicit, Stage builtBy, StageBuild build) {
        return implicit(implicit, builtBy, build, null);
    }

    /**
     * An intermediate stage built inside the build of {@code builtBy}: an unnamed one, or with a per-step
     * registry cache (buildah's layer cache) a named one too.
     *
     * @param sharedSource the cache source the stage met inside that build, or {@code null}
     */
    static StageReport implicit(Stage implicit, Stage builtBy, StageBuild build, String sharedSource) {
        List<StepRecord> steps = build.steps(implicit.id());
        double seconds = steps.stream().mapToDouble(StepRecord::seconds).sum();
        String reason = implicit.name() == null
                ? "unnamed stage: built inside stage " + builtBy.id() + "'s build with no cache tag of its own "
                        + "(name it with FROM ... AS name to give it one)"
                : "built inside stage " + builtBy.id() + "'s build; its steps are cached one by one in the "
                        + "builder's layer cache, with no cache tag of its own";
        return new StageReport(implicit.id(), false, steps.size(), countCached(steps), sharedSource,
                sharedSource == null ? reason : null, implicit.baseImage(), build.baseImageId(implicit.id()),
                round(seconds), steps, null);
    }

    private static int countCached(List<StepRecord> steps) {
        return (int) steps.stream().filter(StepRecord::cached).count();
    }

    static double round(double seconds) {
        return Math.round(seconds * 1000) / 1000.0;
    }
}
