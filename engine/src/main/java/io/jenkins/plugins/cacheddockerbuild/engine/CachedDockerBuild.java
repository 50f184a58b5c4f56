package io.jenkins.plugins.cacheddockerbuild.engine;

import io.jenkins.plugins.cacheddockerbuild.engine.api.AgentFiles;
import io.jenkins.plugins.cacheddockerbuild.engine.api.BuildListener;
import io.jenkins.plugins.cacheddockerbuild.engine.api.BuildReport;
import io.jenkins.plugins.cacheddockerbuild.engine.api.BuildRequest;
import io.jenkins.plugins.cacheddockerbuild.engine.api.CachedBuildException;
import io.jenkins.plugins.cacheddockerbuild.engine.api.CommandRunner;
import io.jenkins.plugins.cacheddockerbuild.engine.steps.BuildOrchestrator;
import io.jenkins.plugins.cacheddockerbuild.engine.local.LocalAgentFiles;
import io.jenkins.plugins.cacheddockerbuild.engine.local.ProcessCommandRunner;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Entry point of the engine: a registry-cached, stage-by-stage docker build.
 *
 * <pre>{@code
 * BuildReport report = CachedDockerBuild.local(listener).build(
 *         BuildRequest.builder("registry:5000/app", "/src/app").branch("feature/login").fallback("main").build());
 * }</pre>
 *
 * Front ends supply where docker runs ({@link CommandRunner}), the files there ({@link AgentFiles}) and
 * who hears about progress ({@link BuildListener}).
 */
public final class CachedDockerBuild {
    private final CommandRunner runner;
    private final AgentFiles files;
    private final BuildListener listener;
    private final ExecutorService executor;

    private CachedDockerBuild(CommandRunner runner, AgentFiles files, BuildListener listener,
            ExecutorService executor) {
        this.runner = Objects.requireNonNull(runner, "runner");
        this.files = Objects.requireNonNull(files, "files");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.executor = executor;
    }

    /** An engine that runs docker through {@code runner} and reaches the agent's files through {@code files}. */
    public static CachedDockerBuild create(CommandRunner runner, AgentFiles files, BuildListener listener) {
        return new CachedDockerBuild(runner, files, listener, null);
    }

    /** An engine that runs docker on this machine. */
    public static CachedDockerBuild local(BuildListener listener) {
        return new CachedDockerBuild(new ProcessCommandRunner(), new LocalAgentFiles(), listener, null);
    }

    /**
     * The same engine running each build's parallel and background work (registry lookups, pulls, pushes,
     * early stage builds, the builder probe) on {@code executor}, which the caller owns and shuts down. It must
     * not bound its threads below what a build needs at once (a cached thread pool does not). Without one, each
     * build makes its own pool of daemon threads and shuts it down when it ends.
     */
    public CachedDockerBuild withExecutor(ExecutorService executor) {
        return new CachedDockerBuild(runner, files, listener, Objects.requireNonNull(executor, "executor"));
    }

    /**
     * Builds, tags and (unless told not to) pushes.
     *
     * @return the report, without the payoff analysis (see {@code ReportAnalyzer})
     * @throws CachedBuildException a failure the user can act on; {@link CachedBuildException#exitCode()}
     *     gives the documented exit code
     * @throws InterruptedException the build was cancelled; docker children were killed and temporary
     *     tags and configs removed
     */
    public BuildReport build(BuildRequest request) throws CachedBuildException, InterruptedException {
        if (executor != null) {
            return new BuildOrchestrator(request, runner, files, listener, executor).run();
        }
        ExecutorService own = Executors.newCachedThreadPool(work -> {
            Thread thread = new Thread(work, "cached-docker-build");
            thread.setDaemon(true);
            return thread;
        });
        try {
            return new BuildOrchestrator(request, runner, files, listener, own).run();
        } finally {
            own.shutdownNow();
        }
    }
}
