package io.jenkins.plugins.cacheddockerbuild.engine.steps;

import io.jenkins.plugins.cacheddockerbuild.engine.api.CommandResult;
import io.jenkins.plugins.cacheddockerbuild.engine.api.CachedBuildException;
import io.jenkins.plugins.cacheddockerbuild.engine.api.Phase;
import io.jenkins.plugins.cacheddockerbuild.engine.backend.BuilderBackend;
import io.jenkins.plugins.cacheddockerbuild.engine.cache.CachePlan;
import io.jenkins.plugins.cacheddockerbuild.engine.cache.StageCache;
import io.jenkins.plugins.cacheddockerbuild.engine.cache.TagSanitizer;
import io.jenkins.plugins.cacheddockerbuild.engine.cachedir.CacheDirectory;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The shared cache directory, before the build: loads the first readable archive of the fallback chain. A
 * failure here is a warning: the cache is never the reason a build fails.
 */
final class LoadArchiveStep implements Step<LoadArchiveStep.Loaded> {

    /** What the archive brought onto the builder, and the stages it serves. */
    record Loaded(List<String> refs, Map<String, String> sourceByStage) {
        Loaded {
            refs = List.copyOf(refs);
            sourceByStage = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(sourceByStage));
        }
    }

    private final BuilderBackend builder;
    private final Events events;
    private final CacheDirectory directory;
    private final String cacheRepo;
    private final List<String> chain;
    private final CachePlan plan;

    LoadArchiveStep(BuilderBackend builder, Events events, CacheDirectory directory, String cacheRepo,
            List<String> chain, CachePlan plan) {
        this.builder = builder;
        this.events = events;
        this.directory = directory;
        this.cacheRepo = cacheRepo;
        this.chain = List.copyOf(chain);
        this.plan = plan;
    }

    @Override
    public Loaded call() throws CachedBuildException, IOException, InterruptedException {
        for (String name : chain) {
            String archive = directory.archive(cacheRepo, TagSanitizer.toTag("fallback", name, TagSanitizer.MAX_TAG_LENGTH));
            if (!directory.exists(archive)) {
                continue;
            }
            CommandResult result = builder.load(archive);
            if (!result.succeeded()) {
                events.warn(Phase.LOAD, "cache archive " + archive + " could not be loaded ("
                        + result.errorLine() + "); building without it");
                continue;
            }
            directory.touch(archive);
            List<String> loaded = builder.loadedRefs(result);
            events.info(Phase.LOAD, "loaded " + loaded.size() + " cache image(s) from " + archive);
            Map<String, String> sources = new LinkedHashMap<>();
            for (StageCache stage : plan.stages()) {
                stage.candidates().stream().filter(loaded::contains).findFirst()
                        .ifPresent(ref -> sources.put(stage.stageId(), ref));
            }
            return new Loaded(loaded, sources);
        }
        events.info(Phase.LOAD, "no cache archive in the cache directory for " + String.join(", ", chain));
        return new Loaded(List.of(), Map.of());
    }
}
