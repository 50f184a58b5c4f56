package io.jenkins.plugins.cacheddockerbuild.engine.backend;

import io.jenkins.plugins.cacheddockerbuild.engine.output.BuildOutputParser;

/**
 * Hears a build while it runs. Called on the thread that reads the builder's output; implementations are
 * thread-safe and quick.
 */
public interface BuildObserver {

    /** One line the builder printed while building {@code stageId}. */
    void output(String stageId, String line);

    /**
     * The build's parsed output so far, after each line: lets the orchestrator start work on a stage as soon as
     * the output shows it complete ({@link BuildOutputParser#stageFinished}).
     */
    default void progress(BuildOutputParser soFar) {
    }

    /**
     * The target's image is in the daemon's image store, named, while the build goes on (a registry cache
     * export): it can be pushed now. Heard at most once, only from a build that leaves the push to its caller.
     */
    default void imageStored() {
    }

    /** Something the user should know about the build, e.g. a second pass the backend makes. */
    void info(String message);

    /** A problem that does not fail the build (it is kept in the report's warnings). */
    void warn(String message);
}
