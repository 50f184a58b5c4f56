package io.jenkins.plugins.cacheddockerbuild.engine.backend;

import io.jenkins.plugins.cacheddockerbuild.engine.api.CommandResult;
import io.jenkins.plugins.cacheddockerbuild.engine.api.DockerUnavailableException;
import io.jenkins.plugins.cacheddockerbuild.engine.docker.DockerCli;
import java.io.IOException;
import java.util.Map;

/**
 * What the selector learns about the agent's docker, each fact asked for once and only when a backend
 * option needs it (a daemonless option never asks).
 */
public final class DockerFacts {
    private static final int FIRST_VERSION_NEEDING_BUILDX = 23;
    private final DockerCli docker;
    private final Map<String, String> dockerEnv;
    private String clientVersion;
    private String daemonVersion;
    private Boolean buildx;

    DockerFacts(DockerCli docker, Map<String, String> dockerEnv) {
        this.docker = docker;
        this.dockerEnv = Map.copyOf(dockerEnv);
    }

    /** The docker CLI the engine runs. */
    public DockerCli docker() {
        return docker;
    }

    /**
     * Makes sure docker and its daemon answer; returns the client's version.
     *
     * @throws DockerUnavailableException naming the executable and {@code DOCKER_HOST} that were tried
     */
    public synchronized String requireDaemon() throws DockerUnavailableException, IOException, InterruptedException {
        if (clientVersion == null) {
            CommandResult version = docker.run(docker.version());
            String[] parts = version.stdout().strip().split("\\|", -1);
            if (!version.succeeded() || parts.length < 2 || parts[1].isBlank()) {
                String host = dockerEnv.get("DOCKER_HOST");
                throw new DockerUnavailableException("the docker daemon is not reachable with '" + docker.executable()
                        + "'" + (host == null ? "" : " (DOCKER_HOST=" + host + ")") + ": " + version.firstReasonLine());
            }
            clientVersion = parts[0];
            daemonVersion = parts[1];
        }
        return clientVersion;
    }

    /** What was found, for the log; empty before {@link #requireDaemon()}. */
    public synchronized String describe() {
        return clientVersion == null ? "" : "docker client " + clientVersion + ", daemon " + daemonVersion;
    }

    /** Whether the client drives BuildKit: clients before 23 have it built in, later ones need buildx. */
    public synchronized boolean canDriveBuildKit() throws DockerUnavailableException, IOException, InterruptedException {
        if (buildx == null) {
            buildx = majorVersion(requireDaemon()) < FIRST_VERSION_NEEDING_BUILDX
                    || docker.run(docker.buildxVersion()).succeeded();
        }
        return buildx;
    }

    static int majorVersion(String version) {
        try {
            return Integer.parseInt(version.strip().split("[.+-]")[0]);
        } catch (NumberFormatException e) {
            return Integer.MAX_VALUE;
        }
    }
}
