package io.jenkins.plugins.cacheddockerbuild.engine.api;

import java.util.Objects;

/**
 * Credentials for one registry. The password only ever travels to {@code docker login --password-stdin};
 * {@link #toString()} never shows it.
 */
public final class RegistryLogin {
    private final String registry;
    private final String username;
    private final String password;

    /**
     * @param registry host[:port] of the registry, e.g. {@code registry.example.com:5000}; empty or
     *     {@code docker.io} for Docker Hub
     */
    public RegistryLogin(String registry, String username, String password) {
        this.registry = registry == null ? "" : registry;
        this.username = Objects.requireNonNull(username, "username");
        this.password = Objects.requireNonNull(password, "password");
    }

    public String registry() {
        return registry;
    }

    public String username() {
        return username;
    }

    /** The secret. Never log it, never put it in an argument list. */
    public String password() {
        return password;
    }

    @Override
    public String toString() {
        return "RegistryLogin[" + username + "@" + (registry.isEmpty() ? "docker.io" : registry) + "]";
    }
}
