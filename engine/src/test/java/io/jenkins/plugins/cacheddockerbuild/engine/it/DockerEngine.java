package io.jenkins.plugins.cacheddockerbuild.engine.it;

import io.jenkins.plugins.cacheddockerbuild.engine.api.BuilderKind;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The docker engines of the test environment ({@code scripts/test-env.sh}): dockerd 20.10, and Docker Engine 26
 * with the containerd image store and with overlay2. Its {@link #id()} is part of every matrix test's name.
 */
public enum DockerEngine {
    DOCKER20("docker20"),
    DOCKER26_CONTAINERD("docker26-containerd"),
    DOCKER26_OVERLAY("docker26-overlay");

    private final String id;

    DockerEngine(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    /** {@code unix:///…} of this engine's daemon. */
    public String host(TestEnvironment env) {
        return switch (this) {
            case DOCKER20 -> env.dockerHost();
            case DOCKER26_CONTAINERD -> env.docker26ContainerdHost();
            case DOCKER26_OVERLAY -> env.docker26OverlayHost();
        };
    }

    /** The docker client that drives {@code builder} on this engine. */
    public String client(TestEnvironment env, BuilderKind builder) {
        if (this == DOCKER20) {
            return builder == BuilderKind.CLASSIC ? env.classicDocker() : env.buildKitDocker();
        }
        return env.docker26Cli();
    }

    /** What every docker command on this engine runs with: its host, and for Docker 26 the config holding buildx. */
    public Map<String, String> dockerEnv(TestEnvironment env) {
        Map<String, String> dockerEnv = new LinkedHashMap<>();
        dockerEnv.put("DOCKER_HOST", host(env));
        if (this != DOCKER20) {
            dockerEnv.put("DOCKER_CONFIG", env.docker26Config());
        }
        return dockerEnv;
    }

    @Override
    public String toString() {
        return id;
    }
}
