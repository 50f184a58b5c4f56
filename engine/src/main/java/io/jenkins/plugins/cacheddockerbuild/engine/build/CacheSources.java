package io.jenkins.plugins.cacheddockerbuild.engine.build;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

/**
 * Which cache source each stage got, and why a stage got none. Filled by the load, resolve and pull
 * steps; read by the build step and the report. Thread-safe. With BuildKit the resolve step may run
 * alongside the build ({@link #resolvingInBackground}): the build then takes every candidate as
 * {@code --cache-from} (BuildKit skips the missing ones), and whoever asks which source a stage got waits
 * until that is known.
 */
final class CacheSources {
    private final Map<String, String> sourceByStage = new LinkedHashMap<>();
    private final Map<String, String> reasonByStage = new LinkedHashMap<>();
    private final Set<String> explicitAvailable = new LinkedHashSet<>();
    private final Map<String, String> manifests = new LinkedHashMap<>();
    private CountDownLatch resolving = new CountDownLatch(0);
    private Set<String> candidates;
    private String firstUnanswered;

    /** A candidate whose registry did not answer (connection refused, timeout): remembered with the reason. */
    synchronized void unanswered(String ref, String reason) {
        if (firstUnanswered == null) {
            firstUnanswered = ref + ": " + reason;
        }
    }

    synchronized String firstUnanswered() {
        return firstUnanswered;
    }

    /** The resolve step runs alongside the build from now on; {@link #resolved()} says when it is done. */
    synchronized void resolvingInBackground(Collection<String> allCandidates) {
        resolving = new CountDownLatch(1);
        candidates = new LinkedHashSet<>(allCandidates);
    }

    /** The resolve step running alongside the build is done (or failed). */
    void resolved() {
        latch().countDown();
    }

    private synchronized CountDownLatch latch() {
        return resolving;
    }

    // Readers of the outcome wait for it; an interrupted wait gives what is known (the build is ending anyway).
    private void awaitResolved() {
        try {
            latch().await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The {@code --cache-from} list: the sources in use, or, while they are resolved alongside the build,
     * every candidate. Never waits.
     */
    Set<String> cacheFrom() {
        synchronized (this) {
            if (candidates != null) {
                return new LinkedHashSet<>(candidates);
            }
        }
        return all();
    }

    synchronized void use(String stageId, String ref) {
        sourceByStage.put(stageId, ref);
        reasonByStage.remove(stageId);
    }

    synchronized void none(String stageId, String reason) {
        sourceByStage.remove(stageId);
        reasonByStage.put(stageId, reason);
    }

    String source(String stageId) {
        awaitResolved();
        synchronized (this) {
            return sourceByStage.get(stageId);
        }
    }

    String reason(String stageId) {
        awaitResolved();
        synchronized (this) {
            return reasonByStage.get(stageId);
        }
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
    Set<String> all() {
        awaitResolved();
        synchronized (this) {
            Set<String> refs = new LinkedHashSet<>(sourceByStage.values());
            refs.addAll(explicitAvailable);
            return refs;
        }
    }

    synchronized void manifest(String ref, String json) {
        manifests.put(ref, json);
    }

    String manifest(String ref) {
        awaitResolved();
        synchronized (this) {
            return manifests.get(ref);
        }
    }
}
