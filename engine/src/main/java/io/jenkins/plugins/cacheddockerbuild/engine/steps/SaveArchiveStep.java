package io.jenkins.plugins.cacheddockerbuild.engine.steps;

import io.jenkins.plugins.cacheddockerbuild.engine.api.CommandResult;
import io.jenkins.plugins.cacheddockerbuild.engine.api.DockerUnavailableException;
import io.jenkins.plugins.cacheddockerbuild.engine.api.Phase;
import io.jenkins.plugins.cacheddockerbuild.engine.backend.BuilderBackend;
import io.jenkins.plugins.cacheddockerbuild.engine.cache.CachePlan;
import io.jenkins.plugins.cacheddockerbuild.engine.cachedir.CacheDirectory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The shared cache directory, after the build: saves this branch's cache images into it, atomically. A
 * failure here is a warning; the result says whether the archive was written.
 */
final class SaveArchiveStep implements Step<Boolean> {
    private final BuilderBackend builder;
    private final Events events;
    private final CacheDirectory directory;
    private final String cacheRepo;
    private final CachePlan plan;
    private final String runId;

    SaveArchiveStep(BuilderBackend builder, Events events, CacheDirectory directory, String cacheRepo,
            CachePlan plan, String runId) {
        this.builder = builder;
        this.events = events;
        this.directory = directory;
        this.cacheRepo = cacheRepo;
        this.plan = plan;
        this.runId = runId;
    }

    @Override
    public Boolean call() throws DockerUnavailableException, IOException, InterruptedException {
        Set<String> refs = new LinkedHashSet<>();
        plan.stages().forEach(stage -> refs.add(stage.cacheRef()));
        String archive = directory.archive(cacheRepo, plan.branchTag());
        String partial = directory.partialFile(runId);
        boolean published = false;
        try {
            CommandResult result = builder.save(partial, new ArrayList<>(refs));
            if (!result.succeeded()) {
                events.warn(Phase.SAVE, "could not save the cache images to " + archive + " ("
                        + result.errorLine() + ")");
                return false;
            }
            List<String> evicted = directory.publish(partial, archive);
            published = true;
            events.info(Phase.SAVE, "saved " + refs.size() + " cache image(s) to " + archive);
            evicted.forEach(path -> events.info(Phase.SAVE, "evicted " + path + " (cache directory over its size cap)"));
            return true;
        } catch (IOException e) {
            events.warn(Phase.SAVE, "could not save the cache images to " + archive + " (" + e.getMessage() + ")");
            return false;
        } finally {
            if (!published) {
                directory.discard(partial);
            }
        }
    }
}
