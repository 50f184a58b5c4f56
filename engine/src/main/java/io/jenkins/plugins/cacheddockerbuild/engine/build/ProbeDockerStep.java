package io.jenkins.plugins.cacheddockerbuild.engine.build;

import io.jenkins.plugins.cacheddockerbuild.engine.api.BuilderKind;
import io.jenkins.plugins.cacheddockerbuild.engine.api.CommandResult;
import io.jenkins.plugins.cacheddockerbuild.engine.api.DockerUnavailableException;
import io.jenkins.plugins.cacheddockerbuild.engine.api.InvalidInputException;
import io.jenkins.plugins.cacheddockerbuild.engine.api.Phase;
import java.io.IOException;

/**
 * Checks that docker and its daemon answer (while the cache images are being resolved), and picks the builder: BuildKit when asked for, or for
 * {@code auto} when the client can drive it (clients before 23 have it built in; later ones need buildx).
 */
final class ProbeDockerStep {
    private static final int FIRST_VERSION_NEEDING_BUILDX = 23;

    private ProbeDockerStep() {
    }

    /**
     * Starts the probe in the background, so that resolving cache images (which needs the registry, not the
     * daemon) does not wait for it; {@link Background#await()} gives its answer or its failure.
     */
    static Background<BuilderKind> start(RunContext run) {
        return Background.start("docker probe", () -> probe(run));
    }

    static BuilderKind probe(RunContext run) throws DockerUnavailableException, InvalidInputException, IOException,
            InterruptedException {
        CommandResult version = run.docker().run(run.docker().version());
        String[] parts = version.stdout().strip().split("\\|", -1);
        if (!version.succeeded() || parts.length < 2 || parts[1].isBlank()) {
            throw new DockerUnavailableException("the docker daemon is not reachable with '" + run.docker().executable()
                    + "'" + dockerHost(run) + ": " + version.firstReasonLine());
        }
        String client = parts[0];
        run.events().debug(Phase.PLAN, "docker client " + client + ", daemon " + parts[1]);
        BuilderKind asked = run.request().builderKind();
        if (asked == BuilderKind.CLASSIC) {
            return BuilderKind.CLASSIC;
        }
        boolean buildKit = canDriveBuildKit(run, client);
        if (asked == BuilderKind.BUILDKIT && !buildKit) {
            throw new InvalidInputException("builder", "buildkit", "docker client " + client + " at '"
                    + run.docker().executable() + "' cannot drive BuildKit (it has no buildx); use --builder classic "
                    + "or a docker client with BuildKit");
        }
        return buildKit ? BuilderKind.BUILDKIT : BuilderKind.CLASSIC;
    }

    private static boolean canDriveBuildKit(RunContext run, String clientVersion)
            throws DockerUnavailableException, IOException, InterruptedException {
        if (majorVersion(clientVersion) < FIRST_VERSION_NEEDING_BUILDX) {
            return true;
        }
        return run.docker().run(run.docker().buildxVersion()).succeeded();
    }

    static int majorVersion(String version) {
        try {
            return Integer.parseInt(version.strip().split("[.+-]")[0]);
        } catch (NumberFormatException e) {
            return Integer.MAX_VALUE;
        }
    }

    private static String dockerHost(RunContext run) {
        String host = run.request().dockerEnv().get("DOCKER_HOST");
        return host == null ? "" : " (DOCKER_HOST=" + host + ")";
    }

}
