package io.jenkins.plugins.cacheddockerbuild.engine.steps;

import io.jenkins.plugins.cacheddockerbuild.engine.api.BuildRequest;
import io.jenkins.plugins.cacheddockerbuild.engine.api.CommandRunner;
import io.jenkins.plugins.cacheddockerbuild.engine.api.DockerUnavailableException;
import io.jenkins.plugins.cacheddockerbuild.engine.api.InvalidInputException;
import io.jenkins.plugins.cacheddockerbuild.engine.backend.BackendSelector;
import io.jenkins.plugins.cacheddockerbuild.engine.docker.DockerCli;
import java.io.IOException;

/**
 * Checks that the builder answers and picks it ({@link BackendSelector}): the one asked for, or the best the
 * agent can run (buildah needs no docker). Runs in the background while the Dockerfile's plan is turned into
 * a build; the registry logins wait for it, since the builder it picks makes them.
 */
final class ProbeBuilderStep implements Step<BackendSelector.Selection> {
    private final BuildRequest request;
    private final DockerCli docker;
    private final CommandRunner runner;

    ProbeBuilderStep(BuildRequest request, DockerCli docker, CommandRunner runner) {
        this.request = request;
        this.docker = docker;
        this.runner = runner;
    }

    @Override
    public BackendSelector.Selection call()
            throws DockerUnavailableException, InvalidInputException, IOException, InterruptedException {
        return BackendSelector.standard(request, runner).select(request.builderKind(), docker, request);
    }
}
