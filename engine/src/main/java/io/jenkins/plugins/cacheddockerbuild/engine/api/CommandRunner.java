package io.jenkins.plugins.cacheddockerbuild.engine.api;

import java.io.IOException;

/**
 * The one port through which the engine runs docker. The command line uses a {@link ProcessBuilder}
 * implementation; the Jenkins plugin implements it with {@code Launcher.ProcStarter}, so docker runs on
 * the agent (and inside a Kubernetes {@code container()} block).
 *
 * <p>Implementations must be thread-safe: the engine pulls and pushes in parallel.
 */
public interface CommandRunner {

    /**
     * Runs the command to its end and returns what it left.
     *
     * @throws IOException when the executable cannot be started at all
     * @throws CommandTimeoutException when the command outlived its timeout (it has been killed)
     * @throws InterruptedException when the calling thread was interrupted; the child must have been killed
     */
    CommandResult run(Command command) throws IOException, InterruptedException;
}
