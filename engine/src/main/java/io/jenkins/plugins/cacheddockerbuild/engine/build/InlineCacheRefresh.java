package io.jenkins.plugins.cacheddockerbuild.engine.build;

import io.jenkins.plugins.cacheddockerbuild.engine.api.BuilderKind;
import io.jenkins.plugins.cacheddockerbuild.engine.api.CommandResult;
import io.jenkins.plugins.cacheddockerbuild.engine.api.CommandTimeoutException;
import io.jenkins.plugins.cacheddockerbuild.engine.api.Phase;
import io.jenkins.plugins.cacheddockerbuild.engine.api.StepRecord;
import io.jenkins.plugins.cacheddockerbuild.engine.dockerfile.Stage;
import io.jenkins.plugins.cacheddockerbuild.engine.output.BuildOutputParser;
import java.util.Collection;
import java.util.List;

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
    private InlineCacheRefresh() {
    }

    /**
     * Whether the build just made needs the refresh: a BuildKit build with cache sources that took at least
     * one step from cache, for an image that leaves this daemon (pushed or saved to a cache directory).
     */
    static boolean needed(RunContext run, BuilderKind builder, Collection<String> cacheFrom, BuildOutputParser output) {
        boolean leavesDaemon = run.request().push() || run.request().cacheDir() != null;
        return builder == BuilderKind.BUILDKIT && leavesDaemon && !cacheFrom.isEmpty()
                && output.stepsByStage().values().stream().flatMap(List::stream).anyMatch(StepRecord::cached);
    }

    /**
     * Builds {@code stage} again under {@code tag} with no cache source; returns the seconds it took. The
     * first image, {@code firstImageId}, would stay on the agent without a name after each build; while the
     * refresh runs it gets a name of its own, which is removed afterwards: removing a name deletes the image
     * only if nothing else names it (another build on the daemon may have made the very same image).
     */
    static double refresh(RunContext run, BuildPlan plan, Stage stage, String tag, String firstImageId)
            throws Exception {
        List<String> argv = BuildArguments.argv(run.request(), plan, stage, tag, BuilderKind.BUILDKIT, List.of());
        run.events().info(Phase.BUILD, "stage " + stage.id() + ": building again from the local cache, without "
                + "--cache-from, so the image's inline cache keeps the steps taken from the registry "
                + "(moby/buildkit#1981)");
        long start = System.nanoTime();
        String replaced = tag + "-replaced";
        String failure;
        try (Background<CommandResult> named = firstImageId == null ? null
                : Background.start("naming the first image", () -> run.docker().run(run.docker().tag(firstImageId,
                        replaced)))) {
            try {
                CommandResult result = run.docker().run(run.docker().build(argv,
                        BuildArguments.env(run.request(), BuilderKind.BUILDKIT),
                        line -> run.events().output(Phase.BUILD, stage.id(), line)));
                failure = result.succeeded() ? null : result.reason();
            } catch (CommandTimeoutException e) {
                failure = e.getMessage();
            }
            if (named != null && named.await().succeeded()) {
                run.docker().run(run.docker().untag(List.of(replaced)));
            }
        }
        if (failure != null) {
            run.events().warn(Phase.BUILD, "stage " + stage.id() + ": could not rebuild it from the local cache ("
                    + failure + "); its image keeps incomplete inline cache metadata, so the next fresh agent may "
                    + "run again steps this build took from cache");
        }
        return (System.nanoTime() - start) / 1e9;
    }
}
