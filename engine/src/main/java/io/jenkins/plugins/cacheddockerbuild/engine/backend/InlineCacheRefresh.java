package io.jenkins.plugins.cacheddockerbuild.engine.backend;

import io.jenkins.plugins.cacheddockerbuild.engine.api.BuildRequest;
import io.jenkins.plugins.cacheddockerbuild.engine.api.BuilderKind;
import io.jenkins.plugins.cacheddockerbuild.engine.api.CommandResult;
import io.jenkins.plugins.cacheddockerbuild.engine.api.CommandTimeoutException;
import io.jenkins.plugins.cacheddockerbuild.engine.api.DockerUnavailableException;
import io.jenkins.plugins.cacheddockerbuild.engine.api.StepRecord;
import io.jenkins.plugins.cacheddockerbuild.engine.docker.DockerCli;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * BuildKit only: rebuilds an image out of BuildKit's local cache, without {@code --cache-from}, so that the
 * inline cache metadata it carries is complete.
 *
 * <p>BuildKit in Docker 20.10 writes no layer into the inline cache record of a step whose result it took
 * from a cache imported from a registry (moby/buildkit#1981, #2274, #3660): the record is there, its
 * result is not, and the next fresh agent runs the step again. Every other build of a chain then misses.
 * The same {@code docker build} run again right away, with no cache source, finds every step in the local
 * cache, downloads nothing, and exports a record with its layer for each of them; where the metadata was
 * already complete it yields the very same image. A failed refresh keeps the first image (the build
 * stands; only the next one may miss) and says so.
 */
final class InlineCacheRefresh {
    private final DockerCli docker;
    private final BuildRequest request;

    InlineCacheRefresh(DockerCli docker, BuildRequest request) {
        this.docker = docker;
        this.request = request;
    }

    /**
     * Whether the build just made needs the refresh: a build with cache sources that took at least one step
     * from cache, for an image that leaves this daemon (pushed or saved to a cache directory).
     */
    boolean needed(StageBuildSpec spec, StageBuild built) {
        boolean leavesDaemon = request.push() || request.cacheDir() != null;
        return leavesDaemon && !spec.cacheFrom().isEmpty()
                && built.stepsByStage().values().stream().flatMap(List::stream).anyMatch(StepRecord::cached);
    }

    /**
     * Builds the stage again under the same tag with no cache source; returns the seconds it took. The
     * first image, {@code firstImageId}, would stay on the agent without a name after each build; while the
     * refresh runs it gets a name of its own, which is removed afterwards: removing a name deletes the image
     * only if nothing else names it (another build on the daemon may have made the very same image).
     */
    double refresh(StageBuildSpec spec, String firstImageId, BuildObserver observer)
            throws DockerUnavailableException, IOException, InterruptedException {
        StageBuildSpec again = spec.withCacheFrom(List.of());
        String stageId = spec.stage().id();
        observer.info("stage " + stageId + ": building again from the local cache, without "
                + "--cache-from, so the image's inline cache keeps the steps taken from the registry "
                + "(moby/buildkit#1981)");
        long start = System.nanoTime();
        String replaced = spec.tag() + "-replaced";
        FutureTask<CommandResult> named = firstImageId == null ? null
                : new FutureTask<>(() -> docker.run(docker.tag(firstImageId, replaced)));
        Thread naming = named == null ? null : new Thread(named, "cached-docker-build naming the first image");
        String failure;
        try {
            if (naming != null) {
                naming.setDaemon(true);
                naming.start();
            }
            try {
                CommandResult result = docker.run(docker.build(BuildArguments.argv(request, again, BuilderKind.BUILDKIT),
                        BuildArguments.env(request, BuilderKind.BUILDKIT), line -> observer.output(stageId, line)));
                failure = result.succeeded() ? null : result.reason();
            } catch (CommandTimeoutException e) {
                failure = e.getMessage();
            }
            if (named != null && succeeded(named)) {
                docker.run(docker.untag(List.of(replaced)));
            }
        } finally {
            if (naming != null) {
                named.cancel(true);
                naming.join();
            }
        }
        if (failure != null) {
            observer.warn("stage " + stageId + ": could not rebuild it from the local cache ("
                    + failure + "); its image keeps incomplete inline cache metadata, so the next fresh agent may "
                    + "run again steps this build took from cache");
        }
        return (System.nanoTime() - start) / 1e9;
    }

    private static boolean succeeded(FutureTask<CommandResult> named) throws InterruptedException {
        try {
            return named.get().succeeded();
        } catch (ExecutionException e) {
            return false;  // the first image only keeps no name of its own
        }
    }
}
