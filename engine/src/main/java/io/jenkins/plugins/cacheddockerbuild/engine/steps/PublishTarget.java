package io.jenkins.plugins.cacheddockerbuild.engine.steps;

import io.jenkins.plugins.cacheddockerbuild.engine.cache.CachePlan;
import io.jenkins.plugins.cacheddockerbuild.engine.cache.StageCache;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One ref to publish: its source image (a temporary tag; {@code null} for a stage kept as it is) and its kind
 * ({@code final} or {@code cache}).
 */
record PublishTarget(String ref, String sourceTag, String kind) {

    /** The final refs, then each stage's cache tag, each ref once. */
    static List<PublishTarget> of(CachePlan plan, Map<String, String> imageTags) {
        Map<String, PublishTarget> targets = new LinkedHashMap<>();
        String finalTag = imageTags.get(plan.finalStage().stageId());
        for (String ref : plan.finalRefs()) {
            targets.put(ref, new PublishTarget(ref, finalTag, "final"));
        }
        for (StageCache stage : plan.stages()) {
            targets.putIfAbsent(stage.cacheRef(),
                    new PublishTarget(stage.cacheRef(), imageTags.get(stage.stageId()), "cache"));
        }
        return List.copyOf(new ArrayList<>(targets.values()));
    }
}
