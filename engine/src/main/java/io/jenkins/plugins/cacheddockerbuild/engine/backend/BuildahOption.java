package io.jenkins.plugins.cacheddockerbuild.engine.backend;

import io.jenkins.plugins.cacheddockerbuild.engine.api.BuildRequest;
import io.jenkins.plugins.cacheddockerbuild.engine.api.BuilderKind;
import io.jenkins.plugins.cacheddockerbuild.engine.api.CommandResult;
import io.jenkins.plugins.cacheddockerbuild.engine.api.CommandRunner;
import io.jenkins.plugins.cacheddockerbuild.engine.api.DockerUnavailableException;
import io.jenkins.plugins.cacheddockerbuild.engine.buildah.BuildahCli;
import java.io.IOException;

/**
 * buildah as a builder choice: available when {@code buildah --version} answers, and never asks docker
 * anything. A cache directory is refused: it is a docker feature ({@code docker save}/{@code load} into a
 * daemon), and buildah's registry layer cache already gives a fresh agent every step it can reuse. So is a
 * network other than the host's, which chroot isolation cannot give a {@code RUN} step.
 */
final class BuildahOption implements BackendOption {
    static final String NO_CACHE_DIRECTORY = "the cache directory (--cache-dir) is a docker daemon feature "
            + "(docker save/load); with buildah the registry layer cache serves fresh agents: leave --cache-dir out";
    static final String HOST_NETWORK_ONLY = "buildah runs RUN steps with --isolation chroot, which has only the "
            + "host's network (buildah: \"cannot set --network other than host with --isolation chroot\"): leave "
            + "--network out or set it to host";
    private final BuildRequest request;
    private final CommandRunner runner;

    BuildahOption(BuildRequest request, CommandRunner runner) {
        this.request = request;
        this.runner = runner;
    }

    @Override
    public BuilderKind kind() {
        return BuilderKind.BUILDAH;
    }

    /**
     * @throws DockerUnavailableException buildah cannot be run or does not answer
     */
    @Override
    public Probe probe(DockerFacts facts) throws DockerUnavailableException, IOException, InterruptedException {
        if (request.cacheDir() != null) {
            return Probe.unavailable(NO_CACHE_DIRECTORY);
        }
        if (request.network() != null && !request.network().equals("host")) {
            return Probe.unavailable(HOST_NETWORK_ONLY);
        }
        BuildahCli buildah = new BuildahCli(runner, request.buildahExecutable(), request.dockerEnv(),
                request.registryTimeout(), request.buildTimeout());
        CommandResult version = buildah.run(buildah.version());
        if (!version.succeeded()) {
            throw new DockerUnavailableException("buildah at '" + request.buildahExecutable() + "' does not answer: "
                    + version.firstReasonLine());
        }
        return Probe.available(new BuildahBackend(buildah, request));
    }
}
