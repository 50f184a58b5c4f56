package io.jenkins.plugins.cacheddockerbuild.engine.steps;

import io.jenkins.plugins.cacheddockerbuild.engine.api.CachedBuildException;
import io.jenkins.plugins.cacheddockerbuild.engine.api.Phase;
import io.jenkins.plugins.cacheddockerbuild.engine.api.StepRecord;
import io.jenkins.plugins.cacheddockerbuild.engine.backend.StageBuild;
import io.jenkins.plugins.cacheddockerbuild.engine.dockerfile.Stage;
import io.jenkins.plugins.cacheddockerbuild.engine.output.BuildOutputParser;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiPredicate;

/**
 * BuildKit, final stage first: an intermediate stage whose cache tag needs a new image gets its own
 * {@code --target} build. Rather than after the final build, that build starts as soon as the final build's
 * output shows the stage complete; it then comes out of BuildKit's local cache while the final build goes on,
 * so it costs no time of its own.
 */
final class EarlyStageBuilds implements AutoCloseable {
    private final StageBuilder stages;
    private final Events events;
    private final Parallel parallel;
    private final BuildPlan plan;
    private final Map<String, String> tempTags;
    private final Set<String> cacheFrom;
    private final BiPredicate<Stage, List<StepRecord>> keepsItsTag;
    private final Map<String, Background<StageBuild>> started = new LinkedHashMap<>();

    /**
     * @param keepsItsTag given a complete stage, whether its cache tag stays as it is (no build needed); asked
     *     with the steps the output shows at that moment
     */
    EarlyStageBuilds(StageBuilder stages, Events events, Parallel parallel, BuildPlan plan,
            Map<String, String> tempTags, Set<String> cacheFrom, BiPredicate<Stage, List<StepRecord>> keepsItsTag) {
        this.stages = stages;
        this.events = events;
        this.parallel = parallel;
        this.plan = plan;
        this.tempTags = Map.copyOf(tempTags);
        this.cacheFrom = cacheFrom;
        this.keepsItsTag = keepsItsTag;
    }

    /** Looks at the final build's output so far; starts the build of each stage that just became complete. */
    synchronized void progress(BuildOutputParser parser) {
        for (Stage stage : plan.targetStages()) {
            if (stage.index() == plan.finalStage().index() || started.containsKey(stage.id())
                    || !parser.stageFinished(stage.id())) {
                continue;
            }
            if (keepsItsTag.test(stage, parser.stepsByStage().getOrDefault(stage.id(), List.of()))) {
                started.put(stage.id(), null);
                continue;
            }
            Set<String> sources = ownBuildSources(
                    parser.stepsByStage().getOrDefault(stage.id(), List.of()), cacheFrom);
            started.put(stage.id(), parallel.start(() -> stages.build(stage, tempTags.get(stage.id()),
                    sources)));
            events.debug(Phase.BUILD, "stage " + stage.id() + " is complete in the final build; building its "
                    + "image meanwhile");
        }
    }

    /**
     * The cache sources of a stage's own build after the final build. A stage in which a step ran is entirely
     * in the local cache by then (the step needed everything before it): its build needs no source, and
     * without one BuildKit exports complete inline cache records, so no refresh is needed. A stage served
     * entirely from the cache may not have been downloaded.
     */
    static Set<String> ownBuildSources(List<StepRecord> stageSteps, Set<String> cacheFrom) {
        return stageSteps.stream().anyMatch(step -> !step.cached()) ? Set.of() : cacheFrom;
    }

    /** Whether a build of the stage was started early. */
    synchronized boolean started(String stageId) {
        return started.get(stageId) != null;
    }

    /** The early build's result, waiting for it; its failure as it is. */
    StageBuild result(String stageId) throws CachedBuildException, IOException, InterruptedException {
        Background<StageBuild> build;
        synchronized (this) {
            build = started.get(stageId);
        }
        return build.await();
    }

    /** Stops builds nobody waited for and waits until they have ended. */
    @Override
    public void close() {
        List<Background<StageBuild>> builds;
        synchronized (this) {
            builds = started.values().stream().filter(build -> build != null).toList();
        }
        builds.forEach(Background::close);
    }
}
