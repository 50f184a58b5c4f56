package io.jenkins.plugins.cacheddockerbuild.engine.backend;

import io.jenkins.plugins.cacheddockerbuild.engine.api.BuildFailedException;
import io.jenkins.plugins.cacheddockerbuild.engine.output.BuildOutputParser;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Consumer;

/**
 * A build's output as it arrives: each line to the parser, then to the observer (progress and the line itself), and
 * the last lines kept for a failure's message. Lines come from the output's reader threads.
 */
final class BuildOutput implements Consumer<String> {
    private static final int TAIL_LINES = 25;
    private final BuildOutputParser parser;
    private final BuildObserver observer;
    private final String stageId;
    private final boolean stageOfLastStep;
    private final Deque<String> tail = new ArrayDeque<>();

    /**
     * @param stageId the stage being built
     * @param stageOfLastStep whether a line belongs to the stage of the step the parser saw last (buildah builds
     *     every stage in one go) rather than to {@code stageId}
     */
    BuildOutput(BuildOutputParser parser, BuildObserver observer, String stageId, boolean stageOfLastStep) {
        this.parser = parser;
        this.observer = observer;
        this.stageId = stageId;
        this.stageOfLastStep = stageOfLastStep;
    }

    @Override
    public void accept(String line) {
        synchronized (tail) {
            parser.accept(line, System.nanoTime());
            tail.addLast(line);
            if (tail.size() > TAIL_LINES) {
                tail.removeFirst();
            }
        }
        observer.progress(parser);
        String stage = stageOfLastStep ? parser.lastStepStage() : null;
        observer.output(stage == null ? stageId : stage, line);
    }

    /** The last lines so far. */
    List<String> tail() {
        synchronized (tail) {
            return new ArrayList<>(tail);
        }
    }

    /** The build failed: at the stage and step the parser saw last, with the output's tail. */
    BuildFailedException failure() {
        String step = parser.lastStepInstruction();
        String failedStage = parser.lastStepStage();
        return new BuildFailedException(failedStage == null || step == null ? stageId : failedStage, step, tail());
    }
}
