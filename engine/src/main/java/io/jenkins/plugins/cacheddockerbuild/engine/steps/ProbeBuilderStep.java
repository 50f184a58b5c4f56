package io.jenkins.plugins.cacheddockerbuild.engine.steps;

import io.jenkins.plugins.cacheddockerbuild.engine.api.BuildRequest;
import io.jenkins.plugins.cacheddockerbuild.engine.api.DockerUnavailableException;
import io.jenkins.plugins.cacheddockerbuild.engine.api.InvalidInputException;
import io.jenkins.plugins.cacheddockerbuild.engine.backend.BackendSelector;
import io.jenkins.plugins.cacheddockerbuild.engine.docker.DockerCli;
import java.io.IOException;

/**
 * Checks that the builder answers and picks it ({@link BackendSelector}): the one asked for, or the best the
 * agent can run. Runs in the background while the registry logins are made.
 */
final class ProbeBuilderStep implements Step<BackendSelector.Selection> {
    private final BuildRequest request;
    private final DockerCli docker;

    ProbeBuilderStep(BuildRequest request, DockerCli docker) {
        this.request = request;
        this.docker = docker;
    }

    @Override
    public BackendSelector.Selection call()
            throws DockerUnavailableException, InvalidInputException, IOException, InterruptedException {
        return BackendSelector.standard(request).select(request.builderKind(), docker, request);
    }
}
