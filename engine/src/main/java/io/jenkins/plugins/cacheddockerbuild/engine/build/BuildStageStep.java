package io.jenkins.plugins.cacheddockerbuild.engine.build;

import io.jenkins.plugins.cacheddockerbuild.engine.api.BuildFailedException;
import io.jenkins.plugins.cacheddockerbuild.engine.api.BuilderKind;
import io.jenkins.plugins.cacheddockerbuild.engine.api.CommandResult;
import io.jenkins.plugins.cacheddockerbuild.engine.api.InvalidInputException;
import io.jenkins.plugins.cacheddockerbuild.engine.api.Phase;
import io.jenkins.plugins.cacheddockerbuild.engine.dockerfile.Stage;
import io.jenkins.plugins.cacheddockerbuild.engine.output.BuildKitOutputParser;
import io.jenkins.plugins.cacheddockerbuild.engine.output.BuildOutputParser;
import io.jenkins.plugins.cacheddockerbuild.engine.output.ClassicOutputParser;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/** Runs {@code docker build} for one target stage and parses what it printed. */
final class BuildStageStep {
    private static final int TAIL_LINES = 25;

    /** What one invocation produced: the parser (steps per stage) and its wall time. */
    record Result(BuildOutputParser output, double seconds) {
    }

    private BuildStageStep() {
    }

    static Result build(RunContext run, BuildPlan plan, Stage stage, String tag, BuilderKind builder,
            Collection<String> cacheFrom) throws Exception {
        return build(run, plan, stage, tag, builder, cacheFrom, parser -> { });
    }

    /** The same, showing {@code progress} the parser after every line (on the thread reading docker's output). */
    static Result build(RunContext run, BuildPlan plan, Stage stage, String tag, BuilderKind builder,
            Collection<String> cacheFrom, Consumer<BuildOutputParser> progress) throws Exception {
        BuildOutputParser parser = builder == BuilderKind.BUILDKIT
                ? new BuildKitOutputParser(plan.dockerfile())
                : new ClassicOutputParser(plan.dockerfile());
        Deque<String> tail = new ArrayDeque<>();
        List<String> argv = BuildArguments.argv(run.request(), plan, stage, tag, builder, cacheFrom);
        run.events().info(Phase.BUILD, "building stage " + stage.id() + " (" + builder.id() + ", cache from: "
                + (cacheFrom.isEmpty() ? "nothing" : String.join(", ", cacheFrom)) + ")");
        long start = System.nanoTime();
        CommandResult result = run.docker().run(run.docker().build(argv, BuildArguments.env(run.request(), builder),
                line -> {
                    synchronized (tail) {
                        parser.accept(line, System.nanoTime());
                        tail.addLast(line);
                        if (tail.size() > TAIL_LINES) {
                            tail.removeFirst();
                        }
                    }
                    progress.accept(parser);
                    run.events().output(Phase.BUILD, stage.id(), line);
                }));
        double seconds = (System.nanoTime() - start) / 1e9;
        if (!result.succeeded()) {
            List<String> lines;
            synchronized (tail) {
                lines = new ArrayList<>(tail);
            }
            String step = parser.lastStepInstruction();
            Optional<InvalidInputException> mistake = UnknownStageReference.explain(plan, stage, step, lines);
            if (mistake.isPresent()) {
                throw mistake.get();
            }
            String failedStage = parser.lastStepStage();
            throw new BuildFailedException(failedStage == null || step == null ? stage.id() : failedStage, step, lines);
        }
        if (InlineCacheRefresh.needed(run, builder, cacheFrom, parser)) {
            seconds += InlineCacheRefresh.refresh(run, plan, stage, tag, parser.writtenImageId());
        }
        return new Result(parser, seconds);
    }
}
