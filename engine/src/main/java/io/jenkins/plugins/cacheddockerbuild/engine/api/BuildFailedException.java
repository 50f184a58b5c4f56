package io.jenkins.plugins.cacheddockerbuild.engine.api;

import java.util.List;

/** A Dockerfile step failed: exit code 1, names the stage and the step, with the tail of its output. */
public class BuildFailedException extends CachedBuildException {
    private static final long serialVersionUID = 1L;
    private final String stage;
    private final String step;
    private final List<String> outputTail;

    public BuildFailedException(String stage, String step, List<String> outputTail) {
        super("stage '" + stage + "' failed" + (step == null ? "" : " at step: " + step));
        this.stage = stage;
        this.step = step;
        this.outputTail = List.copyOf(outputTail);
    }

    public String stage() {
        return stage;
    }

    /** The failing instruction as docker printed it, or {@code null} when it could not be told. */
    public String step() {
        return step;
    }

    /** The last lines docker printed before it failed. */
    public List<String> outputTail() {
        return outputTail;
    }

    @Override
    public int exitCode() {
        return 1;
    }
}
