package io.jenkins.plugins.cacheddockerbuild.engine.build;

import io.jenkins.plugins.cacheddockerbuild.engine.api.BuildRequest;
import io.jenkins.plugins.cacheddockerbuild.engine.api.BuilderKind;
import io.jenkins.plugins.cacheddockerbuild.engine.api.DockerUnavailableException;
import io.jenkins.plugins.cacheddockerbuild.engine.api.Phase;
import io.jenkins.plugins.cacheddockerbuild.engine.cache.ImageReference;
import java.util.concurrent.atomic.AtomicReference;

/**
 * BuildKit, publishing to a registry: the cache images are resolved while the build runs. BuildKit gets every
 * candidate as {@code --cache-from} and skips the missing ones itself, so the build does not wait for the
 * lookups; which source each stage got is needed only later ({@link CacheSources} waits for it).
 *
 * <p>BuildKit waits without end for a cache registry that accepts connections and never answers. So this
 * runs only when every candidate is in the registry the image is pushed to (with nothing there, the build
 * could not be published anyway), and if the lookups find that registry not answering, the build is stopped
 * and the run fails at once with that reason, as the push would.
 */
final class ResolveAlongside implements AutoCloseable {
    private final CacheSources sources;
    private final AtomicReference<Thread> building = new AtomicReference<>();
    private volatile boolean stopped;
    private Background<Void> resolve;

    private ResolveAlongside(CacheSources sources) {
        this.sources = sources;
    }

    /** Starts the lookups alongside the build where that is safe, else returns {@code null}. */
    static ResolveAlongside startIfSuitable(RunContext run, BuildPlan plan, BuilderKind builder, CacheSources sources,
            Events events) {
        BuildRequest request = run.request();
        String pushRegistry = ImageReference.registryOf(request.image());
        boolean oneRegistry = plan.cachePlan().allCandidates().stream()
                .allMatch(ref -> ImageReference.registryOf(ImageReference.repositoryOf(ref)).equals(pushRegistry));
        if (builder != BuilderKind.BUILDKIT || !request.push() || request.cacheDir() != null || !oneRegistry) {
            return null;
        }
        ResolveAlongside alongside = new ResolveAlongside(sources);
        sources.resolvingInBackground(plan.cachePlan().allCandidates());
        alongside.resolve = Background.start("resolve", () -> {
            try {
                events.phase(Phase.RESOLVE, "resolving cache images (while BuildKit builds)", () -> {
                    ResolveCacheStep.resolve(run, plan.cachePlan(), sources);
                    return null;
                });
            } finally {
                sources.resolved();
            }
            alongside.stopIfUnanswered();
            return null;
        });
        return alongside;
    }

    private void stopIfUnanswered() {
        if (sources.firstUnanswered() != null) {
            stopped = true;
            Thread thread = building.getAndSet(null);
            if (thread != null) {
                thread.interrupt();
            }
        }
    }

    /** Runs the build on this thread; a registry found not answering meanwhile stops it. */
    <T> T build(Events.PhaseWork<T> work) throws Exception {
        building.set(Thread.currentThread());
        try {
            return work.run();
        } catch (InterruptedException e) {
            if (stopped) {
                Thread.interrupted();
                throw unanswered();
            }
            throw e;
        } finally {
            if (building.getAndSet(null) == null && stopped) {
                Thread.interrupted();  // stopped just as the build ended: the run fails below all the same
            }
        }
    }

    /** Waits for the lookups; their failure, or a registry that did not answer, ends the run here. */
    void await() throws Exception {
        resolve.await();
        if (stopped) {
            throw unanswered();
        }
    }

    private DockerUnavailableException unanswered() {
        return new DockerUnavailableException("the registry did not answer while cache images were looked up ("
                + sources.firstUnanswered() + "); the image is pushed there, so the build was stopped");
    }

    @Override
    public void close() {
        resolve.close();
    }
}
