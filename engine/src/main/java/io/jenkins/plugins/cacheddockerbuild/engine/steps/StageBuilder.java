package io.jenkins.plugins.cacheddockerbuild.engine.steps;

import io.jenkins.plugins.cacheddockerbuild.engine.api.BuildFailedException;
import io.jenkins.plugins.cacheddockerbuild.engine.api.CachedBuildException;
import io.jenkins.plugins.cacheddockerbuild.engine.api.InvalidInputException;
import io.jenkins.plugins.cacheddockerbuild.engine.api.Phase;
import io.jenkins.plugins.cacheddockerbuild.engine.backend.BuildObserver;
import io.jenkins.plugins.cacheddockerbuild.engine.backend.BuilderBackend;
import io.jenkins.plugins.cacheddockerbuild.engine.backend.StageBuild;
import io.jenkins.plugins.cacheddockerbuild.engine.dockerfile.Stage;
import io.jenkins.plugins.cacheddockerbuild.engine.output.BuildOutputParser;
import java.io.IOException;
import java.util.Collection;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Has the builder build one target stage, and names a misspelt stage reference behind a failure. Shared by
 * the build steps; not a step itself.
 */
final class StageBuilder {
    private final BuilderBackend builder;
    private final Events events;
    private final BuildPlan plan;

    StageBuilder(BuilderBackend builder, Events events, BuildPlan plan) {
        this.builder = builder;
        this.events = events;
        this.plan = plan;
    }

    BuilderBackend builder() {
        return builder;
    }

    StageBuild build(Stage stage, String tag, Collection<String> cacheFrom)
            throws CachedBuildException, IOException, InterruptedException {
        return build(stage, tag, cacheFrom, parser -> { });
    }

    /** The same, showing {@code progress} the parsed output after every line (on the thread reading it). */
    StageBuild build(Stage stage, String tag, Collection<String> cacheFrom, Consumer<BuildOutputParser> progress)
            throws CachedBuildException, IOException, InterruptedException {
        events.info(Phase.BUILD, "building stage " + stage.id() + " (" + builder.id() + ", cache from: "
                + (cacheFrom.isEmpty() ? "nothing" : String.join(", ", cacheFrom)) + ")");
        try {
            return builder.build(plan.spec(stage, tag, cacheFrom), observer(progress));
        } catch (BuildFailedException e) {
            Optional<InvalidInputException> mistake = UnknownStageReference.explain(plan, stage, e.step(),
                    e.outputTail());
            if (mistake.isPresent()) {
                throw mistake.get();
            }
            throw e;
        }
    }

    /** What a build shows while it runs, as this run's events (also for the registry cache mode's one build). */
    BuildObserver observer(Consumer<BuildOutputParser> progress) {
        return observer(progress, () -> { });
    }

    /** The same, running {@code imageStored} when a build that leaves the push to the engine has stored its image. */
    BuildObserver observer(Consumer<BuildOutputParser> progress, Runnable imageStored) {
        return new BuildObserver() {
            @Override
            public void output(String stageId, String line) {
                events.output(Phase.BUILD, stageId, line);
            }

            @Override
            public void progress(BuildOutputParser soFar) {
                progress.accept(soFar);
            }

            @Override
            public void imageStored() {
                imageStored.run();
            }

            @Override
            public void info(String message) {
                events.info(Phase.BUILD, message);
            }

            @Override
            public void warn(String message) {
                events.warn(Phase.BUILD, message);
            }
        };
    }
}
