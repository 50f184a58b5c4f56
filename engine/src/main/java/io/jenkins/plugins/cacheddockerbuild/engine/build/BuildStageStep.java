package io.jenkins.plugins.cacheddockerbuild.engine.build;

import io.jenkins.plugins.cacheddockerbuild.engine.api.BuildFailedException;
import io.jenkins.plugins.cacheddockerbuild.engine.api.InvalidInputException;
import io.jenkins.plugins.cacheddockerbuild.engine.api.Phase;
import io.jenkins.plugins.cacheddockerbuild.engine.backend.BuildObserver;
import io.jenkins.plugins.cacheddockerbuild.engine.backend.StageBuild;
import io.jenkins.plugins.cacheddockerbuild.engine.dockerfile.Stage;
import io.jenkins.plugins.cacheddockerbuild.engine.output.BuildOutputParser;
import java.util.Collection;
import java.util.Optional;
import java.util.function.Consumer;

/** Has the builder build one target stage, and names a misspelt stage reference behind a failure. */
final class BuildStageStep {

    private BuildStageStep() {
    }

    static StageBuild build(RunContext run, BuildPlan plan, Stage stage, String tag, Collection<String> cacheFrom)
            throws Exception {
        return build(run, plan, stage, tag, cacheFrom, parser -> { });
    }

    /** The same, showing {@code progress} the parsed output after every line (on the thread reading it). */
    static StageBuild build(RunContext run, BuildPlan plan, Stage stage, String tag, Collection<String> cacheFrom,
            Consumer<BuildOutputParser> progress) throws Exception {
        run.events().info(Phase.BUILD, "building stage " + stage.id() + " (" + run.builder().id() + ", cache from: "
                + (cacheFrom.isEmpty() ? "nothing" : String.join(", ", cacheFrom)) + ")");
        try {
            return run.builder().build(plan.spec(stage, tag, cacheFrom), observer(run, progress));
        } catch (BuildFailedException e) {
            Optional<InvalidInputException> mistake = UnknownStageReference.explain(plan, stage, e.step(),
                    e.outputTail());
            if (mistake.isPresent()) {
                throw mistake.get();
            }
            throw e;
        }
    }

    private static BuildObserver observer(RunContext run, Consumer<BuildOutputParser> progress) {
        return new BuildObserver() {
            @Override
            public void output(String stageId, String line) {
                run.events().output(Phase.BUILD, stageId, line);
            }

            @Override
            public void progress(BuildOutputParser soFar) {
                progress.accept(soFar);
            }

            @Override
            public void info(String message) {
                run.events().info(Phase.BUILD, message);
            }

            @Override
            public void warn(String message) {
                run.events().warn(Phase.BUILD, message);
            }
        };
    }
}
