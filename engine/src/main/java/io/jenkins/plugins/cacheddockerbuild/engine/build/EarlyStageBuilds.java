package io.jenkins.plugins.cacheddockerbuild.engine.build;

import io.jenkins.plugins.cacheddockerbuild.engine.api.BuilderKind;
import io.jenkins.plugins.cacheddockerbuild.engine.api.Phase;
import io.jenkins.plugins.cacheddockerbuild.engine.api.StepRecord;
import io.jenkins.plugins.cacheddockerbuild.engine.dockerfile.Stage;
import io.jenkins.plugins.cacheddockerbuild.engine.output.BuildOutputParser;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.function.BiPredicate;

/**
 * BuildKit, final stage first: an intermediate stage whose cache tag needs a new image gets its own
 * {@code --target} build. Rather than after the final build, that build starts as soon as the final build's
 * output shows the stage complete; it then comes out of BuildKit's local cache while the final build goes on,
 * so it costs no time of its own.
 */
final class EarlyStageBuilds implements AutoCloseable {
    // A killed child gets a few seconds to end politely, then is killed forcibly (as in Parallel).
    private static final long END_SECONDS = 15;
    private final RunContext run;
    private final BuildPlan plan;
    private final Map<String, String> tempTags;
    private final Set<String> cacheFrom;
    private final BiPredicate<Stage, List<StepRecord>> keepsItsTag;
    private final Map<String, FutureTask<BuildStageStep.Result>> started = new LinkedHashMap<>();
    private final List<Thread> threads = new ArrayList<>();

    /**
     * @param keepsItsTag given a complete stage, whether its cache tag stays as it is (no build needed); asked
     *     with the steps the output shows at that moment
     */
    EarlyStageBuilds(RunContext run, BuildPlan plan, Map<String, String> tempTags, Set<String> cacheFrom,
            BiPredicate<Stage, List<StepRecord>> keepsItsTag) {
        this.run = run;
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
            Set<String> sources = FinalFirstStep.ownBuildSources(
                    parser.stepsByStage().getOrDefault(stage.id(), List.of()), cacheFrom);
            FutureTask<BuildStageStep.Result> task = new FutureTask<>(() -> BuildStagesStep.buildOne(run, plan, stage,
                    tempTags.get(stage.id()), BuilderKind.BUILDKIT, sources));
            started.put(stage.id(), task);
            Thread thread = new Thread(task, "cached-docker-build stage " + stage.id());
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
            run.events().debug(Phase.BUILD, "stage " + stage.id() + " is complete in the final build; building its "
                    + "image meanwhile");
        }
    }

    /** Whether a build of the stage was started early. */
    synchronized boolean started(String stageId) {
        return started.get(stageId) != null;
    }

    /** The early build's result, waiting for it; its failure as it is. */
    BuildStageStep.Result result(String stageId) throws Exception {
        FutureTask<BuildStageStep.Result> task;
        synchronized (this) {
            task = started.get(stageId);
        }
        return Parallel.get(task);
    }

    /**
     * Stops builds nobody waited for (an interrupted build kills its docker child) and waits until they have
     * ended, so no docker child outlives the build phase.
     */
    @Override
    public void close() {
        List<Thread> running;
        synchronized (this) {
            started.values().stream().filter(task -> task != null && !task.isDone()).forEach(task -> task.cancel(true));
            running = List.copyOf(threads);
        }
        boolean interrupted = Thread.interrupted();
        try {
            for (Thread thread : running) {
                thread.join(TimeUnit.SECONDS.toMillis(END_SECONDS));
            }
        } catch (InterruptedException again) {
            interrupted = true;
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
