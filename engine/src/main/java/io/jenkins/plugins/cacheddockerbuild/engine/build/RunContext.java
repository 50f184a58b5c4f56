package io.jenkins.plugins.cacheddockerbuild.engine.build;

import io.jenkins.plugins.cacheddockerbuild.engine.api.AgentFiles;
import io.jenkins.plugins.cacheddockerbuild.engine.api.BuildRequest;
import io.jenkins.plugins.cacheddockerbuild.engine.docker.DockerCli;

/**
 * What every step of one build shares: the request, docker (with the run's environment), the agent's
 * files, the events, and a run id that keeps this build's temporary tags apart from concurrent builds.
 */
record RunContext(BuildRequest request, DockerCli docker, AgentFiles files, Events events, String runId) {

    RunContext withDocker(DockerCli other) {
        return new RunContext(request, other, files, events, runId);
    }
}
