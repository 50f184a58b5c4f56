package io.jenkins.plugins.cacheddockerbuild.engine.cache;

import java.util.List;

/**
 * Where one stage's cache lives.
 *
 * @param stageId the stage ({@code Stage.id()})
 * @param finalStage whether this is the target stage
 * @param cacheRef the ref this build tags and pushes for the next build (this branch's cache tag)
 * @param candidates refs to try as cache source, in order: this branch, the fallbacks, explicit refs
 */
public record StageCache(String stageId, boolean finalStage, String cacheRef, List<String> candidates) {

    public StageCache {
        candidates = List.copyOf(candidates);
    }
}
