package io.jenkins.plugins.cacheddockerbuild.engine.api;

/** {@code docker login} was refused: wrong credentials or an unreachable registry. Exit code 3. */
public class RegistryLoginException extends DockerUnavailableException {
    private static final long serialVersionUID = 1L;

    public RegistryLoginException(String registry, String username, String reason) {
        super("login to " + (registry.isEmpty() ? "docker.io" : registry) + " as '" + username + "' failed: " + reason);
    }
}
