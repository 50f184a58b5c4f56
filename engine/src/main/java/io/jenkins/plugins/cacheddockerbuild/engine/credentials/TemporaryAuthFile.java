package io.jenkins.plugins.cacheddockerbuild.engine.credentials;

import io.jenkins.plugins.cacheddockerbuild.engine.api.AgentFiles;
import io.jenkins.plugins.cacheddockerbuild.engine.api.CommandResult;
import io.jenkins.plugins.cacheddockerbuild.engine.api.DockerUnavailableException;
import io.jenkins.plugins.cacheddockerbuild.engine.api.RegistryLogin;
import io.jenkins.plugins.cacheddockerbuild.engine.api.RegistryLoginException;
import io.jenkins.plugins.cacheddockerbuild.engine.buildah.BuildahCli;
import io.jenkins.plugins.cacheddockerbuild.engine.docker.RegistryFailure;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * buildah's registry credentials for one build: an auth file ({@code auth.json}) in a directory of its own
 * that only the build's user can read, filled with {@code buildah login --authfile F --password-stdin} (the
 * password reaches buildah on standard input, never on its command line), handed to every later buildah call
 * as {@code REGISTRY_AUTH_FILE} and, for the one call that ignores that ({@code manifest inspect}), as the
 * docker config of {@code DOCKER_CONFIG} (same format), and deleted by {@link #close()} on every path out.
 *
 * <p>The user's own auth file ({@code REGISTRY_AUTH_FILE} in the build's environment) is copied in first, so
 * registries they logged in to themselves keep working. A directory left by a run killed with {@code kill -9}
 * goes with the next run's, as the docker configs do ({@link AbandonedConfigs}).
 */
public final class TemporaryAuthFile implements AutoCloseable {
    // the docker config name: buildah's manifest inspect has no --authfile and reads only DOCKER_CONFIG's file
    static final String AUTH_FILE = "/config.json";
    private static final long LOCK_TIMEOUT_MILLIS = 10_000;
    private final AgentFiles files;
    private final String directory;
    private final AgentFiles.FileLockHandle lock;

    private TemporaryAuthFile(AgentFiles files, String directory, AgentFiles.FileLockHandle lock) {
        this.files = files;
        this.directory = directory;
        this.lock = lock;
    }

    /**
     * Creates the directory, copies the user's auth file and logs in to every registry.
     *
     * @param env the build's environment for buildah, where a {@code REGISTRY_AUTH_FILE} may be set
     */
    public static TemporaryAuthFile create(AgentFiles files, BuildahCli buildah, Map<String, String> env,
            List<RegistryLogin> logins) throws DockerUnavailableException, IOException, InterruptedException {
        String directory = files.temporaryDirectory(AbandonedConfigs.PREFIX);
        AgentFiles.FileLockHandle lock = files.lock(directory + AbandonedConfigs.LOCK_SUFFIX, LOCK_TIMEOUT_MILLIS);
        TemporaryAuthFile auth = new TemporaryAuthFile(files, directory, lock);
        try {
            if (lock == null) {
                throw new IOException("could not lock " + directory + AbandonedConfigs.LOCK_SUFFIX);
            }
            removeAbandoned(files, directory);
            String own = env.get("REGISTRY_AUTH_FILE");
            if (own != null && files.exists(own)) {
                files.writeText(auth.path(), files.readText(own));
            }
            for (RegistryLogin login : logins) {
                login(buildah, login, auth.path());
            }
            return auth;
        } catch (IOException | InterruptedException | DockerUnavailableException | RuntimeException e) {
            auth.close();
            throw e;
        }
    }

    private static void login(BuildahCli buildah, RegistryLogin login, String authFile)
            throws DockerUnavailableException, IOException, InterruptedException {
        String registry = login.registry().isEmpty() ? "docker.io" : login.registry();
        CommandResult result = buildah.run(buildah.login(registry, login.username(), login.password(), authFile));
        if (!result.succeeded()) {
            String reason = result.reason().replace(login.password(), "****");
            throw new RegistryLoginException(registry, login.username(), RegistryFailure.classify(reason).describe()
                    + " (" + result.firstReasonLine().replace(login.password(), "****") + ")");
        }
    }

    private static void removeAbandoned(AgentFiles files, String directory) throws InterruptedException {
        try {
            AbandonedConfigs.remove(files, directory.substring(0, Math.max(0, directory.lastIndexOf('/'))), directory,
                    System.currentTimeMillis());
        } catch (IOException e) {
            // left for a later run
        }
    }

    /** The directory holding the auth file (owner-only); other per-run buildah files may go beside it. */
    public String directory() {
        return directory;
    }

    /** The auth file, for {@code --authfile} and {@code REGISTRY_AUTH_FILE}; {@link #directory()} is its {@code DOCKER_CONFIG}. */
    public String path() {
        return directory + AUTH_FILE;
    }

    @Override
    public void close() throws IOException {
        try {
            files.deleteRecursively(directory);
            files.deleteIfExists(directory + AbandonedConfigs.LOCK_SUFFIX);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while removing " + directory, e);
        } finally {
            if (lock != null) {
                lock.close();
            }
        }
    }
}
