package io.jenkins.plugins.cacheddockerbuild.engine.steps;

import io.jenkins.plugins.cacheddockerbuild.engine.docker.TransferOutput;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Which cache source each stage got, and why a stage got none, as the load, resolve and pull steps left it;
 * read by the build steps and the report. Immutable: a step that changes it returns a new one.
 *
 * @param sourceByStage the cache image per stage id
 * @param reasonByStage why a stage has none
 * @param explicit the user's own cache refs that exist
 * @param manifests the manifest JSON the registry gave per ref (for config digests, layer sizes and, with
 *     docker, the manifest digest of a ref kept as it is)
 */
record CacheSources(Map<String, String> sourceByStage, Map<String, String> reasonByStage, Set<String> explicit,
        Map<String, String> manifests) {

    CacheSources {
        sourceByStage = Collections.unmodifiableMap(new LinkedHashMap<>(sourceByStage));
        reasonByStage = Collections.unmodifiableMap(new LinkedHashMap<>(reasonByStage));
        explicit = Collections.unmodifiableSet(new LinkedHashSet<>(explicit));
        manifests = Collections.unmodifiableMap(new LinkedHashMap<>(manifests));
    }

    /** Only the stages served from a cache archive (no registry asked). */
    static CacheSources loaded(Map<String, String> sourceByStage) {
        return new CacheSources(sourceByStage, Map.of(), Set.of(), Map.of());
    }

    String source(String stageId) {
        return sourceByStage.get(stageId);
    }

    String reason(String stageId) {
        return reasonByStage.get(stageId);
    }

    boolean hasSource(String stageId) {
        return sourceByStage.containsKey(stageId);
    }

    String manifest(String ref) {
        return manifests.get(ref);
    }

    /** The manifest digest the registry gave with {@code ref}'s manifest, or {@code null} when it named none. */
    String manifestDigest(String ref) {
        return TransferOutput.descriptorDigest(manifests.get(ref));
    }

    /** Every source in use, stage sources first, then explicit refs: the cache-from list. */
    Set<String> all() {
        Set<String> refs = new LinkedHashSet<>(sourceByStage.values());
        refs.addAll(explicit);
        return refs;
    }

    /** The same without {@code ref}: each stage it served gets {@code reason} instead. */
    CacheSources without(String ref, String reason) {
        Map<String, String> sources = new LinkedHashMap<>(sourceByStage);
        Map<String, String> reasons = new LinkedHashMap<>(reasonByStage);
        sourceByStage.forEach((stage, source) -> {
            if (source.equals(ref)) {
                sources.remove(stage);
                reasons.put(stage, reason);
            }
        });
        Set<String> others = new LinkedHashSet<>(explicit);
        others.remove(ref);
        return new CacheSources(sources, reasons, others, manifests);
    }
}
