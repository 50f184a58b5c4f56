package io.jenkins.plugins.cacheddockerbuild.engine.cache;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The cache refs of one build: per stage where to look and where to write, plus the final tags.
 *
 * @param branchTag the sanitised branch
 * @param stages one entry per stage that gets built with its own {@code --target}, in build order
 * @param finalRefs the image's final references ({@code image:tag}), in the order given
 * @param explicitCacheFrom extra cache refs the user named, passed to every build when they exist
 */
public record CachePlan(String branchTag, List<StageCache> stages, List<String> finalRefs,
        List<String> explicitCacheFrom) {

    public CachePlan {
        stages = List.copyOf(stages);
        finalRefs = List.copyOf(finalRefs);
        explicitCacheFrom = List.copyOf(explicitCacheFrom);
    }

    /** Every distinct candidate ref of every stage, in plan order: what the resolve phase asks about. */
    public List<String> allCandidates() {
        Set<String> refs = new LinkedHashSet<>();
        stages.forEach(stage -> refs.addAll(stage.candidates()));
        refs.addAll(explicitCacheFrom);
        return List.copyOf(refs);
    }

    /** The final stage's cache entry. */
    public StageCache finalStage() {
        return stages.get(stages.size() - 1);
    }
}
