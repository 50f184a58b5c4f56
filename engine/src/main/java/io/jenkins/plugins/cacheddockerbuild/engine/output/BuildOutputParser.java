package io.jenkins.plugins.cacheddockerbuild.engine.output;

import io.jenkins.plugins.cacheddockerbuild.engine.api.StepRecord;
import java.util.List;
import java.util.Map;

/**
 * Reads docker's build output line by line, as it arrives, and tells per stage which steps ran and which
 * came from cache. Implementations are safe to feed from one thread while another asks for results.
 */
public interface BuildOutputParser {

    /**
     * Takes one line of build output.
     *
     * @param line the line without its line break
     * @param nanoTime {@link System#nanoTime()} when the line arrived, used to time steps
     */
    void accept(String line, long nanoTime);

    /**
     * The steps seen so far, per stage id ({@code Stage.id()}), stages in build order and steps in
     * Dockerfile order. {@code FROM} is not a step. A stage whose {@code FROM} was seen but no step yet
     * maps to an empty list.
     */
    Map<String, List<StepRecord>> stepsByStage();

    /** The instruction of the step that started last (or failed), for "failed at step" messages; {@code null} if none. */
    String lastStepInstruction();

    /**
     * The stage of that step, {@code null} if none: a build of the whole Dockerfile may fail in any stage.
     */
    String lastStepStage();

    /** What the builder showed as the base image of a stage (image id or digest reference), or {@code null}. */
    String baseImageId(String stageId);

    /**
     * The image a stage came out as, where the builder prints it (the legacy builder prints each step's
     * image id; BuildKit does not), or {@code null}: the stage's image then needs a build of its own.
     */
    default String stageImageId(String stageId) {
        return null;
    }

    /**
     * Whether the output so far shows that every step of the stage is done, while the build goes on; {@code
     * false} when it cannot tell.
     */
    default boolean stageFinished(String stageId) {
        return false;
    }

    /** The id of the image the build wrote ({@code sha256:...}), where the builder prints it (BuildKit), else {@code null}. */
    default String writtenImageId() {
        return null;
    }
}
