package io.jenkins.plugins.cacheddockerbuild.engine.api;

/**
 * Docker (the executable or the daemon) or a registry needed for something required is unavailable:
 * exit code 3, says what was tried.
 */
public class DockerUnavailableException extends CachedBuildException {
    private static final long serialVersionUID = 1L;

    public DockerUnavailableException(String message) {
        super(message);
    }

    public DockerUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public int exitCode() {
        return 3;
    }
}
