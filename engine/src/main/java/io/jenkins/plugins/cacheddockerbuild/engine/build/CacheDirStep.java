package io.jenkins.plugins.cacheddockerbuild.engine.build;

import io.jenkins.plugins.cacheddockerbuild.engine.api.CommandResult;
import io.jenkins.plugins.cacheddockerbuild.engine.api.Phase;
import io.jenkins.plugins.cacheddockerbuild.engine.cache.CachePlan;
import io.jenkins.plugins.cacheddockerbuild.engine.cache.StageCache;
import io.jenkins.plugins.cacheddockerbuild.engine.cache.TagSanitizer;
import io.jenkins.plugins.cacheddockerbuild.engine.cachedir.CacheDirectory;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The shared-directory backend: {@code docker load} the first archive of the fallback chain before the
 * build, {@code docker save} this branch's cache images after it. Any failure here is a warning: the
 * cache is never the reason a build fails.
 */
final class CacheDirStep {
    private CacheDirStep() {
    }

    /** Loads the first readable archive of the chain; returns the refs it brought onto the daemon. */
    static List<String> load(RunContext run, CacheDirectory directory, String cacheRepo, List<String> chain,
            CachePlan plan, CacheSources sources) throws Exception {
        for (String name : chain) {
            String archive = directory.archive(cacheRepo, TagSanitizer.toTag("fallback", name, TagSanitizer.MAX_TAG_LENGTH));
            if (!directory.exists(archive)) {
                continue;
            }
            CommandResult result = run.builder().load(archive);
            if (!result.succeeded()) {
                run.events().warn(Phase.LOAD, "cache archive " + archive + " could not be loaded ("
                        + result.errorLine() + "); building without it");
                continue;
            }
            directory.touch(archive);
            List<String> loaded = run.builder().loadedRefs(result);
            run.events().info(Phase.LOAD, "loaded " + loaded.size() + " cache image(s) from " + archive);
            for (StageCache stage : plan.stages()) {
                stage.candidates().stream().filter(loaded::contains).findFirst()
                        .ifPresent(ref -> sources.use(stage.stageId(), ref));
            }
            return loaded;
        }
        run.events().info(Phase.LOAD, "no cache archive in the cache directory for " + String.join(", ", chain));
        return List.of();
    }

    /** Saves this branch's cache images into the directory, atomically. */
    static void save(RunContext run, CacheDirectory directory, String cacheRepo, CachePlan plan) throws Exception {
        Set<String> refs = new LinkedHashSet<>();
        plan.stages().forEach(stage -> refs.add(stage.cacheRef()));
        String archive = directory.archive(cacheRepo, plan.branchTag());
        String partial = directory.partialFile(run.runId());
        boolean published = false;
        try {
            CommandResult result = run.builder().save(partial, new ArrayList<>(refs));
            if (!result.succeeded()) {
                run.events().warn(Phase.SAVE, "could not save the cache images to " + archive + " ("
                        + result.errorLine() + ")");
                return;
            }
            List<String> evicted = directory.publish(partial, archive);
            published = true;
            run.events().info(Phase.SAVE, "saved " + refs.size() + " cache image(s) to " + archive);
            evicted.forEach(path -> run.events().info(Phase.SAVE, "evicted " + path + " (cache directory over its size cap)"));
        } catch (java.io.IOException e) {
            run.events().warn(Phase.SAVE, "could not save the cache images to " + archive + " (" + e.getMessage() + ")");
        } finally {
            if (!published) {
                directory.discard(partial);
            }
        }
    }
}
