package io.jenkins.plugins.cacheddockerbuild.engine.it;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * Where the real daemon and registries started by {@code scripts/test-env.sh} are. Integration tests never
 * skip: without the environment they fail and say how to start it.
 */
public final class TestEnvironment {
    private static TestEnvironment instance;
    private final Properties properties;

    private TestEnvironment(Properties properties) {
        this.properties = properties;
    }

    public static synchronized TestEnvironment get() {
        if (instance == null) {
            instance = new TestEnvironment(load());
        }
        return instance;
    }

    private static Properties load() {
        Path file = locate();
        if (file == null || !Files.isRegularFile(file)) {
            throw new IllegalStateException("No test environment found (looked for " + file + "). Start it with "
                    + "'scripts/test-env.sh start' (or set CDB_ENV_DIR); integration tests need the real daemon and registry.");
        }
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file, e);
        }
        return properties;
    }

    private static Path locate() {
        String dir = System.getenv("CDB_ENV_DIR");
        if (dir != null && !dir.isBlank()) {
            return Path.of(dir, "env.properties");
        }
        Path current = Path.of("").toAbsolutePath();
        while (current != null) {
            Path candidate = current.resolve(".cdb-env/env.properties");
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
            current = current.getParent();
        }
        return null;
    }

    private String required(String key) {
        String value = properties.getProperty(key);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("test environment lacks " + key + "; restart scripts/test-env.sh");
        }
        return value;
    }

    /** {@code unix:///…/docker.sock} of the test daemon. */
    public String dockerHost() {
        return required("CDB_DOCKER_HOST");
    }

    /** {@code 127.0.0.1:PORT} of the plain-HTTP registry. */
    public String registry() {
        return required("CDB_REGISTRY");
    }

    /** The busybox base image in the registry. */
    public String baseImage() {
        return required("CDB_BASE_IMAGE");
    }

    public String authRegistry() {
        return required("CDB_AUTH_REGISTRY");
    }

    /** The busybox base image in the htpasswd-protected registry: pulling it needs the login. */
    public String authBaseImage() {
        return required("CDB_AUTH_BASE_IMAGE");
    }

    public String authUser() {
        return required("CDB_AUTH_USER");
    }

    public String authPassword() {
        return required("CDB_AUTH_PASSWORD");
    }

    /** A docker client without BuildKit (drives the classic builder). */
    public String classicDocker() {
        return required("CDB_DOCKER_CLASSIC");
    }

    /** A docker client that drives BuildKit ({@code DOCKER_BUILDKIT=1}). */
    public String buildKitDocker() {
        return required("CDB_DOCKER_BUILDKIT");
    }

    /** The Docker 26.1.5 client (buildx 0.13.1 found through {@link #docker26Config()}). */
    public String docker26Cli() {
        return required("CDB_DOCKER26_CLI");
    }

    /** The {@code DOCKER_CONFIG} whose {@code cli-plugins} hold buildx. */
    public String docker26Config() {
        return required("CDB_DOCKER26_CONFIG");
    }

    /** Docker Engine 26 with the containerd image store. */
    public String docker26ContainerdHost() {
        return required("CDB_DOCKER26_CONTAINERD_HOST");
    }

    /** Docker Engine 26 with the overlay2 image store. */
    public String docker26OverlayHost() {
        return required("CDB_DOCKER26_OVERLAY_HOST");
    }

    /** The {@code buildah} executable (the daemonless builder). */
    public String buildah() {
        return required("CDB_BUILDAH");
    }

    /** The directory under which each buildah test makes a fresh storage root (a fresh agent). */
    public String buildahStorage() {
        return required("CDB_BUILDAH_STORAGE");
    }
}
