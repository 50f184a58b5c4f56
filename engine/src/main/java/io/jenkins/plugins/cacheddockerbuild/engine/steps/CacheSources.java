package io.jenkins.plugins.cacheddockerbuild.engine.build;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Which cache source each stage got, and why a stage got none. Filled by the load, resolve and pull
 * steps; read by the build step and the report. Thread-safe.
 */
final class CacheSources {
    private final Map<String, String> sourceByStage = new LinkedHashMap<>();
    private final Map<String, String> reasonByStage = new LinkedHashMap<>();
    private final Set<String> explicitAvailable = new LinkedHashSet<>();
    private final Map<String, String> manifests = new LinkedHashMap<>();

    synchronized void use(String stageId, String ref) {
        sourceByStage.put(stageId, ref);
        reasonByStage.remove(stageId);
    }

    synchronized void none(String stageId, String reason) {
        sourceByStage.remove(stageId);
        reasonByStage.put(stageId, reason);
    }

    synchronized String source(String stageId) {
        return sourceByStage.get(stageId);
    }

    synchronized String reason(String stageId) {
        return reasonByStage.get(stageId);
    }

    synchronized boolean hasSource(String stageId) {
        return sourceByStage.containsKey(stageId);
    }

    synchronized void explicitAvailable(String ref) {
        explicitAvailable.add(ref);
    }

    synchronized void dropExplicit(String ref) {
        explicitAvailable.remove(ref);
    }

    /** Every source in use, stage sources first, then explicit refs: the {@code --cache-from} list. */
    synchronized Set<String> all() {
        Set<String> refs = new LinkedHashSet<>(sourceByStage.values());
        refs.addAll(explicitAvailable);
        return refs;
    }

    synchronized void manifest(String ref, String json) {
        manifests.put(ref, json);
    }

    synchronized String manifest(String ref) {
        return manifests.get(ref);
    }
}
