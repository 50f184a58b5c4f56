package io.jenkins.plugins.cacheddockerbuild;

import java.util.List;
import org.jenkinsci.plugins.docker.commons.credentials.DockerRegistryEndpoint;

/**
 * What the Pipeline step and the freestyle builder are configured with. Both implement it, and
 * {@link RequestFactory} turns it into the engine's request, so both job types build the same way.
 */
public interface CachedDockerBuildSettings {

    String getImage();

    /** Final tags, one per line or comma-separated; empty means the branch tag. */
    String getTags();

    /** The branch; empty means {@code BRANCH_NAME}, then {@code GIT_BRANCH}, then {@code main}. */
    String getBranch();

    /** Fallback branches or tags, one per line or comma-separated; empty means the defaults. */
    String getFallbacks();

    /** Extra explicit cache refs, one per line or comma-separated. */
    String getCacheFrom();

    String getCacheRepo();

    String getDockerfile();

    /** The build context, relative to the workspace; empty means the workspace. */
    String getContext();

    String getTarget();

    /** Build args as {@code NAME=VALUE} lines. */
    String getBuildArgs();

    /** {@code auto}, {@code buildkit}, {@code classic} or {@code buildah}. */
    String getBuilder();

    boolean isPush();

    /** A shared cache directory on the agent, or empty. */
    String getCacheDir();

    /** The registry to push to (and read cache from), with credentials. */
    DockerRegistryEndpoint getRegistry();

    /** A separate registry for the cache repository, with its own credentials, or {@code null}. */
    DockerRegistryEndpoint getCacheRegistry();

    /** The name of a docker-commons Docker tool installation, or empty for {@code docker} on PATH. */
    String getToolName();

    /** Splits a multi-value field on new lines and commas, dropping blanks. */
    static List<String> split(String value) {
        if (value == null || value.isBlank()) {
            return List.of();
        }
        return java.util.Arrays.stream(value.split("[,\\n]")).map(String::trim).filter(part -> !part.isEmpty()).toList();
    }
}
