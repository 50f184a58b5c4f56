package io.jenkins.plugins.cacheddockerbuild.engine.credentials;

import io.jenkins.plugins.cacheddockerbuild.engine.api.AgentFiles;
import io.jenkins.plugins.cacheddockerbuild.engine.api.CommandResult;
import io.jenkins.plugins.cacheddockerbuild.engine.api.DockerUnavailableException;
import io.jenkins.plugins.cacheddockerbuild.engine.api.RegistryLogin;
import io.jenkins.plugins.cacheddockerbuild.engine.api.RegistryLoginException;
import io.jenkins.plugins.cacheddockerbuild.engine.docker.DockerCli;
import io.jenkins.plugins.cacheddockerbuild.engine.docker.RegistryFailure;
import io.jenkins.plugins.cacheddockerbuild.engine.json.JsonSyntaxException;
import io.jenkins.plugins.cacheddockerbuild.engine.json.JsonText;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@code DOCKER_CONFIG} directory that lives only as long as one build: the user's config is copied in
 * (so their credential helpers keep working for other registries), then each login is done with
 * {@code docker login --password-stdin} into it. {@link #close()} deletes it; callers use
 * try-with-resources so it goes on every path out.
 *
 * <p>The user's {@code credsStore} is left out of the copy: with it, {@code docker login} would write our
 * credentials into the user's keychain, where they would outlive the build. What docker keeps beside the
 * config goes along: the user's CLI plugin directory is named in the copy (so buildx is still found) and
 * their current context is copied (so rootless docker, colima or Docker Desktop are still reached).
 */
public final class TemporaryDockerConfig implements AutoCloseable {
    private static final long LOCK_TIMEOUT_MILLIS = 10_000;
    private final AgentFiles files;
    private final String directory;
    private final AgentFiles.FileLockHandle lock;

    private TemporaryDockerConfig(AgentFiles files, String directory, AgentFiles.FileLockHandle lock) {
        this.files = files;
        this.directory = directory;
        this.lock = lock;
    }

    /**
     * Creates the directory, copies the user's config and logs in to every registry.
     *
     * @param docker docker as the build runs it (its {@code DOCKER_CONFIG}, if any, names the user's config)
     * @param dockerEnv the build's docker environment, where a {@code DOCKER_CONFIG} may be set
     */
    public static TemporaryDockerConfig create(AgentFiles files, DockerCli docker, Map<String, String> dockerEnv,
            List<RegistryLogin> logins) throws DockerUnavailableException, IOException, InterruptedException {
        String directory = files.temporaryDirectory(AbandonedConfigs.PREFIX);
        AgentFiles.FileLockHandle lock = files.lock(directory + AbandonedConfigs.LOCK_SUFFIX, LOCK_TIMEOUT_MILLIS);
        TemporaryDockerConfig config = new TemporaryDockerConfig(files, directory, lock);
        try {
            if (lock == null) {
                throw new IOException("could not lock " + directory + AbandonedConfigs.LOCK_SUFFIX);
            }
            removeAbandoned(files, directory);
            files.createDirectories(config.directory);
            String userDir = userConfigDirectory(files, dockerEnv);
            String json = userConfig(files, userDir);
            files.writeText(config.directory + "/config.json", withPluginDirectory(json, userDir + "/cli-plugins"));
            copyCurrentContext(files, userDir, json, config.directory);
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
                    failure.describe() + " (" + result.firstReasonLine().replace(login.password(), "****") + ")");
        }
    }

    private static String userConfigDirectory(AgentFiles files, Map<String, String> dockerEnv)
            throws IOException, InterruptedException {
        String dir = dockerEnv.get("DOCKER_CONFIG");
        return dir != null ? dir : files.userHome() + "/.docker";
    }

    private static String userConfig(AgentFiles files, String userDir) throws IOException, InterruptedException {
        String path = userDir + "/config.json";
        if (!files.exists(path)) {
            return "{}";
        }
        return withoutCredsStore(files.readText(path));
    }

    /**
     * Docker finds its CLI plugins (buildx above all) in {@code DOCKER_CONFIG/cli-plugins}; pointing
     * {@code DOCKER_CONFIG} here would hide the user's own, so their directory is named as an extra one.
     */
    static String withPluginDirectory(String json, String pluginDirectory) throws IOException {
        Map<String, Object> config = members(json);
        List<Object> dirs = new ArrayList<>();
        dirs.add(pluginDirectory);
        if (config.get("cliPluginsExtraDirs") instanceof List<?> theirs) {
            dirs.addAll(theirs);
        }
        Map<String, Object> copy = new LinkedHashMap<>();
        copy.put("cliPluginsExtraDirs", dirs);
        config.forEach(copy::putIfAbsent);
        return JsonText.write(copy);
    }

    /**
     * The user's current docker context (rootless docker, colima, Docker Desktop) lives beside their config;
     * without a copy docker would stop with "context not found".
     */
    private static void copyCurrentContext(AgentFiles files, String userDir, String json, String target)
            throws IOException, InterruptedException {
        if (!(members(json).get("currentContext") instanceof String current) || current.equals("default")) {
            return;
        }
        String id = HexFormat.of().formatHex(sha256(current));
        for (String part : List.of("/contexts/meta/" + id, "/contexts/tls/" + id + "/docker")) {
            for (AgentFiles.Entry entry : files.list(userDir + part, "")) {
                String name = entry.path().substring(entry.path().lastIndexOf('/') + 1);
                files.createDirectories(target + part);
                files.writeText(target + part + "/" + name, files.readText(entry.path()));
            }
        }
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }

    // Credentials of runs killed with kill -9 go with the next run's config; failing at that is no reason to stop.
    private static void removeAbandoned(AgentFiles files, String directory) throws InterruptedException {
        try {
            AbandonedConfigs.remove(files, directory.substring(0, Math.max(0, directory.lastIndexOf('/'))), directory,
                    System.currentTimeMillis());
        } catch (IOException e) {
            // left for a later run
        }
    }

    static String withoutCredsStore(String json) throws IOException {
        Map<String, Object> config = members(json);
        config.remove("credsStore");
        return JsonText.write(config);
    }

    /** The members of a docker config.json, in order. */
    private static Map<String, Object> members(String json) throws IOException {
        try {
            if (JsonText.parse(json) instanceof Map<?, ?> members) {
                Map<String, Object> copy = new LinkedHashMap<>();
                members.forEach((name, value) -> copy.put((String) name, value));
                return copy;
            }
            throw new IOException("the docker config.json is not a JSON object");
        } catch (JsonSyntaxException e) {
            throw new IOException("the docker config.json is " + e.getMessage(), e);
        }
    }

    /** The directory to pass as {@code DOCKER_CONFIG}. */
    public String directory() {
        return directory;
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
