package io.jenkins.plugins.cacheddockerbuild.engine.build;

import io.jenkins.plugins.cacheddockerbuild.engine.api.AgentFiles;
import io.jenkins.plugins.cacheddockerbuild.engine.api.BuildRequest;
import io.jenkins.plugins.cacheddockerbuild.engine.backend.BuilderBackend;

/**
 * What every step of one build shares: the request, the builder (with the run's environment), the agent's
 * files, the events, and a run id that keeps this build's temporary tags apart from concurrent builds.
 */
record RunContext(BuildRequest request, BuilderBackend builder, AgentFiles files, Events events, String runId) {
}
