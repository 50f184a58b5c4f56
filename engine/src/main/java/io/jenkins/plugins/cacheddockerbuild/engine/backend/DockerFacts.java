package io.jenkins.plugins.cacheddockerbuild.engine.backend;

import io.jenkins.plugins.cacheddockerbuild.engine.api.CommandResult;
import io.jenkins.plugins.cacheddockerbuild.engine.api.DockerUnavailableException;
import io.jenkins.plugins.cacheddockerbuild.engine.docker.DockerCli;
import java.io.IOException;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the selector learns about the agent's docker, each fact asked for once and only when a backend
 * option needs it (a daemonless option never asks).
 */
public final class DockerFacts {
    private static final int FIRST_VERSION_NEEDING_BUILDX = 23;
    private static final int FIRST_VERSION_WITH_CONTAINERD_STORE = 24;
    private static final Pattern CONTAINERD_WORKER =
            Pattern.compile("(?m)^\\s*org\\.mobyproject\\.buildkit\\.worker\\.executor:\\s+containerd\\s*$");
    private static final Pattern DRIVER = Pattern.compile("(?m)^Driver:\\s+(\\S+)");
    private final DockerCli docker;
    private final Map<String, String> dockerEnv;
    private String clientVersion;
    private String daemonVersion;
    private Boolean buildx;
    private Boolean containerdImageStore;
    private String buildxDriver;

    DockerFacts(DockerCli docker, Map<String, String> dockerEnv) {
        this.docker = docker;
        this.dockerEnv = Map.copyOf(dockerEnv);
    }

    /** The docker CLI the engine runs. */
    public DockerCli docker() {
        return docker;
    }

    /**
     * Makes sure docker and its daemon answer; returns the client's version.
     *
     * @throws DockerUnavailableException naming the executable and {@code DOCKER_HOST} that were tried
     */
    public synchronized String requireDaemon() throws DockerUnavailableException, IOException, InterruptedException {
        if (clientVersion == null) {
            CommandResult version = docker.run(docker.version());
            String[] parts = version.stdout().strip().split("\\|", -1);
            if (!version.succeeded() || parts.length < 2 || parts[1].isBlank()) {
                String host = dockerEnv.get("DOCKER_HOST");
                throw new DockerUnavailableException("the docker daemon is not reachable with '" + docker.executable()
                        + "'" + (host == null ? "" : " (DOCKER_HOST=" + host + ")") + ": " + version.firstReasonLine());
            }
            clientVersion = parts[0];
            daemonVersion = parts[1];
        }
        return clientVersion;
    }

    /** What was found, for the log. */
    public synchronized String describe() {
        String builder = buildxDriver == null ? "" : "buildx builder with the " + buildxDriver + " driver";
        if (clientVersion == null) {
            return builder;
        }
        return "docker client " + clientVersion + ", daemon " + daemonVersion + (builder.isEmpty() ? "" : ", " + builder);
    }

    /** Whether the client drives BuildKit: clients before 23 have it built in, later ones need buildx. */
    public synchronized boolean canDriveBuildKit() throws DockerUnavailableException, IOException, InterruptedException {
        return majorVersion(requireDaemon()) < FIRST_VERSION_NEEDING_BUILDX || hasBuildx();
    }

    /** Whether {@code docker build} with BuildKit is buildx (clients from 23 on) rather than 20.10's built-in client. */
    public synchronized boolean buildKitThroughBuildx() throws DockerUnavailableException, IOException, InterruptedException {
        return majorVersion(requireDaemon()) >= FIRST_VERSION_NEEDING_BUILDX;
    }

    /** Whether {@code docker buildx} answers (asked once). */
    public synchronized boolean hasBuildx() throws DockerUnavailableException, IOException, InterruptedException {
        if (buildx == null) {
            buildx = docker.run(docker.buildxVersion()).succeeded();
        }
        return buildx;
    }

    /**
     * Why this docker's buildx cannot export a registry cache, or {@code null} when it can: its builder uses
     * the {@code docker-container}, {@code remote} or {@code kubernetes} driver, or the {@code docker} driver on
     * a daemon with the containerd image store (the {@code docker} driver on overlay2 only does inline cache).
     */
    public synchronized String registryCacheUnavailableBecause()
            throws DockerUnavailableException, IOException, InterruptedException {
        // buildx inspect reaches the daemon itself: when it can export, `docker version` need not be asked too
        CommandResult inspect = docker.run(docker.buildxInspect());
        Matcher driver = DRIVER.matcher(inspect.stdout());
        if (inspect.succeeded() && driver.find()) {
            buildx = true;
            buildxDriver = driver.group(1);
            if (!buildxDriver.equals("docker") || containerdWorker(inspect.stdout())) {
                return null;
            }
        }
        requireDaemon();
        if (buildx == null) {
            buildx = inspect.succeeded() || docker.run(docker.buildxVersion()).succeeded();
        }
        if (!buildx) {
            return "docker client " + clientVersion + " at '" + docker.executable() + "' has no buildx (install the "
                    + "docker-buildx package, or put docker-buildx into $DOCKER_CONFIG/cli-plugins)";
        }
        if (buildxDriver == null) {
            return "'docker buildx inspect' did not name the builder's driver: " + inspect.firstReasonLine();
        }
        return "buildx's docker driver on daemon " + daemonVersion + " uses the overlay2 image store, which cannot "
                + "export a registry cache (enable the containerd image store: \"features\": {\"containerd-snapshotter\": "
                + "true} in daemon.json; or use a builder of its own: docker buildx create --use --driver docker-container)";
    }

    /**
     * Whether buildx's builder is the {@code docker} driver, which builds into the daemon's own image store (asked by
     * {@link #registryCacheUnavailableBecause()}; {@code false} before it).
     */
    public synchronized boolean buildsIntoDaemon() {
        return "docker".equals(buildxDriver);
    }

    /**
     * Whether the daemon builds with BuildKit's containerd worker, i.e. has the containerd image store:
     * {@code buildx inspect} lists the worker's labels ({@code org.mobyproject.buildkit.worker.executor:
     * containerd}); a buildx that shows no labels leaves the daemon to be asked.
     */
    private boolean containerdWorker(String inspect) throws DockerUnavailableException, IOException, InterruptedException {
        if (inspect.contains("org.mobyproject.buildkit.worker.")) {
            return CONTAINERD_WORKER.matcher(inspect).find();
        }
        // asked before `docker version` on purpose (see above), so not through hasContainerdImageStore()
        containerdImageStore = askImageStore();
        return containerdImageStore;
    }

    private boolean askImageStore() throws DockerUnavailableException, IOException, InterruptedException {
        CommandResult status = docker.run(docker.driverStatus());
        return status.succeeded() && status.stdout().contains("io.containerd.snapshotter");
    }

    /**
     * Whether the daemon keeps its images in the containerd image store (asked once, and only of a daemon of
     * version 24 or later: older ones have no such store).
     */
    public synchronized boolean hasContainerdImageStore()
            throws DockerUnavailableException, IOException, InterruptedException {
        requireDaemon();
        if (containerdImageStore == null) {
            if (majorVersion(daemonVersion) < FIRST_VERSION_WITH_CONTAINERD_STORE) {
                containerdImageStore = false;
            } else {
                containerdImageStore = askImageStore();
            }
        }
        return containerdImageStore;
    }

    static int majorVersion(String version) {
        try {
            return Integer.parseInt(version.strip().split("[.+-]")[0]);
        } catch (NumberFormatException e) {
            return Integer.MAX_VALUE;
        }
    }
}
