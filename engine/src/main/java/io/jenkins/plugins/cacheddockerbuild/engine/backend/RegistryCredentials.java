package io.jenkins.plugins.cacheddockerbuild.engine.backend;

import java.io.IOException;

/**
 * A run's registry logins, kept where the builder reads them (a temporary {@code DOCKER_CONFIG} for docker, a
 * temporary auth file for buildah) and removed by {@link #close()} on every path out.
 */
public interface RegistryCredentials extends AutoCloseable {

    /** The backend every command of which finds the logins. */
    BuilderBackend backend();

    @Override
    void close() throws IOException;
}
