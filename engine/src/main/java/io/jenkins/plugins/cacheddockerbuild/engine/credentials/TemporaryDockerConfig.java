package io.jenkins.plugins.cacheddockerbuild.engine.credentials;

import io.jenkins.plugins.cacheddockerbuild.engine.api.AgentFiles;
import io.jenkins.plugins.cacheddockerbuild.engine.api.CommandResult;
import io.jenkins.plugins.cacheddockerbuild.engine.api.DockerUnavailableException;
import io.jenkins.plugins.cacheddockerbuild.engine.api.RegistryLogin;
import io.jenkins.plugins.cacheddockerbuild.engine.api.RegistryLoginException;
import io.jenkins.plugins.cacheddockerbuild.engine.docker.DockerCli;
import io.jenkins.plugins.cacheddockerbuild.engine.docker.RegistryFailure;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A {@code DOCKER_CONFIG} directory that lives only as long as one build: the user's config is copied in
 * (so their credential helpers keep working for other registries), then each login is done with
 * {@code docker login --password-stdin} into it. {@link #close()} deletes it; callers use
 * try-with-resources so it goes on every path out.
 *
 * <p>The user's {@code credsStore} is left out of the copy: with it, {@code docker login} would write our
 * credentials into the user's keychain, where they would outlive the build.
 */
public final class TemporaryDockerConfig implements AutoCloseable {
    private static final Pattern CREDS_STORE_AFTER = Pattern.compile(",\\s*\"credsStore\"\\s*:\\s*\"[^\"]*\"");
    private static final Pattern CREDS_STORE_BEFORE = Pattern.compile("\"credsStore\"\\s*:\\s*\"[^\"]*\"\\s*,?");
    private final AgentFiles files;
    private final String directory;

    private TemporaryDockerConfig(AgentFiles files, String directory) {
        this.files = files;
        this.directory = directory;
    }

    /**
     * Creates the directory, copies the user's config and logs in to every registry.
     *
     * @param docker docker as the build runs it (its {@code DOCKER_CONFIG}, if any, names the user's config)
     * @param dockerEnv the build's docker environment, where a {@code DOCKER_CONFIG} may be set
     */
    public static TemporaryDockerConfig create(AgentFiles files, DockerCli docker, Map<String, String> dockerEnv,
            List<RegistryLogin> logins) throws DockerUnavailableException, IOException, InterruptedException {
        TemporaryDockerConfig config = new TemporaryDockerConfig(files,
                files.temporaryDirectory("cached-docker-build-config-"));
        try {
            files.createDirectories(config.directory);
            files.writeText(config.directory + "/config.json", userConfig(files, dockerEnv));
            DockerCli inConfig = docker.withEnv("DOCKER_CONFIG", config.directory);
            for (RegistryLogin login : logins) {
                login(inConfig, login);
            }
            return config;
        } catch (IOException | InterruptedException | DockerUnavailableException | RuntimeException e) {
            config.close();
            throw e;
        }
    }

    private static void login(DockerCli docker, RegistryLogin login)
            throws DockerUnavailableException, IOException, InterruptedException {
        CommandResult result = docker.run(docker.login(login.registry(), login.username(), login.password()));
        if (!result.succeeded()) {
            String reason = result.reason().replace(login.password(), "****");
            RegistryFailure failure = RegistryFailure.classify(reason);
            throw new RegistryLoginException(login.registry(), login.username(),
                    failure.describe() + " (" + firstLine(reason) + ")");
        }
    }

    private static String userConfig(AgentFiles files, Map<String, String> dockerEnv)
            throws IOException, InterruptedException {
        String dir = dockerEnv.get("DOCKER_CONFIG");
        String path = (dir != null ? dir : files.userHome() + "/.docker") + "/config.json";
        if (!files.exists(path)) {
            return "{}";
        }
        return withoutCredsStore(files.readText(path));
    }

    static String withoutCredsStore(String json) {
        return CREDS_STORE_BEFORE.matcher(CREDS_STORE_AFTER.matcher(json).replaceAll("")).replaceAll("");
    }

    /** The directory to pass as {@code DOCKER_CONFIG}. */
    public String directory() {
        return directory;
    }

    @Override
    public void close() throws IOException {
        try {
            files.deleteRecursively(directory);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while removing " + directory, e);
        }
    }

    private static String firstLine(String text) {
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }
}
