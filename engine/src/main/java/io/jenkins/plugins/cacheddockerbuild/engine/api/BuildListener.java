package io.jenkins.plugins.cacheddockerbuild.engine.api;

/**
 * Receives the engine's events; the engine itself never prints. Each front end renders them its own way
 * (the command line to the terminal, the plugin to the build log with a prefix).
 *
 * <p>Called from several threads at once (parallel pulls and pushes): implementations must be thread-safe.
 */
@FunctionalInterface
public interface BuildListener {

    void onEvent(BuildEvent event);

    /** A listener that drops everything. */
    static BuildListener none() {
        return event -> { };
    }
}
